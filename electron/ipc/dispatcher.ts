import { routeDef, routeNames, type Handlers } from '../../shared/contract'
import { AppError, ErrorCode } from '../../shared/errors'
import { fail, ok, type Result } from '../../shared/result'
import type { Logger } from '../lib/logger'

/** One entry point for every shell: route name + raw input in, Result out. Never rejects. */
export type Dispatch = (route: string, input: unknown) => Promise<Result<unknown>>

/**
 * Turns the handler table into the transport-agnostic entry point.
 *
 * The IPC adapter, the loopback HTTP host and the command line all call this; none of them
 * parses input or catches errors itself (architecture.md "one catch, in the dispatcher").
 * Fails at start-up, not at call time, when a route has no handler.
 */
export interface DispatcherOptions {
  /**
   * Serve command-line-only routes (they take file-system paths). Only the `xgw` shell sets it;
   * for IPC and the browser host the dispatcher refuses them, whatever a page sends.
   */
  readonly allowCliOnly?: boolean
  readonly now?: () => number
}

export function createDispatcher(handlers: Handlers, log: Logger, options: DispatcherOptions = {}): Dispatch {
  const now = options.now ?? Date.now
  const table = new Map<string, (input: unknown) => Promise<unknown>>()
  for (const name of routeNames) {
    const [ns, method] = name.split('.') as [keyof Handlers, string]
    const impl = handlers[ns] as unknown as Record<string, (input: unknown) => Promise<unknown>> | undefined
    if (!impl || typeof impl[method] !== 'function') throw new Error(`No handler for ${name}`)
    table.set(name, (input) => impl[method]!(input)) // called on impl: keeps `this`
  }

  return async (route, rawInput) => {
    const run = table.get(route)
    const def = routeDef(route)
    if (!run || !def) return fail({ code: ErrorCode.UnknownRoute, message: `Unknown route: ${String(route).slice(0, 80)}` })
    if (def.cliOnly && !options.allowCliOnly) return fail({ code: ErrorCode.Forbidden, message: 'This route is for the command line only.' })
    const parsed = def.input.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const path = issue?.path.map(String).join('.') ?? ''
      return fail({
        code: ErrorCode.Validation,
        message: `Invalid input${path ? ` at ${path}` : ''}: ${issue?.message ?? 'does not match the contract'}`,
        details: { path },
      })
    }
    const started = now()
    try {
      const value = await run(parsed.data)
      log.info('route', { route, ms: now() - started, ok: true })
      return ok(value)
    } catch (err) {
      if (err instanceof AppError) {
        log.info('route', { route, ms: now() - started, ok: false, code: err.code })
        return fail(err.toData())
      }
      // The stack stays in the log; callers get a generic message with no paths or secrets.
      log.error('unhandled error', { route, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      return fail({ code: ErrorCode.Internal, message: 'Internal error: see the diagnostics log for details.' })
    }
  }
}

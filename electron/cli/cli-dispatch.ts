/**
 * The dispatcher `xgw` runs its commands over, built on first use and only as far as the
 * command needs (issue 12, start-up): `--help`, `--version` and usage errors load none of it;
 * `inspect` (the one-shot read the admin runs most) is served in process by the certificate
 * engine alone, without the contract's zod schemas, node-forge or a worker thread; every other
 * route goes through the shared dispatcher (createDispatcher) with its input validation, loaded
 * on the first such call. Work runs in process: a command line has no UI thread to keep free.
 */
import { AppError, ErrorCode } from '../../shared/errors'
import { fail, ok, type Result } from '../../shared/result'
import type { Dispatch } from '../ipc/dispatcher'
import type { FileLogger } from '../lib/file-logger'

export interface CliDispatchOptions {
  readonly dataDir: string
  readonly log: FileLogger
  readonly version: string
  /** The worker bundle for routes that batch heavy work (store import of a folder); inspect stays in process. */
  readonly cryptoWorker?: URL
}

/** Routes served without the contract: their input is built and typed by the xgw command itself. */
const DIRECT = new Set(['certificates.inspect'])

function isInspectInput(x: unknown): x is { data: string; password?: string } {
  const o = x as Record<string, unknown> | null
  return !!o && typeof o.data === 'string' && (o.password === undefined || typeof o.password === 'string')
}

/** `certificates.inspect` as the service runs it (service.ts), minus the output re-validation. */
async function inspectDirect(input: unknown): Promise<unknown> {
  if (!isInspectInput(input)) throw new AppError(ErrorCode.Validation, 'Invalid input: inspect needs the file data.')
  const [{ createInProcessRunner }, { inspectContainer }, { createPrimitives }] = await Promise.all([
    import('../services/certificates/crypto-runner'),
    import('../services/certificates/inspect'),
    import('../services/certificates/primitives'),
  ])
  const container = await createInProcessRunner().read(Buffer.from(input.data, 'base64'), input.password)
  return inspectContainer(createPrimitives(), container)
}

export function createCliDispatch(opts: CliDispatchOptions): Dispatch {
  let full: Promise<Dispatch> | undefined
  const loadFull = async (): Promise<Dispatch> => {
    const [{ createHandlers, createServices }, { createDispatcher }] = await Promise.all([import('../app/create-services'), import('../ipc/dispatcher')])
    const services = await createServices({ dataDir: opts.dataDir, log: opts.log, shell: 'cli', version: opts.version, diagnostics: opts.log, ...(opts.cryptoWorker ? { cryptoWorker: opts.cryptoWorker } : {}) })
    return createDispatcher(createHandlers(services), opts.log, { allowCliOnly: true })
  }
  return async (route, input): Promise<Result<unknown>> => {
    if (!DIRECT.has(route)) return (await (full ??= loadFull()))(route, input)
    // The same outcome and log line as createDispatcher for a direct route.
    const started = Date.now()
    try {
      const value = await inspectDirect(input)
      opts.log.info('route', { route, ms: Date.now() - started, ok: true })
      return ok(value)
    } catch (err) {
      if (err instanceof AppError) {
        opts.log.info('route', { route, ms: Date.now() - started, ok: false, code: err.code })
        return fail(err.toData())
      }
      opts.log.error('unhandled error', { route, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      return fail({ code: ErrorCode.Internal, message: 'Internal error: see the diagnostics log for details.' })
    }
  }
}

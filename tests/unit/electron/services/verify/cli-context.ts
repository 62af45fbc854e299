import type { Api } from '../../../../../shared/contract'
import { verify } from '../../../../../shared/contract/verify'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { fail, ok, type Result } from '../../../../../shared/result'
import type { CliContext } from '../../../../../electron/cli/command'
import type { VerifyHandlers } from '../../../../../electron/services/verify'

/**
 * A CliContext whose `api.verify` runs the real verify service the way the dispatcher does:
 * input parsed with the route's schema (VALIDATION on failure), AppError turned into a failed
 * Result, and a JSON round trip like the HTTP transport.
 */
export function verifyCliContext(svc: VerifyHandlers, opts: { json: boolean; cwd: string }) {
  let stdout = ''
  let stderr = ''
  const call = async (name: keyof VerifyHandlers, input: unknown): Promise<Result<unknown>> => {
    const parsed = verify[name].input.safeParse(JSON.parse(JSON.stringify(input ?? {})))
    if (!parsed.success) return fail({ code: ErrorCode.Validation, message: parsed.error.issues[0]?.message ?? 'invalid input' })
    try {
      const handler = svc[name] as (i: unknown) => Promise<unknown>
      return ok(JSON.parse(JSON.stringify(await handler(parsed.data))))
    } catch (e) {
      if (e instanceof AppError) return fail(e.toData())
      throw e
    }
  }
  const api = {
    verify: Object.fromEntries(Object.keys(verify).map((m) => [m, (input: unknown) => call(m as keyof VerifyHandlers, input)])),
  } as unknown as Api
  const ctx: CliContext = {
    api, json: opts.json, cwd: opts.cwd, env: {},
    out: (t) => { stdout += t },
    err: (t) => { stderr += t },
    readPassword: async () => undefined,
  }
  return { ctx, stdout: () => stdout, stderr: () => stderr }
}

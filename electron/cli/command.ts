import type { Api } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Result } from '../../shared/result'

/** How one option of a command is read from argv. */
export interface OptionSpec {
  readonly name: string // long name without dashes: 'password-file'
  readonly type: 'string' | 'boolean' | 'list' // list: repeatable, each occurrence appended
  readonly description: string
  readonly valueName?: string // shown in help: --out FILE
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>

/** What a command can use; nothing else reaches the process or the file system implicitly. */
export interface CliContext {
  /** The typed API over the same dispatcher as the other shells. */
  readonly api: Api
  readonly json: boolean
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
  out(text: string): void
  err(text: string): void
  /**
   * A password from --password-file F or --password-env VAR (or a no-echo prompt on a terminal
   * when `prompt` is given). Never from a plain argument. Undefined when none was given.
   */
  readPassword(options: OptionValues, which?: { file: string; env: string; prompt?: string }): Promise<string | undefined>
  /**
   * Prints `value` as one line of JSON, byte for byte what `out(JSON.stringify(value))` prints,
   * written in pieces: a result of thousands of certificates never exists as one string (a 10 MB
   * bundle's is some 7 MB, twice over while it is written). Contexts made by hand may leave it
   * out; {@link printJson} then prints in one piece.
   */
  outJson?(value: object): void
  /**
   * True when `route` takes a file's contents as bytes (a Uint8Array in `data`) where the contract
   * has base64 text: xgw's in-process inspect does (cli-dispatch.ts). Absent or false: base64.
   */
  takesBytes?(route: string): boolean
  /**
   * Prints the answer of `route` to `input` as one line of JSON straight from bytes the service
   * already holds, where it can (run-cli.ts CliDispatch.answerJson): true when printed; false when
   * nothing was, and the command asks the route as usual.
   */
  printAnswerJson?(route: string, input: unknown): Promise<boolean>
}

/** Prints `value` as one JSON line: in pieces when the shell can ({@link CliContext.outJson}). */
export function printJson(ctx: CliContext, value: object): void {
  if (ctx.outJson) ctx.outJson(value)
  else ctx.out(JSON.stringify(value))
}

/** Exit code of a check that ran and whose verdict is fail (check, probe, dns-check; store import with a file not imported). */
export const EXIT_CHECK_FAILED = 4

/**
 * One `xgw` subcommand. `run` returns the exit code (0 success, 2 bad input, 1 internal, 3 for
 * a probe that could not reach its target, 4 for a check that ran and failed); it throws AppError for coded failures, which the
 * runner prints as one line or as {"error":{"code","message"}} with --json.
 */
export interface Command {
  readonly name: string // 'inspect', or 'store list' for a two-word command
  readonly summary: string
  readonly usage: string // 'xgw inspect FILE [--password-file F | --password-env VAR] [--json]'
  readonly options: readonly OptionSpec[]
  run(positionals: string[], options: OptionValues, ctx: CliContext): Promise<number>
}

/** The value of a Result, or the AppError it carries: commands stay linear. */
export async function expectOk<T>(pending: Promise<Result<T>>): Promise<T> {
  const res = await pending
  if (res.ok) return res.value
  throw new AppError(res.error.code, res.error.message, res.error.details)
}

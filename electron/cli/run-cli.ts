import type { Api } from '../../shared/contract'
import { AppError, ErrorCode, isAppErrorData } from '../../shared/errors'
import type { Dispatch } from '../ipc/dispatcher'
import type { CliContext, Command, OptionValues } from './command'
import { GLOBAL_OPTIONS, parseArgv } from './parse-argv'
import { readPasswordOption } from './read-password'

export interface CliIo {
  readonly argv: readonly string[]
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
  out(text: string): void
  /** Writes bytes as they are, in order: an answer the service holds as JSON bytes already (answerJson). */
  outBytes?(pieces: readonly Uint8Array[]): void
  err(text: string): void
  prompt?: (question: string) => Promise<string>
}

/**
 * A dispatcher; one that takes a file's contents as bytes for some routes, where the contract has
 * base64, says which (xgw's own, cli-dispatch.ts, for the routes it serves in process).
 */
export type CliDispatch = Dispatch & {
  readonly takesBytes?: (route: string) => boolean
  /**
   * The route's answer as one line of JSON (newline included) in bytes, when it can be had without
   * building the value (xgw's store listing, cut from the sealed index); null: ask the route.
   */
  readonly answerJson?: (route: string, input: unknown) => Promise<readonly Uint8Array[] | null>
}

export interface CliSetup {
  readonly commands: readonly Command[]
  readonly version: string
  /** Builds the dispatcher lazily: --help and --version need no data directory. */
  dispatcher(dataDir: string | undefined): Promise<CliDispatch>
}

/** Exit codes: 0 success, 2 bad input, 1 internal error (3 is a probe's own "could not probe", 4 a failed verdict). */
const INTERNAL_CODES = new Set<string>([ErrorCode.Internal, ErrorCode.Transport, ErrorCode.StoreIo])

function findCommand(commands: readonly Command[], positionals: string[]): { command: Command; rest: string[] } | null {
  // Longest match first, so 'store list' wins over a hypothetical 'store'.
  const sorted = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
  for (const command of sorted) {
    const words = command.name.split(' ')
    if (words.every((w, i) => positionals[i] === w)) return { command, rest: positionals.slice(words.length) }
  }
  return null
}

function helpText(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    `xgw ${version}: XMPP Gateway Wizard on the command line`,
    'Every generated command targets the legacy Skype for Business Server 2015 / Lync Server 2013',
    'Management Shell: XMPP is not a feature of Skype for Business Server 2019.',
    '',
    'Usage: xgw <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...GLOBAL_OPTIONS.map((o) => `  --${o.name}${o.valueName ? ` ${o.valueName}` : ''}  ${o.description}`),
    '  --version  Print the version',
    '',
    'Passwords are read from --password-file FILE or --password-env VAR, or prompted on a terminal;',
    'never from a plain argument.',
    '',
    'Exit codes:',
    '  0  done; for check, probe and dns-check: the verdict is pass or warn',
    '  4  check, probe or dns-check ran and the verdict is fail; store import: a file was not imported',
    '  3  the target could not be reached (probe, dns-check)',
    '  2  bad input (usage, unreadable file, wrong password)',
    '  1  internal error',
    '',
  ].join('\n')
}

function commandHelp(c: Command): string {
  // A command may declare a global option itself (--json): list each name once.
  const opts = [...c.options, ...GLOBAL_OPTIONS.filter((g) => !c.options.some((o) => o.name === g.name))]
  const width = Math.max(...opts.map((o) => o.name.length + (o.valueName ? o.valueName.length + 1 : 0)))
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', ...opts.map((o) => `  --${`${o.name}${o.valueName ? ` ${o.valueName}` : ''}`.padEnd(width)}  ${o.description}${o.type === 'list' ? ' (repeatable)' : ''}`), ''].join('\n')
}

/**
 * The typed `api.namespace.method(input)` tree over the dispatcher, built on demand: unlike
 * shared/client's createApi it needs no contract at run time, so a command that never reaches a
 * zod-validated route never loads zod (issue 12, start-up).
 */
function routeApi(dispatch: Dispatch): Api {
  const namespace = (ns: string) => new Proxy({}, { get: (_t, method) => (input: unknown) => dispatch(`${ns}.${String(method)}`, input ?? {}) })
  return new Proxy({}, { get: (_t, ns) => namespace(String(ns)) }) as Api
}

/** Pieces of output are gathered up to this size per write: one write per element would be thousands of system calls. */
const WRITE_BATCH = 64 * 1024

function* arrayPieces(a: readonly unknown[]): Generator<string> {
  yield '['
  // An element JSON cannot represent (undefined, a function) is null in an array, as JSON.stringify writes it.
  for (let i = 0; i < a.length; i++) yield `${i ? ',' : ''}${JSON.stringify(a[i]) ?? 'null'}`
  yield ']'
}

/**
 * JSON.stringify(value) as a series of strings whose concatenation is exactly that text: the
 * arrays of a top-level object (or a top-level array) one element at a time, anything else whole.
 */
export function* jsonPieces(value: object): Generator<string> {
  if (Array.isArray(value)) {
    yield* arrayPieces(value)
    return
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield JSON.stringify(value)
    return
  }
  yield '{'
  let first = true
  for (const [key, member] of Object.entries(value)) {
    const whole = Array.isArray(member) ? null : (JSON.stringify(member) as string | undefined)
    // A member JSON cannot represent (undefined, a function) is left out, as JSON.stringify does.
    if (whole === undefined) continue
    yield `${first ? '' : ','}${JSON.stringify(key)}:`
    first = false
    if (whole === null) yield* arrayPieces(member as unknown[])
    else yield whole
  }
  yield '}'
}

/**
 * The `xgw` shell over the dispatcher: parses argv, runs one command, prints its result or one
 * coded error line ({"error":{"code","message"}} with --json), and returns the exit code.
 */
export async function runCli(io: CliIo, setup: CliSetup): Promise<number> {
  const json = io.argv.includes('--json')
  const report = (err: unknown): number => {
    const data = err instanceof AppError ? err.toData() : isAppErrorData(err) ? err : { code: ErrorCode.Internal, message: 'Internal error: see the diagnostics log.' }
    if (json) io.out(`${JSON.stringify({ error: { code: data.code, message: data.message } })}\n`)
    else io.err(`xgw: ${data.message} [${data.code}]\n`)
    return INTERNAL_CODES.has(data.code) ? 1 : 2
  }
  try {
    if (io.argv.length === 0 || (io.argv.length === 1 && (io.argv[0] === '--help' || io.argv[0] === 'help'))) {
      io.out(helpText(setup.commands, setup.version))
      return io.argv.length === 0 ? 2 : 0
    }
    if (io.argv.includes('--version') && !io.argv.includes('--')) {
      io.out(json ? `${JSON.stringify({ version: setup.version })}\n` : `${setup.version}\n`)
      return 0
    }
    // First pass with only global options known, to find the command among the positionals.
    // The command's words are the positionals; a value after an option that takes one is not.
    const takesValue = new Set([...GLOBAL_OPTIONS, ...setup.commands.flatMap((c) => c.options)].filter((o) => o.type !== 'boolean').map((o) => `--${o.name}`))
    const words: string[] = []
    for (let i = 0; i < io.argv.length; i++) {
      const a = io.argv[i]!
      if (a === '--') break
      if (a.startsWith('-') && a !== '-') {
        if (!a.includes('=') && takesValue.has(a)) i++
        continue
      }
      words.push(a)
    }
    const found = findCommand(setup.commands, words)
    if (!found) {
      if (io.argv.includes('--help')) {
        io.out(helpText(setup.commands, setup.version))
        return 0
      }
      throw new AppError(ErrorCode.Usage, `Unknown command "${words.slice(0, 2).join(' ') || io.argv[0]}". Run xgw --help for the list.`)
    }
    const { command } = found
    const { positionals, options } = parseArgv(io.argv, command.options)
    if (options.help) {
      io.out(commandHelp(command))
      return 0
    }
    const rest = positionals.slice(command.name.split(' ').length)
    const dispatch = await setup.dispatcher(typeof options['data-dir'] === 'string' ? options['data-dir'] : undefined)
    const ctx: CliContext = {
      api: routeApi(dispatch),
      json,
      cwd: io.cwd,
      env: io.env,
      // Every write ends its line, whatever the command passed.
      out: (t) => io.out(t.endsWith('\n') ? t : `${t}\n`),
      err: (t) => io.err(t.endsWith('\n') ? t : `${t}\n`),
      outJson: (value) => {
        let batch = ''
        for (const piece of jsonPieces(value)) {
          batch += piece
          if (batch.length >= WRITE_BATCH) {
            io.out(batch)
            batch = ''
          }
        }
        io.out(`${batch}\n`)
      },
      // io.prompt is read only when a password is to be asked for: xgw's builds process.stdin (start-up).
      readPassword: (opts: OptionValues, which = { file: 'password-file', env: 'password-env', prompt: 'Password: ' }) =>
        readPasswordOption(opts, which, {
          cwd: io.cwd,
          env: io.env,
          get prompt() {
            return io.prompt
          },
        }),
      takesBytes: (route) => dispatch.takesBytes?.(route) ?? false,
      printAnswerJson: async (route, input) => {
        const pieces = io.outBytes && dispatch.answerJson ? await dispatch.answerJson(route, input) : null
        if (!pieces) return false
        io.outBytes!(pieces)
        return true
      },
    }
    return await command.run(rest, options, ctx)
  } catch (err) {
    return report(err)
  }
}

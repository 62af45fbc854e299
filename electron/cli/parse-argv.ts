import { AppError, ErrorCode } from '../../shared/errors'
import type { OptionSpec, OptionValues } from './command'

/** Options every command understands. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'json', type: 'boolean', description: 'Print machine-readable JSON' },
  { name: 'help', type: 'boolean', description: 'Show help' },
  { name: 'data-dir', type: 'string', valueName: 'DIR', description: 'Data directory (default: XGW_DATA_DIR or the per-user folder)' },
]

/**
 * Splits argv into positionals and options, accepting options before or after positional
 * arguments, `--name value` and `--name=value`, and `--` to end options. Unknown options and
 * missing values are usage errors (exit 2), never silently ignored.
 */
export function parseArgv(argv: readonly string[], specs: readonly OptionSpec[]): { positionals: string[]; options: OptionValues } {
  const byName = new Map([...GLOBAL_OPTIONS, ...specs].map((s) => [s.name, s]))
  const positionals: string[] = []
  const options: OptionValues = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new AppError(ErrorCode.Usage, `Unknown option ${arg}; options are written --name.`)
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq >= 0 ? eq : undefined)
    const spec = byName.get(name)
    if (!spec) throw new AppError(ErrorCode.Usage, `Unknown option --${name}. See --help.`)
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new AppError(ErrorCode.Usage, `--${name} takes no value.`)
      options[name] = true
      continue
    }
    let value: string | undefined
    if (eq >= 0) value = arg.slice(eq + 1)
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]
    if (value === undefined) throw new AppError(ErrorCode.Usage, `--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}.`)
    if (spec.type === 'list') options[name] = [...((options[name] as string[] | undefined) ?? []), value]
    else options[name] = value
  }
  return { positionals, options }
}

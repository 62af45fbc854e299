import { readFile, stat } from 'node:fs/promises'
import { extname, isAbsolute, resolve } from 'node:path'

/** The extension the installer associates with the app (electron-builder.yml fileAssociations). */
export const PROJECT_EXTENSION = '.xgwproj'
/** A project file is a few hundred kilobytes at most; anything far bigger is not one. */
export const MAX_PROJECT_FILE_BYTES = 16 * 1024 * 1024

/**
 * Project files named on a command line: what Windows passes when a .xgwproj is double-clicked
 * ("…\XMPP Gateway Wizard.exe" "C:\path\file.xgwproj"), at the first start or to the second
 * instance. argv[0] (the executable) and switches are skipped; relative paths are taken from `cwd`.
 */
export function projectFilesInArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-') && extname(a).toLowerCase() === PROJECT_EXTENSION)
    .map((a) => (isAbsolute(a) ? a : resolve(cwd, a)))
}

export interface ProjectFileOpenerDeps {
  /** Imports the file's text as a project (the project.importFile route); resolves to an error message or null. */
  importContent(content: string): Promise<string | null>
  /** Tells the window to reload the projects (it shows the imported one). */
  opened(): void
  /** Reports a file that could not be opened. */
  failed(message: string): void
}

/**
 * Opens project files handed over by the desktop: the file is read and imported as a new project,
 * then the window is told. Files that arrive before the services exist (macOS sends 'open-file'
 * before 'ready'; argv is known at once) wait in a queue until `ready()` is called with the deps.
 */
export function createProjectFileOpener() {
  const queue: string[] = []
  let deps: ProjectFileOpenerDeps | null = null
  let chain: Promise<void> = Promise.resolve()

  async function openOne(d: ProjectFileOpenerDeps, file: string): Promise<void> {
    try {
      const info = await stat(file)
      if (!info.isFile()) throw new Error('not a file')
      if (info.size > MAX_PROJECT_FILE_BYTES) throw new Error(`larger than ${MAX_PROJECT_FILE_BYTES / 1024 / 1024} MB, so not a project file`)
      const problem = await d.importContent(await readFile(file, 'utf8'))
      if (problem) d.failed(`${file} could not be opened: ${problem}`)
      else d.opened()
    } catch (e) {
      d.failed(`${file} could not be opened: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
    }
  }

  function open(file: string): Promise<void> {
    if (!deps) {
      queue.push(file)
      return chain
    }
    const d = deps
    chain = chain.then(() => openOne(d, file)) // one at a time, in the order they came
    return chain
  }

  return {
    open,
    /** Services are up: opens what was queued, in order, and everything after it at once. */
    ready(d: ProjectFileOpenerDeps): Promise<void> {
      deps = d
      for (const f of queue.splice(0)) void open(f)
      return chain
    },
    /** Files queued so far (for tests). */
    pending: () => [...queue],
  }
}

/** The switch that runs the bundled command line instead of the window (see docs/packaging.md). */
export const CLI_SWITCH = '--xgw-cli'

/**
 * The command-line arguments when the app was started as `xgw` (`<exe> --xgw-cli -- ARGS…`), else
 * null. Chromium stops reading switches at `--`, so the xgw arguments after it stay untouched.
 */
export function cliArgsFromArgv(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(CLI_SWITCH)
  if (at < 1) return null
  const rest = argv.slice(at + 1)
  return rest[0] === '--' ? rest.slice(1) : rest
}

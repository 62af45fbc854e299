import pkg from '../../package.json'
import { resolveDataDir } from '../app/paths'
import { createFileLogger, type FileLogger } from '../lib/file-logger'
import { createCliDispatch } from './cli-dispatch'
import { allCommands } from './commands'
import { runCli } from './run-cli'
import { terminalPrompt } from './read-password'

/**
 * Runs `xgw` with this process's streams: from Node (bin/xgw.cjs → dist-electron/cli/xgw.cjs) and from
 * the installed app (`XMPP Gateway Wizard.exe --xgw-cli -- ARGS`, see docs/packaging.md). Both
 * resolve the data folder with the same resolveDataDir, so they see the same projects.
 */
export async function runXgwProcess(argv: string[], cryptoWorker: () => URL): Promise<number> {
  // `xgw … | head`: once the reader has gone, the rest of the output has nowhere to go. That is
  // the reader's choice, not a crash: stop quietly, as a pipeline expects. A stream gets the
  // handler on its first write: Node builds process.stderr (on a pipe, with net's modules) and
  // process.stdin only when first touched, and most runs never write an error or ask a question.
  const watched = new Set<NodeJS.WriteStream>()
  const write = (stream: NodeJS.WriteStream, text: string | Uint8Array) => {
    if (!watched.has(stream)) {
      watched.add(stream)
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
        throw e
      })
    }
    stream.write(text)
  }
  let log: FileLogger | undefined
  const code = await runCli(
    {
      argv,
      cwd: process.cwd(),
      env: process.env,
      out: (t) => write(process.stdout, t),
      outBytes: (pieces) => {
        for (const b of pieces) write(process.stdout, b)
      },
      err: (t) => write(process.stderr, t),
      get prompt() {
        return process.stdin.isTTY ? terminalPrompt(process.stdin, process.stderr) : undefined
      },
    },
    {
      commands: allCommands,
      version: pkg.version,
      // Built only when a command runs, and then only as far as that command needs (cli-dispatch.ts).
      async dispatcher(dataDirOption) {
        const env = dataDirOption ? { ...process.env, XGW_DATA_DIR: dataDirOption } : process.env
        const dataDir = resolveDataDir({ env, platform: process.platform })
        // Its one notice of a failed log write goes out with the command's other output (flushed below).
        log = createFileLogger({ dataDir, syncWrites: true, stderr: (t) => write(process.stderr, t) })
        return createCliDispatch({ dataDir, log, version: pkg.version, cryptoWorker })
      },
    },
  )
  // Answered only once everything the command wrote is out, the log and then the standard
  // streams it used: the caller may end the process at once (bin/xgw.cjs, the app's --xgw-cli).
  await log?.flush()
  await Promise.all([...watched].map((s) => new Promise<void>((done) => (s.destroyed ? done() : s.write('', () => done())))))
  return code
}

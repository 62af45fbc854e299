import { version } from '../../package.json'
import { resolveDataDir } from '../app/paths'
import { createFileLogger } from '../lib/file-logger'
import { createCliDispatch } from './cli-dispatch'
import { allCommands } from './commands'
import { runCli } from './run-cli'
import { terminalPrompt } from './read-password'

// `xgw … | head`: once the reader has gone, the rest of the output has nowhere to go. That is
// the reader's choice, not a crash: stop quietly, as a pipeline expects.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}

const code = await runCli(
  {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    prompt: process.stdin.isTTY ? terminalPrompt(process.stdin, process.stderr) : undefined,
  },
  {
    commands: allCommands,
    version,
    // Built only when a command runs, and then only as far as that command needs (cli-dispatch.ts).
    async dispatcher(dataDirOption) {
      const env = dataDirOption ? { ...process.env, XGW_DATA_DIR: dataDirOption } : process.env
      const dataDir = resolveDataDir({ env, platform: process.platform })
      return createCliDispatch({ dataDir, log: createFileLogger({ dataDir }), version })
    },
  },
)
process.exitCode = code

import pkg from '../../package.json'
import { createHandlers, createServices } from '../app/create-services'
import { resolveDataDir } from '../app/paths'
import { createDispatcher } from '../ipc/dispatcher'
import { createFileLogger } from '../lib/file-logger'
import { allCommands } from './commands'
import { runCli } from './run-cli'
import { terminalPrompt } from './read-password'

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
    version: pkg.version,
    async dispatcher(dataDirOption) {
      const env = dataDirOption ? { ...process.env, XGW_DATA_DIR: dataDirOption } : process.env
      const dataDir = resolveDataDir({ env, platform: process.platform })
      const log = createFileLogger({ dataDir })
      const services = await createServices({ dataDir, log, shell: 'cli', version: pkg.version, diagnostics: log, cryptoWorker: new URL(/* @vite-ignore */ './crypto-worker.js', import.meta.url) })
      return createDispatcher(createHandlers(services), log, { allowCliOnly: true })
    },
  },
)
process.exitCode = code

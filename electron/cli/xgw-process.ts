import pkg from '../../package.json'
import { createHandlers, createServices } from '../app/create-services'
import { resolveDataDir } from '../app/paths'
import { createDispatcher } from '../ipc/dispatcher'
import { createFileLogger } from '../lib/file-logger'
import { allCommands } from './commands'
import { runCli } from './run-cli'
import { terminalPrompt } from './read-password'

/**
 * Runs `xgw` with this process's streams: from Node (bin/xgw.mjs → dist-electron/xgw.js) and from
 * the installed app (`XMPP Gateway Wizard.exe --xgw-cli -- ARGS`, see docs/packaging.md). Both
 * resolve the data folder with the same resolveDataDir, so they see the same projects.
 */
export function runXgwProcess(argv: string[], cryptoWorker: URL): Promise<number> {
  return runCli(
    {
      argv,
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
        const services = await createServices({ dataDir, log, shell: 'cli', version: pkg.version, diagnostics: log, cryptoWorker })
        return createDispatcher(createHandlers(services), log, { allowCliOnly: true })
      },
    },
  )
}

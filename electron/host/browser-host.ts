import { rm } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import pkg from '../../package.json'
import { createHandlers, createServices } from '../app/create-services'
import { resolveDataDir } from '../app/paths'
import { createDispatcher } from '../ipc/dispatcher'
import { createFileLogger } from '../lib/file-logger'
import { logUncaught } from '../lib/log-uncaught'
import { startHttpHost } from './http-host'
import { openWithDesktop, writeLaunchFile } from '../lib/desktop-open'
import { parseArgs } from 'node:util'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'no-open': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write('Usage: npm run start:browser -- [--port N] [--no-open] [--data-dir DIR]\n')
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not ${values.port}`)
  const env = values['data-dir'] ? { ...process.env, XGW_DATA_DIR: values['data-dir'] } : process.env
  const dataDir = resolveDataDir({ env, platform: process.platform })
  const log = createFileLogger({ dataDir })
  logUncaught(process, log, () => void log.flush().finally(() => process.exit(1)))
  const services = await createServices({ dataDir, log, shell: 'browser', version: pkg.version, diagnostics: log, openPath: openWithDesktop, cryptoWorker: new URL(/* @vite-ignore */ './crypto-worker.js', import.meta.url) })
  const dispatch = createDispatcher(createHandlers(services), log)
  const host = await startHttpHost({ dispatch, rendererDir: fileURLToPath(new URL(/* @vite-ignore */ '../dist/', import.meta.url)), port, exportsDir: services.paths.exportsDir })
  process.stdout.write(`Listening on ${host.url}\n`)
  log.info('browser host listening', { port: host.port })
  // The browser gets a user-only launch file, never the token on its command line.
  const launch = values['no-open'] ? null : await writeLaunchFile(dataDir, host.url)
  if (launch && !(await openWithDesktop(pathToFileURL(launch).href))) {
    process.stderr.write('Could not open a browser; open the address above yourself.\n')
  }
  const stop = () => void Promise.all([host.close(), launch ? rm(launch, { force: true }) : null]).then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`xgw browser host: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(err instanceof TypeError ? 2 : 1)
})

import { pathToFileURL } from 'node:url'
import { runXgwProcess } from './xgw-process'

// Built as CommonJS into dist-electron/cli (vite.electron.config.ts --mode cli), beside the
// certificate worker's folder.
void runXgwProcess(process.argv.slice(2), new URL('../crypto-worker.js', pathToFileURL(__filename))).then((code) => {
  process.exitCode = code
})

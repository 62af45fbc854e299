import { pathToFileURL } from 'node:url'
import { runXgwProcess } from './xgw-process'

// Built as CommonJS into dist-electron/cli (vite.electron.config.ts --mode cli), beside the
// certificate worker's folder. The process ends as soon as the command has answered (its output
// and log are written by then): Node would otherwise run the event loop's remaining idle work,
// such as a garbage collection, and take the heap apart first, about 5 ms of an `xgw inspect`.
void runXgwProcess(process.argv.slice(2), () => new URL('../crypto-worker.js', pathToFileURL(__filename))).then((code) => process.exit(code))

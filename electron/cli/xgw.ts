import { runXgwProcess } from './xgw-process'

process.exitCode = await runXgwProcess(process.argv.slice(2), new URL(/* @vite-ignore */ './crypto-worker.js', import.meta.url))

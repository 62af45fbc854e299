#!/usr/bin/env node
// The `xgw` command: a thin launcher for the built command line (dist-electron/xgw.js).
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'

const built = fileURLToPath(new URL('../dist-electron/xgw.js', import.meta.url))
if (!existsSync(built)) {
  process.stderr.write('xgw: the command line is not built yet; run "npm run build" in the project folder first. [INTERNAL]\n')
  process.exit(1)
}
await import(pathToFileURL(built).href)

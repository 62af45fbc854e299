#!/usr/bin/env node
// The `xgw` command: a thin launcher for the built command line (dist-electron/xgw.js).
// Node's own modules come from process.getBuiltinModule (Node >= 20.16): importing node:fs as an
// ES module builds a namespace of all its exports, which loads its stream classes (start-up).
const fs = process.getBuiltinModule('node:fs')
const nodeModule = process.getBuiltinModule('node:module')

const built = new URL('../dist-electron/xgw.js', import.meta.url)
if (!fs.existsSync(built)) {
  process.stderr.write('xgw: the command line is not built yet; run "npm run build" in the project folder first. [INTERNAL]\n')
  process.exit(1)
}
// Node's on-disk compile cache (Node >= 22.1) spares re-compiling the bundle on every start;
// older Node has no such API and simply compiles.
try {
  nodeModule.enableCompileCache?.()
} catch {
  // A read-only cache folder only costs the speed-up.
}
await import(built.href)

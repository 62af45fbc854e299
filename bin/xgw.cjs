#!/usr/bin/env node
'use strict'
// The `xgw` command: a thin launcher for the built command line (dist-electron/cli). It is
// CommonJS, like what it loads, so that Node does not start its ES module loader for a one-shot
// command, and the built files can be compiled from V8 code caches (electron/cli/code-cache.ts).
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const dir = join(__dirname, '..', 'dist-electron', 'cli')
if (!existsSync(join(dir, 'xgw.cjs'))) {
  process.stderr.write('xgw: the command line is not built yet; run "npm run build" in the project folder first. [INTERNAL]\n')
  process.exit(1)
}
require(join(dir, 'code-cache.cjs')).runCommandLine(join(dir, 'xgw.cjs'), process.argv.slice(2), require)

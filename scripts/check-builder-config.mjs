#!/usr/bin/env node
// Offline check of an electron-builder config: the same schema validation electron-builder runs
// before it downloads anything (toolchain.md §10, pitfall P17), plus a check that every local file
// the config names (icons, NSIS include) exists, because the schema cannot see the file system.
//
// Usage: node scripts/check-builder-config.mjs [config.yml …]   (default: electron-builder.yml)
// Exit code 0 when every file is valid, 1 with the reasons on stderr otherwise.
import { createRequire } from 'node:module'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

// Resolve from app-builder-lib so npm hoisting does not matter; out/util/config/config.js is
// internal API of electron-builder 26.17, pinned in package.json.
const fromRoot = createRequire(import.meta.url)
const require = createRequire(fromRoot.resolve('app-builder-lib/package.json'))
const yaml = require('js-yaml')
const { validateConfiguration } = require('./out/util/config/config.js')
const { DebugLogger } = require('builder-util')

/** Local paths the config refers to, as [config key, path] pairs. */
function referencedPaths(config) {
  const refs = [
    ['win.icon', config.win?.icon],
    ['linux.icon', config.linux?.icon],
    ['nsis.include', config.nsis?.include],
    ['nsis.installerIcon', config.nsis?.installerIcon],
    ['nsis.uninstallerIcon', config.nsis?.uninstallerIcon],
  ]
  return refs.filter(([, p]) => typeof p === 'string')
}

/** Validates one config file; resolves to the problems found (empty when valid). */
async function check(file) {
  try {
    const config = yaml.load(readFileSync(file, 'utf8'))
    await validateConfiguration(config, new DebugLogger(false))
    // electron-builder resolves these against the project directory, which is where the config lives.
    return referencedPaths(config)
      .filter(([, p]) => !existsSync(resolve(dirname(file), p)))
      .map(([key, p]) => `${key}: ${p} does not exist`)
  } catch (e) {
    return [String(e?.message ?? e)]
  }
}

const files = process.argv.length > 2 ? process.argv.slice(2) : ['electron-builder.yml']
let failed = false
for (const file of files.map((f) => resolve(f))) {
  const problems = await check(file)
  if (problems.length === 0) {
    console.log(`${file}: valid electron-builder configuration`)
  } else {
    failed = true
    console.error(`${file}: INVALID\n${problems.join('\n')}\n`)
  }
}
process.exit(failed ? 1 : 0)

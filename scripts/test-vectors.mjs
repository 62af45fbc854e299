#!/usr/bin/env node
// Runs every check of a vectors manifest against the directory given, in place (never copied):
//   node scripts/test-vectors.mjs ../shared/vectors
// Prints one plain summary line; exit code 0 only when every check passed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const arg = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? process.env.XGW_VECTORS_DIR
if (!arg) {
  console.error('usage: node scripts/test-vectors.mjs VECTORS_DIR')
  process.exit(2)
}
const dir = path.resolve(process.cwd(), arg)
if (!existsSync(path.join(dir, 'manifest.json'))) {
  console.error(`no manifest.json in ${dir}`)
  process.exit(2)
}
const tmp = mkdtempSync(path.join(tmpdir(), 'xgw-vectors-'))
const summary = path.join(tmp, 'summary.txt')
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs')
const r = spawnSync(process.execPath, [vitest, 'run', '-c', 'vitest.vectors.config.ts', '--reporter=dot'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, XGW_VECTORS_DIR: dir, XGW_VECTORS_SUMMARY: summary },
})
const line = existsSync(summary) ? readFileSync(summary, 'utf8').trim() : 'vectors: no summary (the run did not finish)'
rmSync(tmp, { recursive: true, force: true })
console.log(`${line}; ${r.status === 0 ? 'PASS' : 'FAIL'}`)
process.exit(r.status === 0 ? 0 : 1)

#!/usr/bin/env node
// Runs every check of a vectors manifest against the directory given, in place (never copied):
//   node scripts/test-vectors.mjs ../shared/vectors
// Prints one plain summary line; exit code 0 only when every check passed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const reportAt = args.indexOf('--report')
const report = reportAt >= 0 ? args[reportAt + 1] : undefined
// The directory is the first word that is neither an option nor the value of --report.
const arg = args.find((a, i) => !a.startsWith('-') && (reportAt < 0 || i !== reportAt + 1)) ?? process.env.XGW_VECTORS_DIR
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
// --report FILE: counts for CI's closing line ("N passed, N failed").
if (report) {
  const m = /(\d+) checks, (\d+) as expected, (\d+) acceptable, (\d+) failed/.exec(line)
  const counts = m ? { passed: Number(m[2]) + Number(m[3]), failed: Number(m[4]) + (r.status === 0 ? 0 : 1), skipped: 0 } : { passed: 0, failed: 1, skipped: 0 }
  mkdirSync(path.dirname(path.resolve(root, report)), { recursive: true })
  writeFileSync(path.resolve(root, report), JSON.stringify(counts))
}
process.exit(r.status === 0 ? 0 : 1)

// `npm test`: type-check, lint (ESLint), format (Prettier), test-file names, builder-config check,
// build, bundle smoke, unit + integration (vitest), end-to-end (Playwright in Debian's Chromium).
// A skipped test fails the run unless it carries a reason (tests/helpers/skip.ts, or Playwright's
// test.skip(condition, reason)); the reasons are printed before the summary. Every stage runs even after a failure,
// so one run shows everything; the exit code is non-zero when anything failed. The last line is
// the plain "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const reports = join(root, 'ci-reports')
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })
const t0 = Date.now()
const failures = []

function stage(name, cmd, args, env = {}) {
  const started = Date.now()
  process.stdout.write(`\n=== ${name}\n`)
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  const ok = res.status === 0
  process.stdout.write(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  if (!ok) failures.push(name)
  return ok
}
const read = (f) => {
  try {
    return JSON.parse(readFileSync(join(reports, f), 'utf8'))
  } catch {
    return null
  }
}

stage('type-check (vue-tsc -b)', 'npx', ['vue-tsc', '-b'])
stage('lint (eslint)', 'npx', ['eslint', '.', '--max-warnings', '0'])
stage('format (prettier --check)', 'npx', ['prettier', '--check', '--log-level', 'warn', '.'])
stage('test files are where their runner looks', 'node', ['scripts/check-test-files.mjs'])
stage('electron-builder.yml schema check (offline)', 'node', ['scripts/check-builder-config.mjs'])
const built = stage('build (renderer, main, preload, host, cli)', 'node', ['scripts/build-if-needed.mjs', '--force'])
if (built) stage('smoke: built main.js with a stand-in electron', 'node', ['--import', './tests/smoke/register.mjs', 'tests/smoke/run-main.mjs'])
stage('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`])
if (built) {
  stage('end-to-end (Playwright, Debian Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: join(reports, 'playwright.json'),
  })
}

const v = read('vitest.json')
const p = read('playwright.json')

// Every skipped test names its reason; one that does not is a failure (it would hide a gap).
const skips = []
for (const file of v?.testResults ?? []) {
  for (const t of file.assertionResults ?? []) {
    if (t.status !== 'passed' && t.status !== 'failed') skips.push({ name: `${file.name.replace(root, '')} > ${t.fullName}`, reason: t.meta?.skipReason })
  }
}
const walk = (suite) => {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status === 'skipped') skips.push({ name: `${spec.file} > ${spec.title}`, reason: (t.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme')?.description })
    }
  }
  for (const child of suite.suites ?? []) walk(child)
}
for (const suite of p?.suites ?? []) walk(suite)
const unexplained = skips.filter((s) => !s.reason)
if (skips.length)
  process.stdout.write(`
skipped tests:
${skips.map((s) => `  ${s.name}: ${s.reason ?? 'NO REASON GIVEN'}`).join('\n')}\n`)
if (unexplained.length) failures.push(`${unexplained.length} skipped test(s) without a reason`)
const passed = (v?.numPassedTests ?? 0) + (p?.stats?.expected ?? 0) + (p?.stats?.flaky ?? 0)
const stagesFailedWithoutCounts = failures.filter((f) => !f.startsWith('unit') && !f.startsWith('end-to-end')).length
const failed = (v?.numFailedTests ?? 0) + (p?.stats?.unexpected ?? 0) + stagesFailedWithoutCounts + (v ? 0 : 1) + (p || !built ? 0 : 1)
const skipped = (v?.numPendingTests ?? 0) + (v?.numTodoTests ?? 0) + (p?.stats?.skipped ?? 0)
writeFileSync(join(reports, 'summary.json'), JSON.stringify({ passed, failed, skipped, failures }))
process.stdout.write(`\nvitest: ${v?.numPassedTests ?? '?'} passed, ${v?.numFailedTests ?? '?'} failed; playwright: ${p?.stats?.expected ?? '?'} passed, ${p?.stats?.unexpected ?? '?'} failed; ${((Date.now() - t0) / 1000).toFixed(0)} s\n`)
if (failures.length) process.stdout.write(`failed stages: ${failures.join('; ')}\n`)
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`)
process.exit(failures.length || failed ? 1 : 0)

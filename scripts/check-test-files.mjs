#!/usr/bin/env node
// A test file the runners would never pick up passes silently forever. This check fails the run
// when a file under tests/ declares tests (imports vitest or @playwright/test and calls
// describe/it/test) but sits where no runner looks, or is named for the other runner.
//   node scripts/check-test-files.mjs [--root DIR]
// Keep the patterns in step with vitest.config.ts, vitest.vectors.config.ts and playwright.config.ts.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const VITEST = [/^tests\/unit\/(electron|shared|renderer)\/.+\.test\.ts$/, /^tests\/integration\/.+\.test\.ts$/, /^tests\/vectors\/.+\.test\.ts$/]
const PLAYWRIGHT = [/^tests\/e2e\/.+\.spec\.ts$/]
const DECLARES_TESTS = /^\s*(describe|it|test)(\.[a-zA-Z]+)*\s*\(/m
// A helper module (not named like a test) may wrap describe/it inside its functions; it is a
// misplaced test file only when it declares tests at the top level.
const DECLARES_TOP_LEVEL_TESTS = /^(describe|it|test)(\.[a-zA-Z]+)*\s*\(/m

const args = process.argv.slice(2)
const at = args.indexOf('--root')
const root = at >= 0 && args[at + 1] ? args[at + 1] : new URL('..', import.meta.url).pathname

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') yield* files(p)
    } else if (/\.(c|m)?[jt]sx?$/.test(e.name)) yield p
  }
}

const problems = []
for (const file of files(join(root, 'tests'))) {
  const rel = relative(root, file).split(sep).join('/')
  const text = readFileSync(file, 'utf8')
  const named = /\.(test|spec)\.[cm]?[jt]sx?$/.test(rel)
  const declares = (named ? DECLARES_TESTS : DECLARES_TOP_LEVEL_TESTS).test(text)
  const vitest = /from ['"]vitest['"]/.test(text) && declares
  // Playwright specs often import `test` from a local fixtures module rather than @playwright/test.
  const playwright = !vitest && /import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*['"]/.test(text) && declares
  if (vitest && !VITEST.some((re) => re.test(rel))) problems.push(`${rel}: declares vitest tests but vitest does not run it (name it *.test.ts under tests/unit/{electron,shared,renderer}, tests/integration or tests/vectors)`)
  else if (playwright && !PLAYWRIGHT.some((re) => re.test(rel))) problems.push(`${rel}: declares Playwright tests but Playwright does not run it (name it *.spec.ts under tests/e2e)`)
  else if (named && !vitest && !playwright) problems.push(`${rel}: named like a test file but declares no tests either runner would run`)
}
if (problems.length) {
  process.stderr.write(`${problems.length} test file(s) no runner picks up:\n${problems.map((p) => `  ${p}`).join('\n')}\n`)
  process.exit(1)
}
process.stdout.write('test files: every file that declares tests is picked up by its runner\n')

import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'

const VITEST_FILE = "import { it, expect } from 'vitest'\nit('adds', () => expect(1 + 1).toBe(2))\n"
const PLAYWRIGHT_FILE = "import { test, expect } from './fixtures'\ntest('opens', async ({ page }) => expect(page).toBeTruthy())\n"

function check(root: string, files: Record<string, string>) {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true })
    writeFileSync(join(root, rel), text)
  }
  const r = spawnSync(process.execPath, ['scripts/check-test-files.mjs', '--root', root], { encoding: 'utf8' })
  return { status: r.status, stderr: r.stderr }
}

describe('scripts/check-test-files.mjs', () => {
  it('passes a tree where every test file is where its runner looks', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const r = check(dir, { 'tests/unit/shared/a.test.ts': VITEST_FILE, 'tests/integration/b.test.ts': VITEST_FILE, 'tests/e2e/c.spec.ts': PLAYWRIGHT_FILE, 'tests/helpers/h.ts': 'export const x = 1\n' })
      expect(r).toEqual({ status: 0, stderr: '' })
    } finally {
      await cleanup()
    }
  })

  it('fails for a misnamed or misplaced test file, naming each one', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      const r = check(dir, {
        'tests/unit/shared/ok.test.ts': VITEST_FILE,
        'tests/unit/shared/misnamed.spec.ts': VITEST_FILE,
        'tests/unit/scripts/elsewhere.test.ts': VITEST_FILE,
        'tests/e2e/wrong-runner.test.ts': PLAYWRIGHT_FILE,
        'tests/e2e/empty.spec.ts': '// nothing here\n',
      })
      expect(r.status).toBe(1)
      expect(r.stderr).toContain('4 test file(s) no runner picks up')
      for (const f of ['tests/unit/shared/misnamed.spec.ts', 'tests/unit/scripts/elsewhere.test.ts', 'tests/e2e/wrong-runner.test.ts', 'tests/e2e/empty.spec.ts']) expect(r.stderr).toContain(f)
      expect(r.stderr).not.toContain('ok.test.ts')
    } finally {
      await cleanup()
    }
  })
})

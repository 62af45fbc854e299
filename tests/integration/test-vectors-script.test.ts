import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { tempDir } from '../helpers/temp-dir'

// `node scripts/test-vectors.mjs DIR` is the command the README gives. It used to answer "usage"
// whenever --report was absent (the directory at index 0 was taken for --report's value).
function runScript(args: string[]) {
  const env = { ...process.env }
  delete env.XGW_VECTORS_DIR
  const r = spawnSync(process.execPath, ['scripts/test-vectors.mjs', ...args], { encoding: 'utf8', env })
  return { status: r.status, stderr: r.stderr }
}

describe('scripts/test-vectors.mjs arguments', () => {
  it('takes the directory as written, with or without --report', async () => {
    const { dir, cleanup } = await tempDir()
    try {
      for (const args of [[dir], [dir, '--report', 'ci-reports/x.json'], ['--report', 'ci-reports/x.json', dir]]) {
        const r = runScript(args)
        // The directory was understood: the complaint is about its content, not the command line.
        expect(r.stderr).toBe(`no manifest.json in ${dir}\n`)
        expect(r.status).toBe(2)
      }
    } finally {
      await cleanup()
    }
  })

  it('prints usage only when no directory is given', () => {
    const r = runScript(['--report', 'ci-reports/x.json'])
    expect(r.stderr).toBe('usage: node scripts/test-vectors.mjs VECTORS_DIR\n')
    expect(r.status).toBe(2)
  })
})

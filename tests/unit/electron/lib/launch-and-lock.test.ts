import { hostname } from 'node:os'
import { readFile, stat, writeFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeLaunchFile } from '../../../../electron/lib/desktop-open'
import { withFileLock } from '../../../../electron/lib/file-lock'
import { tempDir } from '../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => ({ dir, cleanup } = await tempDir()))
afterEach(() => cleanup())

describe('browser launch file', () => {
  it('holds the tokened address in a 0600 file that redirects to it; the path carries no token', async () => {
    const url = 'http://127.0.0.1:4321/?token=abc-DEF_123'
    const file = await writeLaunchFile(dir, url)
    expect(file).not.toContain('abc-DEF_123')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const html = await readFile(file, 'utf8')
    expect(html).toContain('<meta http-equiv="refresh" content="0;url=http://127.0.0.1:4321/?token=abc-DEF_123">')
    expect(html).toContain('<meta name="referrer" content="no-referrer">')
  })
})

describe('file lock', () => {
  it('recovers a lock older than the stale limit even when its pid is alive (a reused pid)', async () => {
    const lock = join(dir, 'x.lock')
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() - 120_000 }))
    expect(await withFileLock(lock, async () => 'got it', { timeoutMs: 2000 })).toBe('got it')
    expect(await readdir(dir)).toEqual([])
  })

  it('serialises holders: critical sections never overlap', async () => {
    const lock = join(dir, 'y.lock')
    let inside = 0
    let overlap = false
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lock, async () => {
          inside++
          if (inside > 1) overlap = true
          await new Promise((r) => setTimeout(r, 2))
          inside--
        }),
      ),
    )
    expect(overlap).toBe(false)
  })
})

import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  MIN_HEIGHT,
  MIN_WIDTH,
  captureWindowState,
  debounce,
  loadWindowState,
  parseWindowState,
  resolveWindowState,
  saveWindowState,
  windowStatePath,
  type DisplayArea,
  type Timers,
  type WindowState,
} from '../../../../electron/window/window-state'

let dataDir: string
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'xgw-win-'))
})
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true })
})

// A 1920x1080 primary with a bottom taskbar, and a 2560x1440 monitor to its right.
const primary: DisplayArea = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } }
const right: DisplayArea = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } }

describe('load/save', () => {
  it('round-trips through <dataDir>/window-state.json, rounding to whole pixels', async () => {
    const state: WindowState = { bounds: { x: 100.4, y: 50.6, width: 1280, height: 900 }, isMaximized: true }
    await saveWindowState(dataDir, state)
    expect(windowStatePath(dataDir)).toBe(join(dataDir, 'window-state.json'))
    expect(JSON.parse(await readFile(windowStatePath(dataDir), 'utf8'))).toEqual({
      bounds: { x: 100, y: 51, width: 1280, height: 900 },
      isMaximized: true,
    })
    expect(await loadWindowState(dataDir)).toEqual({ bounds: { x: 100, y: 51, width: 1280, height: 900 }, isMaximized: true })
  })

  it('creates a missing data directory and leaves no temporary files behind', async () => {
    const nested = join(dataDir, 'a', 'b')
    await saveWindowState(nested, { bounds: { x: 0, y: 0, width: 1000, height: 700 }, isMaximized: false })
    await saveWindowState(nested, { bounds: { x: 5, y: 5, width: 1000, height: 700 }, isMaximized: false })
    expect(await readdir(nested)).toEqual(['window-state.json'])
    expect((await loadWindowState(nested))?.bounds.x).toBe(5)
  })

  it('replaces the file by rename, so concurrent saves leave one complete document', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => saveWindowState(dataDir, { bounds: { x: i, y: i, width: 1000 + i, height: 700 }, isMaximized: false })))
    expect(await readdir(dataDir)).toEqual(['window-state.json'])
    const state = await loadWindowState(dataDir)
    expect(state).toBeDefined()
    expect(state!.bounds.width - 1000).toBe(state!.bounds.x) // from one save, not a mix
  })

  it('rejects on I/O failure and cleans up its temporary file', async () => {
    await mkdir(windowStatePath(dataDir)) // a folder where the file should go: rename fails
    await expect(saveWindowState(dataDir, { bounds: { x: 0, y: 0, width: 1000, height: 700 }, isMaximized: false })).rejects.toThrow()
    expect(await readdir(dataDir)).toEqual(['window-state.json'])
  })

  it('gives undefined for a missing, corrupt or ill-shaped file', async () => {
    expect(await loadWindowState(dataDir)).toBeUndefined()
    await writeFile(windowStatePath(dataDir), '{"bounds": {"x": 1, "y"') // torn write from an older version
    expect(await loadWindowState(dataDir)).toBeUndefined()
    await writeFile(windowStatePath(dataDir), JSON.stringify({ bounds: { x: 0, y: 0, width: 'wide', height: 700 } }))
    expect(await loadWindowState(dataDir)).toBeUndefined()
  })

  it('parseWindowState accepts only finite, positive sizes and treats a missing flag as false', () => {
    expect(parseWindowState({ bounds: { x: -10, y: 0, width: 1000, height: 700 } })).toEqual({
      bounds: { x: -10, y: 0, width: 1000, height: 700 },
      isMaximized: false,
    })
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 0, height: 700 } })).toBeUndefined()
    expect(parseWindowState({ bounds: { x: Number.NaN, y: 0, width: 900, height: 700 } })).toBeUndefined()
    expect(parseWindowState({ bounds: null })).toBeUndefined()
    expect(parseWindowState('nope')).toBeUndefined()
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 900, height: 700 }, isMaximized: 'yes' })?.isMaximized).toBe(false)
  })
})

describe('resolveWindowState', () => {
  it('first run: default size centred on the primary work area', () => {
    expect(resolveWindowState(undefined, [primary, right], primary)).toEqual({
      bounds: { x: (1920 - DEFAULT_WIDTH) / 2, y: (1040 - DEFAULT_HEIGHT) / 2, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT },
      isMaximized: false,
    })
  })

  it('keeps a window that is on a display still present', () => {
    const saved = { bounds: { x: 2200, y: 120, width: 1400, height: 1000 }, isMaximized: false }
    expect(resolveWindowState(saved, [primary, right], primary)).toEqual(saved)
  })

  it('brings a window from a monitor that is gone back onto the primary display, keeping its size and maximised flag', () => {
    const saved = { bounds: { x: 2200, y: 120, width: 1400, height: 900 }, isMaximized: true }
    expect(resolveWindowState(saved, [primary], primary)).toEqual({
      bounds: { x: (1920 - 1400) / 2, y: (1040 - 900) / 2, width: 1400, height: 900 },
      isMaximized: true,
    })
  })

  it('treats a sliver at the edge as not visible', () => {
    // only 40 px of the window overlap the primary work area
    const saved = { bounds: { x: 1880, y: 100, width: 1000, height: 700 }, isMaximized: false }
    expect(resolveWindowState(saved, [primary], primary).bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 })
  })

  it('pulls a partly off-screen window fully inside the display it mostly covers', () => {
    const saved = { bounds: { x: -300, y: 600, width: 1000, height: 700 }, isMaximized: false }
    expect(resolveWindowState(saved, [primary, right], primary).bounds).toEqual({ x: 0, y: 340, width: 1000, height: 700 })
    // straddling two monitors: goes to the one with the larger share
    const straddle = { bounds: { x: 1700, y: 100, width: 1000, height: 700 }, isMaximized: false }
    expect(resolveWindowState(straddle, [primary, right], primary).bounds).toEqual({ x: 1920, y: 100, width: 1000, height: 700 })
  })

  it('enforces the minimum size and shrinks to a smaller work area (resolution change)', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 300, height: 200 }, isMaximized: false }
    expect(resolveWindowState(tiny, [primary], primary).bounds).toEqual({ x: 10, y: 10, width: MIN_WIDTH, height: MIN_HEIGHT })
    const laptop: DisplayArea = { workArea: { x: 0, y: 0, width: 1366, height: 728 } }
    const big = { bounds: { x: 50, y: 20, width: 1800, height: 1000 }, isMaximized: false }
    expect(resolveWindowState(big, [laptop], laptop).bounds).toEqual({ x: 0, y: 0, width: 1366, height: 728 })
    // a work area below the minimum wins over the minimum: the window must fit on screen
    const small: DisplayArea = { workArea: { x: 0, y: 0, width: 800, height: 600 } }
    expect(resolveWindowState(undefined, [small], small).bounds).toEqual({ x: 0, y: 0, width: 800, height: 600 })
  })

  it('handles displays left of or above the primary (negative coordinates)', () => {
    const left: DisplayArea = { workArea: { x: -1280, y: -200, width: 1280, height: 1024 } }
    const saved = { bounds: { x: -1200, y: -150, width: 1000, height: 700 }, isMaximized: false }
    expect(resolveWindowState(saved, [primary, left], primary)).toEqual(saved)
  })
})

describe('captureWindowState', () => {
  it('uses the normal bounds so a maximised window restores to its own size', () => {
    const calls: string[] = []
    const win = {
      getNormalBounds: () => (calls.push('getNormalBounds'), { x: 10, y: 20, width: 1000, height: 700 }),
      isMaximized: () => (calls.push('isMaximized'), true),
    }
    expect(captureWindowState(win)).toEqual({ bounds: { x: 10, y: 20, width: 1000, height: 700 }, isMaximized: true })
    expect(calls).toEqual(['getNormalBounds', 'isMaximized'])
  })
})

/** Manual clock: timers fire only when the test advances time. */
function manualTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0
  let next = 1
  const queue = new Map<number, { at: number; fn: () => void }>()
  return {
    setTimeout(fn, ms) {
      const id = next++
      queue.set(id, { at: now + ms, fn })
      return id
    },
    clearTimeout(handle) {
      queue.delete(handle as number)
    },
    advance(ms) {
      now += ms
      for (const [id, t] of [...queue].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          queue.delete(id)
          t.fn()
        }
      }
    },
    pending: () => queue.size,
  }
}

describe('debounce', () => {
  it('runs once, with the last arguments, after the quiet period', () => {
    const timers = manualTimers()
    const seen: number[] = []
    const save = debounce((n: number) => seen.push(n), 500, timers)
    save(1)
    timers.advance(300)
    save(2)
    timers.advance(300)
    save(3)
    expect(seen).toEqual([])
    expect(timers.pending()).toBe(1) // earlier timers were cleared, not left to pile up
    timers.advance(499)
    expect(seen).toEqual([])
    timers.advance(1)
    expect(seen).toEqual([3])
    timers.advance(10_000)
    expect(seen).toEqual([3])
  })

  it('flush runs the pending call now (window closing); cancel drops it', () => {
    const timers = manualTimers()
    const seen: string[] = []
    const save = debounce((s: string) => seen.push(s), 500, timers)
    save.flush() // nothing pending: no call
    save('a')
    save.flush()
    expect(seen).toEqual(['a'])
    expect(timers.pending()).toBe(0)
    save('b')
    save.cancel()
    timers.advance(1000)
    save.flush()
    expect(seen).toEqual(['a'])
  })

  it('works with the real timers by default', async () => {
    const seen: number[] = []
    const f = debounce((n: number) => seen.push(n), 10)
    f(1)
    f(2)
    await new Promise((r) => setTimeout(r, 40))
    expect(seen).toEqual([2])
  })
})

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { BrowserWindow } from 'electron'

/** A screen rectangle in DIPs; structurally the same as Electron's `Rectangle`. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** What is remembered between runs (issue 6: window size and position). */
export interface WindowState {
  /** Normal (restored) bounds, also while maximised, so un-maximising lands somewhere sensible. */
  bounds: Rect
  isMaximized: boolean
}

/** A display as far as placement cares; Electron's `Display` satisfies it. */
export interface DisplayArea {
  /** The display minus taskbar and docks. */
  workArea: Rect
}

/** Smallest window the wizard's two-column steps fit in; also the BrowserWindow minimum. */
export const MIN_WIDTH = 900
/** @see MIN_WIDTH */
export const MIN_HEIGHT = 640
/** First-run size, shrunk to fit small work areas. */
export const DEFAULT_WIDTH = 1200
/** @see DEFAULT_WIDTH */
export const DEFAULT_HEIGHT = 800
/**
 * A saved window must overlap a display by at least this much in each direction to stay there;
 * less than that (a sliver at the edge of a monitor that was unplugged) cannot be grabbed.
 */
export const MIN_VISIBLE = 100

const FILE_NAME = 'window-state.json'

/** Path of the state file inside the data directory. */
export function windowStatePath(dataDir: string): string {
  return join(dataDir, FILE_NAME)
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Narrows untrusted JSON to a {@link WindowState}; anything malformed gives undefined. */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { bounds, isMaximized } = value as Record<string, unknown>
  if (typeof bounds !== 'object' || bounds === null) return undefined
  const { x, y, width, height } = bounds as Record<string, unknown>
  if (![x, y, width, height].every(isFiniteNumber)) return undefined
  if ((width as number) <= 0 || (height as number) <= 0) return undefined
  return {
    bounds: { x: x as number, y: y as number, width: width as number, height: height as number },
    isMaximized: isMaximized === true,
  }
}

/**
 * Reads the saved state; a missing, unreadable or corrupt file gives undefined.
 *
 * Window placement is a convenience: it must never stop the app from starting.
 */
export async function loadWindowState(dataDir: string): Promise<WindowState | undefined> {
  try {
    return parseWindowState(JSON.parse(await readFile(windowStatePath(dataDir), 'utf8')))
  } catch {
    return undefined
  }
}

/**
 * Writes the state atomically: to a temporary file in the same folder, then renamed over the old one.
 *
 * The app is often closed by logging off or shutting the server down; a half-written file would
 * otherwise be read back as garbage. The temporary name is unique per call, so that overlapping
 * saves (a debounced save racing the one on close) never share a temporary file. Rejects on I/O errors: the caller decides whether they matter.
 */
export async function saveWindowState(dataDir: string, state: WindowState): Promise<void> {
  const target = windowStatePath(dataDir)
  const temp = `${target}.${randomUUID()}.tmp`
  await mkdir(dataDir, { recursive: true })
  const body = { bounds: roundRect(state.bounds), isMaximized: state.isMaximized }
  try {
    await writeFile(temp, `${JSON.stringify(body, null, 2)}\n`, 'utf8')
    await rename(temp, target)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
}

function roundRect(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) }
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { w: Math.max(0, w), h: Math.max(0, h) }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)

/** Size clamped to [minimum, work area]; a work area smaller than the minimum wins. */
function fitSize(width: number, height: number, area: Rect): { width: number; height: number } {
  return {
    width: Math.min(Math.max(Math.round(width), MIN_WIDTH), area.width),
    height: Math.min(Math.max(Math.round(height), MIN_HEIGHT), area.height),
  }
}

function centred(width: number, height: number, area: Rect): Rect {
  const size = fitSize(width, height, area)
  return {
    x: area.x + Math.floor((area.width - size.width) / 2),
    y: area.y + Math.floor((area.height - size.height) / 2),
    ...size,
  }
}

/**
 * Decides where the window opens, from the saved state and the displays present now.
 *
 * - Nothing saved: {@link DEFAULT_WIDTH}×{@link DEFAULT_HEIGHT} centred on the primary display.
 * - Saved on a display that is still there (overlapping its work area by {@link MIN_VISIBLE} px
 *   both ways): same place, size clamped to that work area and to the minimum, moved just enough
 *   to be fully inside it (a resolution change, a taskbar that moved).
 * - Saved on a display that is gone: same size, centred on the primary display.
 *
 * The maximised flag is kept either way; the caller calls `maximize()` after creating the window
 * with these bounds, so restoring goes back to them.
 */
export function resolveWindowState(saved: WindowState | undefined, displays: readonly DisplayArea[], primary: DisplayArea): WindowState {
  if (!saved) return { bounds: centred(DEFAULT_WIDTH, DEFAULT_HEIGHT, primary.workArea), isMaximized: false }
  let best: { area: Rect; score: number } | undefined
  for (const d of displays) {
    const o = overlap(saved.bounds, d.workArea)
    if (o.w < Math.min(MIN_VISIBLE, saved.bounds.width) || o.h < Math.min(MIN_VISIBLE, saved.bounds.height)) continue
    const score = o.w * o.h
    if (!best || score > best.score) best = { area: d.workArea, score }
  }
  if (!best) return { bounds: centred(saved.bounds.width, saved.bounds.height, primary.workArea), isMaximized: saved.isMaximized }
  const area = best.area
  const size = fitSize(saved.bounds.width, saved.bounds.height, area)
  return {
    bounds: {
      x: clamp(Math.round(saved.bounds.x), area.x, area.x + area.width - size.width),
      y: clamp(Math.round(saved.bounds.y), area.y, area.y + area.height - size.height),
      ...size,
    },
    isMaximized: saved.isMaximized,
  }
}

/**
 * Reads the state to save from a live window.
 *
 * `getNormalBounds()` rather than `getBounds()`: while maximised, the latter is the whole screen,
 * and the restored size would be lost.
 */
export function captureWindowState(win: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  return { bounds: win.getNormalBounds(), isMaximized: win.isMaximized() }
}

/** Timer functions, injectable so that tests control time. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** A debounced function, with `flush()` to run a pending call now (on close) and `cancel()`. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void
  /** Runs the pending call, if any, immediately. */
  flush(): void
  /** Drops the pending call, if any. */
  cancel(): void
}

/**
 * Delays `fn` until `ms` have passed without another call; the last arguments win.
 *
 * 'move' and 'resize' fire for every pixel of a drag; saving on each would hammer the disk.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number, timers: Timers = { setTimeout: (f, t) => setTimeout(f, t), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) }): Debounced<A> {
  let handle: unknown
  let args: A | undefined
  const run = () => {
    const a = args
    handle = undefined
    args = undefined
    if (a) fn(...a)
  }
  const debounced = ((...a: A) => {
    args = a
    if (handle !== undefined) timers.clearTimeout(handle)
    handle = timers.setTimeout(run, ms)
  }) as Debounced<A>
  debounced.flush = () => {
    if (handle === undefined) return
    timers.clearTimeout(handle)
    run()
  }
  debounced.cancel = () => {
    if (handle !== undefined) timers.clearTimeout(handle)
    handle = undefined
    args = undefined
  }
  return debounced
}

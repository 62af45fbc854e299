import { hostname } from 'node:os'
import { open, readFile, rm, stat } from 'node:fs/promises'
import { AppError, ErrorCode } from '../../shared/errors'

/**
 * A lock between processes (the desktop app, the browser host and any number of `xgw` runs on
 * one data directory): a lock file created with O_EXCL that names its owner. A lock whose owner
 * process is gone, or that is older than `staleMs` (a reused pid), is recovered. Recovery itself
 * is guarded by a second O_EXCL file so two waiters never both break the same lock and then
 * remove each other's fresh one.
 */
export interface FileLockOptions {
  /** Give up after this long with STORE_IO (a writer that never finishes). Default 15 s. */
  readonly timeoutMs?: number
  /** A lock older than this is treated as abandoned even if its pid is alive. Default 60 s. */
  readonly staleMs?: number
}

interface Owner {
  readonly pid: number
  readonly host: string
  readonly at: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readOwner(file: string): Promise<{ owner: Owner | null; text: string } | null> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  try {
    const o = JSON.parse(text) as Owner
    return { owner: typeof o?.pid === 'number' && typeof o.at === 'number' ? o : null, text }
  } catch {
    return { owner: null, text }
  }
}

async function isStale(file: string, staleMs: number): Promise<{ stale: boolean; text: string } | null> {
  const r = await readOwner(file)
  if (!r) return null
  if (!r.owner) {
    // Written half-way (the owner crashed between create and write) or garbage: judge by age.
    const s = await stat(file).catch(() => null)
    return { stale: !s || Date.now() - s.mtimeMs > Math.min(staleMs, 2000), text: r.text }
  }
  const foreignHost = r.owner.host !== hostname()
  const gone = !foreignHost && !alive(r.owner.pid)
  return { stale: gone || Date.now() - r.owner.at > staleMs, text: r.text }
}

/** Creates the lock file; its content (unique per acquisition) when we got it, else null. */
async function tryCreate(file: string): Promise<string | null> {
  const text = JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), n: Math.random() })
  let h
  try {
    h = await open(file, 'wx', 0o600)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null
    throw e
  }
  try {
    await h.writeFile(text)
  } catch (e) {
    // A full disk: do not leave an empty lock behind for others to wait on.
    await h.close().catch(() => {})
    await rm(file, { force: true })
    throw e
  }
  await h.close()
  return text
}

/** Removes `file` if it is still the stale lock we judged, holding `<file>.break` while doing so. */
async function breakStale(file: string, staleMs: number, seen: string): Promise<void> {
  const guard = `${file}.break`
  if ((await tryCreate(guard)) === null) {
    const g = await isStale(guard, staleMs)
    if (g?.stale) await rm(guard, { force: true })
    return
  }
  try {
    const now = await readOwner(file)
    if (now && now.text === seen) await rm(file, { force: true })
  } finally {
    await rm(guard, { force: true })
  }
}

/** Runs `task` while holding the lock file `file`; always releases it. */
export async function withFileLock<T>(file: string, task: () => Promise<T>, opts: FileLockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 15_000
  const staleMs = opts.staleMs ?? 60_000
  const start = Date.now()
  let wait = 2
  let mine: string | null
  for (;;) {
    try {
      mine = await tryCreate(file)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'unknown'
      throw new AppError(ErrorCode.StoreIo, `Could not create the lock file ${file.split(/[\\/]/).pop()} (${code}); nothing was changed on disk.`, { errno: code })
    }
    if (mine !== null) break
    const s = await isStale(file, staleMs)
    if (s?.stale) {
      await breakStale(file, staleMs, s.text)
      continue
    }
    if (Date.now() - start > timeoutMs) {
      throw new AppError(ErrorCode.StoreIo, `Another window or xgw process has held ${file.split(/[\\/]/).pop()} for over ${Math.round(timeoutMs / 1000)} s; nothing was changed. Try again.`)
    }
    // Jittered back-off: waiters on a busy lock do not wake in step.
    await sleep(wait + Math.random() * wait)
    wait = Math.min(wait * 2, 50)
  }
  try {
    return await task()
  } finally {
    // Only our own lock: if it was judged abandoned and taken over meanwhile, it is not ours to remove.
    const now = await readOwner(file).catch(() => null)
    if (now?.text === mine) await rm(file, { force: true })
  }
}

// node:fs's promises, read where they are used: the command line loads this module but may never
// write asynchronously, and loading fs/promises costs it about 2 ms (xgw start-up, issue 12).
import { promises as fsp } from 'node:fs'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Writes a file so that readers see either the old or the new content, never half of it:
 * write a temporary sibling, fsync it, rename it over the target, fsync the folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await fsp.mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await fsp.open(tmp, 'w', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (err) {
    await handle.close().catch(() => {})
    await fsp.rm(tmp, { force: true })
    throw err
  }
  await handle.close()
  try {
    await fsp.rename(tmp, file)
  } catch (err) {
    await fsp.rm(tmp, { force: true })
    throw err
  }
  // The rename is durable only once the directory entry is on disk; not every platform allows it.
  const dir = await fsp.open(dirname(file), 'r').catch(() => null)
  if (dir)
    await dir
      .sync()
      .catch(() => {})
      .finally(() => dir.close())
}

/** Runs async tasks one after another: concurrent saves never interleave. */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve()
  return function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }
}

/**
 * Removes the temp files writeFileAtomic leaves when a process dies between write and rename
 * (`.<name>.<12 hex>.tmp`). Call only while holding the lock that every writer of `name` holds,
 * so no live writer's temp file is taken.
 */
export async function removeOrphanTemps(dir: string, name?: string): Promise<number> {
  const entries = await fsp.readdir(dir).catch(() => [] as string[])
  let n = 0
  for (const e of entries) {
    const m = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(e)
    if (!m || (name !== undefined && m[1] !== name)) continue
    await fsp.rm(join(dir, e), { force: true })
    n++
  }
  return n
}

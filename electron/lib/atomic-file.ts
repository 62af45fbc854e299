import { open, readdir, rename, rm, mkdir } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Writes a file so that readers see either the old or the new content, never half of it:
 * write a temporary sibling, fsync it, rename it over the target, fsync the folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(tmp, 'w', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (err) {
    await handle.close().catch(() => {})
    await rm(tmp, { force: true })
    throw err
  }
  await handle.close()
  try {
    await rename(tmp, file)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  // The rename is durable only once the directory entry is on disk; not every platform allows it.
  const dir = await open(dirname(file), 'r').catch(() => null)
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
  const entries = await readdir(dir).catch(() => [] as string[])
  let n = 0
  for (const e of entries) {
    const m = /^\.(.+)\.[0-9a-f]{12}\.tmp$/.exec(e)
    if (!m || (name !== undefined && m[1] !== name)) continue
    await rm(join(dir, e), { force: true })
    n++
  }
  return n
}

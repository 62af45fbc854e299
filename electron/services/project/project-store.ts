import { randomBytes } from 'node:crypto'
import { link, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { AppError, ErrorCode } from '../../../shared/errors'
import { createSerialQueue, removeOrphanTemps, writeFileAtomic } from '../../lib/atomic-file'
import { withFileLock } from '../../lib/file-lock'
import type { Logger } from '../../lib/logger'
import { DamagedFileError, ProjectFileAdapter } from './project-file-adapter'
import { relaxLimits } from './relax-limits'
import { MigrationError, StoredProject, Workspace, emptyWorkspace } from './workspace-schema'
import { findSecret } from './secret-scan'

export interface ProjectStoreDeps {
  readonly file: string // <dataDir>/project.json
  readonly now: () => Date
  readonly log: Logger
}

/** Something to tell the admin once: a damaged file recovered, a file over a limit, a backup not updated. */
export interface StoreNotice {
  readonly code: typeof ErrorCode.ProjectDamaged | typeof ErrorCode.LimitExceeded | typeof ErrorCode.StoreIo
  readonly message: string
}

export interface ProjectStore {
  /** Reads project.json; recovers from a damaged file (kept aside) and returns what to tell the admin. */
  open(): Promise<{ notice: string | null; noticeCode: StoreNotice['code'] | null }>
  /** The workspace as it is on disk now (other processes may have changed it). */
  read(): Promise<Workspace>
  /**
   * Applies a change to the workspace as it is on disk, under the cross-process lock: re-read,
   * change, validate, write atomically, then refresh the backup. Serialised. A project the
   * change touched gets its revision raised by one.
   */
  update(change: (draft: Workspace) => void): Promise<Workspace>
  /** Notices raised after open() (a damaged file found later, a backup that could not be refreshed). */
  takeNotice(): StoreNotice | null
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-')
const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message

/**
 * project.json, shared by the desktop app, the browser host and every `xgw` run on the data
 * directory: every read-modify-write holds `project.json.lock` (owner pid, stale locks
 * recovered) and re-reads the file under it, so no process writes back a stale copy. Each
 * write is validated and scanned for secrets first; the backup of the last good file
 * (project.json.bak) is replaced only after the new file is safely on disk.
 */
export function createProjectStore(deps: ProjectStoreDeps): ProjectStore {
  const backup = `${deps.file}.bak`
  const lockFile = `${deps.file}.lock`
  const adapter = new ProjectFileAdapter(deps.file, deps.now)
  const backupAdapter = new ProjectFileAdapter(backup, deps.now)
  const enqueue = createSerialQueue()
  const notices: StoreNotice[] = []
  let opened = false
  const relaxed = relaxLimits(Workspace)

  const locked = <T>(task: () => Promise<T>) =>
    withFileLock(lockFile, task).catch((err: unknown) => {
      if (err instanceof AppError && err.details?.errno && err.message.includes('lock file')) {
        throw new AppError(ErrorCode.StoreIo, `Could not save project.json: the lock file could not be created (${err.details.errno}). Nothing was changed on disk: project.json and its backup are as they were.`, {
          errno: err.details.errno,
        })
      }
      throw err
    })

  const tooNew = (err: unknown): never => {
    if (err instanceof MigrationError && err.reason === 'too-new') {
      throw new AppError(ErrorCode.SchemaTooNew, `${err.message} Update the app; the file was left untouched.`)
    }
    throw err
  }

  const limitNotice = (limits: readonly string[]): StoreNotice => ({
    code: ErrorCode.LimitExceeded,
    message: `project.json is larger than this version handles (${limits.slice(0, 3).join('; ')}). It was kept as it is and is shown in full; changes that stay over the limit cannot be saved until an update raises it.`,
  })

  /** Reads under the lock; a damaged file is moved aside and the backup restored. */
  async function load(): Promise<{ ws: Workspace; text: string | null; notice: StoreNotice | null }> {
    try {
      const r = await adapter.readWithLimits()
      const text = r.workspace ? await readFile(deps.file, 'utf8') : null
      return { ws: r.workspace ?? emptyWorkspace(), text, notice: r.limits.length ? limitNotice(r.limits) : null }
    } catch (err) {
      if (!(err instanceof DamagedFileError)) {
        if (err instanceof MigrationError) tooNew(err)
        throw new AppError(ErrorCode.StoreIo, `Could not read project.json (${errno(err)}); nothing was changed.`)
      }
      const aside = `${deps.file}.damaged-${stamp(deps.now())}`
      await rename(deps.file, aside)
      deps.log.warn('project.json damaged; moved aside', { aside, reason: err.message })
      const restored = await backupAdapter.readWithLimits().catch(() => null)
      const ws = restored?.workspace ?? emptyWorkspace()
      const text = `${JSON.stringify(ws, null, 2)}\n`
      await writeFileAtomic(deps.file, text, 0o600)
      const name = basename(aside)
      return {
        ws,
        text,
        notice: {
          code: ErrorCode.ProjectDamaged,
          message: restored?.workspace
            ? `project.json was damaged (${err.message}) and was kept as ${name}. Your projects were restored from the last good copy (project.json.bak); check the most recent changes.`
            : `project.json was damaged (${err.message}) and was kept as ${name}; no good copy was found, so the project list starts empty. The damaged file is untouched for recovery.`,
        },
      }
    }
  }

  /** Validates a changed workspace: types everywhere, this version's limits on what the change touched. */
  function validate(before: Workspace, draft: Workspace): Workspace {
    const r = relaxed.safeParse(draft)
    if (!r.success) {
      const issue = r.error.issues[0]
      throw new AppError(ErrorCode.Validation, `Not saved: ${issue?.path.join('.') || 'project'} ${issue?.message ?? 'is invalid'}.`, { path: issue?.path.join('.') ?? '' })
    }
    const old = new Map(before.projects.map((p) => [p.id, JSON.stringify(p)]))
    const projects = r.data.projects.map((p, i) => {
      if (old.get(p.id) === JSON.stringify(p)) return p
      const strict = StoredProject.safeParse(p)
      if (!strict.success) {
        const issue = strict.error.issues[0]!
        const path = ['projects', i, ...issue.path].join('.')
        if (issue.code === 'too_big') {
          throw new AppError(ErrorCode.LimitExceeded, `Not saved: ${path} is over this version's limit (${issue.message}).`, { path })
        }
        throw new AppError(ErrorCode.Validation, `Not saved: ${path} ${issue.message}.`, { path })
      }
      // Every change to a project moves its revision on, so a save based on the old one is refused.
      const prev = before.projects.find((x) => x.id === p.id)
      return { ...strict.data, revision: (prev?.revision ?? 0) + 1 }
    })
    return { ...r.data, projects }
  }

  return {
    async open() {
      const r = await locked(async () => {
        // Only writers holding this lock create project.json temp files, so any left now are from a crash.
        await removeOrphanTemps(dirname(deps.file), basename(deps.file))
        return load()
      })
      opened = true
      if (r.notice && r.notice.code !== ErrorCode.ProjectDamaged) deps.log.warn('project.json notice', { notice: r.notice.message })
      return { notice: r.notice?.message ?? null, noticeCode: r.notice?.code ?? null }
    },

    async read() {
      if (!opened) throw new Error('project store used before open()')
      try {
        return (await adapter.readWithLimits()).workspace ?? emptyWorkspace()
      } catch (err) {
        if (err instanceof MigrationError) tooNew(err)
        if (!(err instanceof DamagedFileError)) throw new AppError(ErrorCode.StoreIo, `Could not read project.json (${errno(err)}).`)
        // Damaged since start-up (another program wrote it): recover under the lock, like open().
        return enqueue(() =>
          locked(async () => {
            const r = await load()
            if (r.notice) notices.push(r.notice)
            return r.ws
          }),
        )
      }
    },

    update(change) {
      return enqueue(() =>
        locked(async () => {
          if (!opened) throw new Error('project store used before open()')
          const current = await load()
          if (current.notice?.code === ErrorCode.ProjectDamaged) notices.push(current.notice)
          const draft = structuredClone(current.ws)
          change(draft)
          const next = validate(current.ws, draft)
          const secret = findSecret(next)
          if (secret) throw new AppError(ErrorCode.Validation, `Not saved: ${secret} Secrets never go into the project file.`)
          // The previous good file is kept by a hard link to its (already durable) bytes: no copy,
          // no extra fsync. It becomes the backup only after the new file is safely on disk.
          const keep = current.text !== null ? join(dirname(deps.file), `.${basename(backup)}.${randomBytes(6).toString('hex')}.tmp`) : null
          const linked = keep
            ? await link(deps.file, keep).then(
                () => true,
                () => false,
              )
            : false
          try {
            await adapter.write(next)
          } catch (err) {
            if (keep) await rm(keep, { force: true })
            // writeFileAtomic removed its temp file; the rename never happened or failed.
            throw new AppError(ErrorCode.StoreIo, `Could not save project.json (${errno(err)}). Nothing was changed on disk: project.json and its backup are as they were.`, { errno: errno(err) })
          }
          if (current.text !== null) {
            const refresh = linked ? rename(keep!, backup) : writeFileAtomic(backup, current.text, 0o600)
            await refresh.catch(async (err: unknown) => {
              if (keep) await rm(keep, { force: true })
              deps.log.warn('project.json saved; backup not refreshed', { errno: errno(err) })
              notices.push({
                code: ErrorCode.StoreIo,
                message: `Your change was saved, but the backup copy (project.json.bak) could not be refreshed (${errno(err)}); it still holds an older good copy. Free some disk space.`,
              })
            })
          }
          return structuredClone(next)
        }),
      )
    },

    takeNotice() {
      return notices.shift() ?? null
    },
  }
}

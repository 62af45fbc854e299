import { copyFile, rename } from 'node:fs/promises'
import { Low } from 'lowdb'
import { AppError, ErrorCode } from '../../../shared/errors'
import { createSerialQueue } from '../../lib/atomic-file'
import type { Logger } from '../../lib/logger'
import { DamagedFileError, ProjectFileAdapter } from './project-file-adapter'
import { MigrationError, Workspace, emptyWorkspace } from './workspace-schema'
import { findSecret } from './secret-scan'

export interface ProjectStoreDeps {
  readonly file: string // <dataDir>/project.json
  readonly now: () => Date
  readonly log: Logger
}

export interface ProjectStore {
  /** Reads project.json; recovers from a damaged file (kept aside) and returns what to tell the admin. */
  open(): Promise<{ notice: string | null }>
  /** A deep copy of the current workspace. */
  read(): Workspace
  /** Applies a change to a copy, validates it, writes atomically, then publishes it. Serialised. */
  update(change: (draft: Workspace) => void): Promise<Workspace>
}

const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-')

/**
 * project.json through lowdb: one writer, every write validated against the schema and
 * scanned for secrets before it reaches the disk, writes serialised and atomic, a backup of the
 * last good file kept beside it (project.json.bak) so a damaged file loses nothing.
 */
export function createProjectStore(deps: ProjectStoreDeps): ProjectStore {
  const backup = `${deps.file}.bak`
  const db = new Low<Workspace>(new ProjectFileAdapter(deps.file, deps.now), emptyWorkspace())
  const backupDb = new ProjectFileAdapter(backup, deps.now)
  const enqueue = createSerialQueue()
  let opened = false

  async function moveAside(): Promise<string> {
    const aside = `${deps.file}.damaged-${stamp(deps.now())}`
    await rename(deps.file, aside)
    return aside
  }

  return {
    async open() {
      try {
        await db.read()
        opened = true
        return { notice: null }
      } catch (err) {
        if (err instanceof MigrationError && err.reason === 'too-new') {
          throw new AppError(ErrorCode.SchemaTooNew, `${err.message} Update the app; the file was left untouched.`)
        }
        if (!(err instanceof DamagedFileError)) throw new AppError(ErrorCode.StoreIo, `Could not read project.json: ${(err as Error).message}`)
        const aside = await moveAside()
        deps.log.warn('project.json damaged; moved aside', { aside, reason: err.message })
        const restored = await backupDb.read().catch(() => null)
        db.data = restored ?? emptyWorkspace()
        await db.write()
        opened = true
        const name = aside.split(/[\\/]/).pop()
        return {
          notice: restored
            ? `project.json was damaged (${err.message}) and was kept as ${name}. Your projects were restored from the last good copy (project.json.bak); check the most recent changes.`
            : `project.json was damaged (${err.message}) and was kept as ${name}; no good copy was found, so the project list starts empty. The damaged file is untouched for recovery.`,
        }
      }
    },

    read() {
      if (!opened) throw new Error('project store used before open()')
      return structuredClone(db.data)
    },

    update(change) {
      return enqueue(async () => {
        if (!opened) throw new Error('project store used before open()')
        const draft = structuredClone(db.data)
        change(draft)
        const parsed = Workspace.safeParse(draft)
        if (!parsed.success) {
          const issue = parsed.error.issues[0]
          throw new AppError(ErrorCode.Validation, `Not saved: ${issue?.path.join('.') || 'project'} ${issue?.message ?? 'is invalid'}.`, {
            path: issue?.path.join('.') ?? '',
          })
        }
        const secret = findSecret(parsed.data)
        if (secret) throw new AppError(ErrorCode.Validation, `Not saved: ${secret} Secrets never go into the project file.`)
        try {
          // The previous good file becomes the backup before the new one replaces it.
          await copyFile(deps.file, backup).catch((e: NodeJS.ErrnoException) => {
            if (e.code !== 'ENOENT') throw e
          })
          await db.adapter.write(parsed.data)
        } catch (err) {
          throw new AppError(ErrorCode.StoreIo, `Could not save project.json: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Nothing was changed on disk.`)
        }
        db.data = parsed.data
        return structuredClone(parsed.data)
      })
    },
  }
}

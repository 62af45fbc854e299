import { readFile } from 'node:fs/promises'
import type { Adapter } from 'lowdb'
import { writeFileAtomic } from '../../lib/atomic-file'
import { migrateWorkspace, MigrationError, type Workspace } from './workspace-schema'

/** project.json could not be read as a workspace: unparsable JSON or the wrong shape. */
export class DamagedFileError extends Error {}

/**
 * lowdb adapter for project.json: atomic writes (lowdb's own JSONFile does not fsync) and a read
 * that migrates and validates, so a damaged file is reported instead of silently replaced by
 * lowdb's default data.
 */
export class ProjectFileAdapter implements Adapter<Workspace> {
  constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  async read(): Promise<Workspace | null> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    let raw: unknown
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch (err) {
      throw new DamagedFileError(`project.json is not valid JSON (${(err as Error).message.slice(0, 120)}); it may have been cut short.`)
    }
    try {
      return migrateWorkspace(raw, this.now)
    } catch (err) {
      if (err instanceof MigrationError && err.reason === 'invalid') throw new DamagedFileError(err.message)
      throw err
    }
  }

  async write(data: Workspace): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`, 0o600)
  }
}

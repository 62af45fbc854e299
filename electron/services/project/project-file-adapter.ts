import { readFile } from 'node:fs/promises'
import type { Adapter } from 'lowdb'
import { writeFileAtomic } from '../../lib/atomic-file'
import { readWorkspace, MigrationError, type Workspace } from './workspace-schema'

/** project.json could not be read as a workspace: unparsable, empty, null or the wrong shape. */
export class DamagedFileError extends Error {}

/** What a read found: the workspace (null when there is no file) and the limits it is over. */
export interface WorkspaceRead {
  readonly workspace: Workspace | null
  readonly limits: readonly string[]
}

/**
 * lowdb adapter for project.json: atomic writes (lowdb's own JSONFile does not fsync) and a read
 * that migrates and validates, so a damaged file is reported instead of silently replaced by
 * lowdb's default data. `null`, an empty file and wrong types are damaged, exactly like cut-off
 * bytes; a well-formed file over one of this version's limits is not (see readWorkspace).
 */
export class ProjectFileAdapter implements Adapter<Workspace> {
  constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  async readWithLimits(): Promise<WorkspaceRead> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { workspace: null, limits: [] }
      throw err
    }
    const body = text.replace(/^\uFEFF/, '')
    if (body.trim() === '') throw new DamagedFileError('project.json is empty; it may have been cut short.')
    let raw: unknown
    try {
      raw = JSON.parse(body)
    } catch (err) {
      throw new DamagedFileError(`project.json is not valid JSON (${(err as Error).message.slice(0, 120)}); it may have been cut short.`)
    }
    try {
      return readWorkspace(raw, this.now)
    } catch (err) {
      if (err instanceof MigrationError && err.reason === 'invalid') throw new DamagedFileError(err.message)
      throw err
    }
  }

  async read(): Promise<Workspace | null> {
    return (await this.readWithLimits()).workspace
  }

  async write(data: Workspace): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`, 0o600)
  }
}

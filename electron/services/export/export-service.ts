import type { z } from 'zod'
import type { artifacts } from '../../../shared/contract/config'
import { AppError, ErrorCode } from '../../../shared/errors'
import { buildExportBundle, type ExportBundle, type ExportOptions } from '../../../shared/export/export-bundle'
import type { ProjectData } from '../../../shared/domain/model/project'
import { parseExistingConfig, planChanges, prefillFromExisting } from '../../../shared/export/existing-config'
import type { Logger } from '../../lib/logger'
import { writeExportFolder } from './export-folder'

type Routes = typeof artifacts
type In<K extends keyof Routes> = z.output<Routes[K]['input']>
type Out<K extends keyof Routes> = z.output<Routes[K]['output']>

/** The `artifacts` namespace; once registered in shared/contract/index.ts this is Handlers['artifacts']. */
export interface ExportService {
  preview(input: In<'preview'>): Promise<Out<'preview'>>
  write(input: In<'write'>): Promise<Out<'write'>>
  save(input: In<'save'>): Promise<Out<'save'>>
  parseExisting(input: In<'parseExisting'>): Promise<Out<'parseExisting'>>
}

export interface ExportServiceDeps {
  readonly now: () => Date
  readonly log: Logger
  readonly appVersion: string
  /**
   * Where `save` writes: Electron asks with a folder dialog (null when cancelled); the browser
   * host and tests give a fixed folder under the data directory.
   */
  readonly chooseExportFolder: () => Promise<string | null>
  /**
   * Builds the bundle; the shells run it on the worker thread (5,000 partners held the main
   * thread for a quarter of a second), tests and the command line in process.
   */
  readonly build?: (project: ProjectData, options: ExportOptions) => Promise<ExportBundle>
}

/** Export routes over the pure writers of shared/export and the folder writer. */
export function createExportService(deps: ExportServiceDeps): ExportService {
  // The last bundle, reused for the same input within a few seconds: `xgw script` (and the
  // app's Export) previews and then writes, and building twice doubled the cost for 5,000
  // partners (issue 12). The key is the input itself, so any change builds afresh.
  const build = deps.build ?? (async (project: ProjectData, options: ExportOptions) => buildExportBundle(project, options))
  let last: { key: string; at: number; bundle: Promise<ExportBundle> } | null = null
  const bundle = (input: In<'preview'>): Promise<ExportBundle> => {
    const key = JSON.stringify([input.projectData, input.sanNames, input.existing])
    const now = deps.now()
    if (last && last.key === key && now.getTime() - last.at >= 0 && now.getTime() - last.at < 5000) return last.bundle
    const existing = input.existing ? parseExistingConfig(input.existing).existing : null
    const b = build(input.projectData, { generatedAt: now.toISOString(), appVersion: deps.appVersion, sanNames: input.sanNames ?? null, existing })
    const entry = { key, at: now.getTime(), bundle: b }
    last = entry
    // A failed build is not kept for the next call.
    b.catch(() => {
      if (last === entry) last = null
    })
    return b
  }
  return {
    async preview(input) {
      const b = await bundle(input)
      return { files: [...b.files], findings: [...b.findings], blocking: [...b.blocking], changes: b.changes.map((c) => ({ ...c, changes: [...c.changes] })) }
    },

    async write(input) {
      const b = await bundle(input)
      if (b.blocking.length > 0) {
        throw new AppError(ErrorCode.ExportBlocked, `Export blocked by ${b.blocking.length} finding(s): ${b.blocking.map((f) => `${f.field}: ${f.message}`).join(' | ')}`, { count: b.blocking.length })
      }
      const result = await writeExportFolder(input.outDir, b.files, deps.now())
      deps.log.info('Export written', { folder: result.folder, files: result.files.length })
      return result
    },

    async save(input) {
      const b = await bundle(input)
      if (b.blocking.length > 0) {
        throw new AppError(ErrorCode.ExportBlocked, `Export blocked by ${b.blocking.length} finding(s): ${b.blocking.map((f) => `${f.field}: ${f.message}`).join(' | ')}`, { count: b.blocking.length })
      }
      const dir = await deps.chooseExportFolder()
      if (!dir) return { folder: null, files: [] }
      const result = await writeExportFolder(dir, b.files, deps.now())
      deps.log.info('Export saved', { files: result.files.length })
      return result
    },

    async parseExisting(input) {
      const { existing, findings } = parseExistingConfig(input)
      const prefilled = input.projectData ? prefillFromExisting(input.projectData, existing) : null
      const changes = input.projectData ? planChanges(input.projectData, existing) : []
      return {
        existing: { policies: [...existing.policies], partners: existing.partners.map((p) => ({ ...p, additionalDomains: [...p.additionalDomains] })) },
        findings,
        prefilled,
        changes: changes.map((c) => ({ ...c, changes: [...c.changes] })),
      }
    },
  }
}

import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Handlers } from '../../../shared/contract'
import { PROJECT_FILE_FORMAT, type Project, type ProjectSummary } from '../../../shared/contract/project'
import { migrateProjectData } from '../../../shared/domain/model/migrate'
import { MAX_PARTNERS, partnerLimitMessage } from '../../../shared/domain/model/partners'
import { ProjectData } from '../../../shared/domain/model/project'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../lib/logger'
import type { ProjectStore } from './project-store'
import { CURRENT_SCHEMA_VERSION, type StoredProject, type Workspace } from './workspace-schema'

export type ProjectService = Handlers['project']

export interface ProjectServiceDeps {
  readonly store: ProjectStore
  readonly now: () => Date
  readonly log: Logger
  /** What open() said about a damaged file; shown once in the project list. */
  readonly startupNotice: string | null
  readonly startupNoticeCode?: string | null
}

const summary = (p: StoredProject): ProjectSummary => ({ id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt, revision: p.revision })

/** A portable project file: what "Export project" writes and `xgw script --project` reads. */
export const ProjectFile = z.object({
  format: z.literal(PROJECT_FILE_FORMAT),
  schemaVersion: z.number().int().min(1),
  name: z.string().min(1).max(80),
  exportedAt: z.string().optional(),
  data: ProjectData,
})

/**
 * A project over the partner limit is valid data this version does not take: LIMIT_EXCEEDED
 * with the count and the limit, checked before the schema so the admin never sees it called
 * invalid or damaged.
 */
function checkPartnerLimit(raw: unknown): void {
  const o = raw as { data?: { partners?: { partners?: unknown } }; partners?: { partners?: unknown } } | null
  const list = o && typeof o === 'object' ? (o.data?.partners?.partners ?? o.partners?.partners) : undefined
  if (Array.isArray(list) && list.length > MAX_PARTNERS) throw new AppError(ErrorCode.LimitExceeded, partnerLimitMessage(list.length))
}

/**
 * Reads a project file's content: our export format, or bare project data. Throws a coded
 * error that says what is wrong rather than importing half a project. Files of an older schema
 * (and bare data, which carries no version) go through migrateProjectData first, the same pure
 * migration project.json gets, so a schema-2 single policy arrives as a one-item list.
 */
export function parseProjectFile(content: string): { name: string | null; data: ProjectData } {
  let raw: unknown
  try {
    raw = JSON.parse(content.replace(/^\uFEFF/, ''))
  } catch {
    throw new AppError(ErrorCode.ProjectFileInvalid, 'The project file is not valid JSON; it may be truncated or not a project file.')
  }
  checkPartnerLimit(raw)
  if (raw && typeof raw === 'object' && 'format' in raw) {
    if ((raw as { format?: unknown }).format !== PROJECT_FILE_FORMAT) {
      throw new AppError(ErrorCode.ProjectFileInvalid, 'The file has a "format" field but is not an xgw-project file.')
    }
    const version = (raw as { schemaVersion?: unknown }).schemaVersion
    if (typeof version === 'number' && version > CURRENT_SCHEMA_VERSION) {
      throw new AppError(ErrorCode.SchemaTooNew, `The project file was written by a newer version of the app (schema ${version}).`)
    }
    const old = typeof version !== 'number' || version < CURRENT_SCHEMA_VERSION
    const parsed = ProjectFile.safeParse(old ? { ...raw, data: migrateProjectData((raw as { data?: unknown }).data) } : raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new AppError(ErrorCode.ProjectFileInvalid, `The project file is not valid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}.`)
    }
    return { name: parsed.data.name, data: parsed.data.data }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !Object.keys(ProjectData.shape).some((k) => k in raw)) {
    throw new AppError(ErrorCode.ProjectFileInvalid, 'This file is not an XMPP Gateway Wizard project (no "format": "xgw-project" and no project data).')
  }
  const bare = ProjectData.safeParse(migrateProjectData(raw))
  if (!bare.success) {
    const issue = bare.error.issues[0]
    throw new AppError(ErrorCode.ProjectFileInvalid, `The project data is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message}.`)
  }
  return { name: null, data: bare.data }
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'project'
  )
}

/** Named projects, one per deployment, in project.json. */
export function createProjectService(deps: ProjectServiceDeps): ProjectService {
  const { store } = deps
  let notice: { message: string; code: string | null } | null = deps.startupNotice ? { message: deps.startupNotice, code: deps.startupNoticeCode ?? null } : null

  const find = (ws: Workspace, id: string): StoredProject => {
    const p = ws.projects.find((x) => x.id === id)
    if (!p) throw new AppError(ErrorCode.NotFound, 'That project no longer exists.', { id })
    return p
  }
  const uniqueName = (ws: Workspace, name: string, exceptId?: string) => {
    if (ws.projects.some((p) => p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase())) {
      throw new AppError(ErrorCode.Conflict, `A project named "${name}" already exists.`)
    }
  }
  const insert = async (name: string, data: ProjectData): Promise<Project> => {
    const id = randomUUID()
    const at = deps.now().toISOString()
    const ws = await store.update((draft) => {
      uniqueName(draft, name)
      draft.projects.push({ id, name, createdAt: at, updatedAt: at, revision: 0, data })
      draft.activeProjectId = id
    })
    deps.log.info('project created', { id })
    return find(ws, id)
  }

  return {
    async list() {
      const ws = await store.read()
      const later = store.takeNotice()
      const shown = notice ?? (later ? { message: later.message, code: later.code } : null)
      const out = { activeProjectId: ws.activeProjectId, projects: ws.projects.map(summary), notice: shown?.message ?? null, ...(shown?.code ? { noticeCode: shown.code } : {}) }
      notice = null
      return out
    },
    async current() {
      const ws = await store.read()
      return ws.projects.find((p) => p.id === ws.activeProjectId) ?? null
    },
    create: ({ name }) => insert(name, ProjectData.parse({})),
    async open({ id }) {
      const ws = await store.update((draft) => {
        find(draft, id)
        draft.activeProjectId = id
      })
      return find(ws, id)
    },
    async save({ id, data, baseRevision }) {
      const ws = await store.update((draft) => {
        const p = find(draft, id)
        // Checked under the cross-process lock on the file as it is now: another window, the
        // browser host or xgw may have saved this project since this window loaded it.
        if (baseRevision !== undefined && p.revision !== baseRevision) {
          throw new AppError(ErrorCode.Conflict, 'This project was changed in another window (or by xgw) since you loaded it; your change was not saved. Reload to see the other change.', {
            revision: p.revision,
            baseRevision,
            updatedAt: p.updatedAt,
          })
        }
        p.data = data
        p.updatedAt = deps.now().toISOString()
      })
      return summary(find(ws, id))
    },
    async rename({ id, name }) {
      const ws = await store.update((draft) => {
        const p = find(draft, id)
        uniqueName(draft, name, id)
        p.name = name
        p.updatedAt = deps.now().toISOString()
      })
      return summary(find(ws, id))
    },
    async remove({ id }) {
      const ws = await store.update((draft) => {
        find(draft, id)
        draft.projects = draft.projects.filter((p) => p.id !== id)
        if (draft.activeProjectId === id) draft.activeProjectId = draft.projects[0]?.id ?? null
      })
      deps.log.info('project deleted', { id })
      return { activeProjectId: ws.activeProjectId }
    },
    async exportFile({ id }) {
      const p = find(await store.read(), id)
      const file = { format: PROJECT_FILE_FORMAT, schemaVersion: CURRENT_SCHEMA_VERSION, name: p.name, exportedAt: deps.now().toISOString(), data: p.data }
      return { fileName: `${slug(p.name)}.xgwproj`, content: `${JSON.stringify(file, null, 2)}\n` }
    },
    async importFile({ content, name }) {
      const parsed = parseProjectFile(content)
      const base = name ?? parsed.name ?? 'Imported project'
      const id = randomUUID()
      const at = deps.now().toISOString()
      // The free name is chosen under the lock, on the file as it is: an import never overwrites.
      const ws = await store.update((draft) => {
        let finalName = base
        for (let n = 2; draft.projects.some((p) => p.name.toLowerCase() === finalName.toLowerCase()); n++) finalName = `${base.slice(0, 70)} (${n})`
        draft.projects.push({ id, name: finalName, createdAt: at, updatedAt: at, revision: 0, data: parsed.data })
        draft.activeProjectId = id
      })
      deps.log.info('project created', { id })
      return find(ws, id)
    },
  }
}

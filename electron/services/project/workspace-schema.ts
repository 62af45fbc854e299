import { z } from 'zod'
import { migrateProjectData } from '../../../shared/domain/model/migrate'
import { ProjectData } from '../../../shared/domain/model/project'
import { relaxLimits, limitIssues } from './relax-limits'

/** 3: `policy` holds a list of External Access Policies (`policy.policies`) instead of one. */
export const CURRENT_SCHEMA_VERSION = 3

export const StoredProject = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1).max(80),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Counts saves; a save based on an older revision is refused (CONFLICT), never a silent overwrite. */
  revision: z.number().int().min(0).default(0),
  data: ProjectData,
})
export type StoredProject = z.infer<typeof StoredProject>

/** The whole of project.json. */
export const Workspace = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  activeProjectId: z.string().nullable(),
  projects: z.array(StoredProject),
})
export type Workspace = z.infer<typeof Workspace>

export function emptyWorkspace(): Workspace {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, activeProjectId: null, projects: [] }
}

/**
 * Schema 1 held a single unnamed project at the top level ({ schemaVersion: 1, project }).
 * Schema 2 holds named projects, one per deployment, and remembers which one is open.
 * Schema 3 is schema 2 with several External Access Policies per project (see migrateProjectData).
 */
const SchemaV1 = z.object({ schemaVersion: z.literal(1), project: z.record(z.string(), z.unknown()), savedAt: z.string().optional() })

/**
 * Schema 2 → 3, pure: each project's single policy becomes a one-item list. A document whose
 * projects are not a list is passed on unchanged, so the shape check below reports it.
 */
export function migrateV2toV3(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null) return doc
  const { projects } = doc as { projects?: unknown }
  return {
    ...doc,
    schemaVersion: 3,
    projects: Array.isArray(projects) ? projects.map((p: unknown) => (typeof p === 'object' && p !== null && 'data' in p ? { ...p, data: migrateProjectData(p.data) } : p)) : projects,
  }
}

/** Thrown when a document cannot be brought to the current schema. */
export class MigrationError extends Error {
  constructor(
    readonly reason: 'too-new' | 'invalid',
    message: string,
  ) {
    super(message)
  }
}

/**
 * Brings any stored document to the current schema; pure, so it is tested on recorded
 * documents. Never guesses: an unknown or newer version is refused rather than reset.
 */
export function migrateWorkspace(raw: unknown, now: () => Date): Workspace {
  const r = readWorkspace(raw, now)
  if (r.limits.length) throw new MigrationError('invalid', `project.json is over this version's limits (${r.limits[0]}).`)
  return r.workspace
}

/**
 * Like migrateWorkspace, but a document that is well formed and only larger than this version
 * allows (more partners than the cap, a longer text) is read as it is, with the limits it
 * breaks named: it is not damaged, and calling it damaged would hide the admin's data.
 */
export function readWorkspace(raw: unknown, now: () => Date): { workspace: Workspace; limits: string[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MigrationError('invalid', `project.json holds ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`} instead of the projects.`)
  }
  const version = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined
  if (typeof version === 'number' && version > CURRENT_SCHEMA_VERSION) {
    throw new MigrationError('too-new', `project.json was written by a newer version of the app (schema ${version}; this version reads up to ${CURRENT_SCHEMA_VERSION}).`)
  }
  let doc: unknown = raw
  let from = version
  if (from === 1) {
    const v1 = SchemaV1.safeParse(raw)
    if (!v1.success) throw new MigrationError('invalid', 'project.json (schema 1) does not have the expected shape.')
    const { name, ...data } = v1.data.project as { name?: unknown }
    const stamp = v1.data.savedAt ?? now().toISOString()
    doc = {
      schemaVersion: 2,
      activeProjectId: 'migrated-1',
      projects: [{ id: 'migrated-1', name: typeof name === 'string' && name.trim() ? name.trim().slice(0, 80) : 'Migrated project', createdAt: stamp, updatedAt: stamp, data }],
    }
    from = 2
  }
  if (from === 2) doc = migrateV2toV3(doc)
  const parsed = Workspace.safeParse(doc)
  if (parsed.success) return { workspace: parsed.data, limits: [] }
  const relaxed = relaxLimits(Workspace).safeParse(doc)
  const over = limitIssues(parsed.error)
  if (relaxed.success && over.limits.length) return { workspace: relaxed.data, limits: over.limits }
  const issue = (relaxed.success ? parsed.error : relaxed.error).issues[0]
  throw new MigrationError('invalid', `project.json does not have the expected shape (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'}).`)
}

import { z } from 'zod'
import { route } from './define'
import { ProjectData } from '../domain/model/project'

const Id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a project id')
export const ProjectName = z.string().trim().min(1, 'Enter a name').max(80, 'At most 80 characters')

export const ProjectSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(), // ISO-8601: Date does not survive JSON
  updatedAt: z.string(),
  /** Raised by every change; a save carries the revision it was based on (see save). */
  revision: z.number().int().min(0),
})
export type ProjectSummary = z.infer<typeof ProjectSummary>

export const Project = ProjectSummary.extend({ data: ProjectData })
export type Project = z.infer<typeof Project>

export const ProjectList = z.object({
  activeProjectId: z.string().nullable(),
  projects: z.array(ProjectSummary),
  /** Set once after start-up when project.json was damaged and moved aside. */
  notice: z.string().nullable(),
  /** The notice's code: PROJECT_DAMAGED, LIMIT_EXCEEDED (kept and read, over a limit) or STORE_IO. */
  noticeCode: z.string().optional(),
})
export type ProjectList = z.infer<typeof ProjectList>

/** The file written by "Export project": versioned, no secrets, re-importable. */
export const PROJECT_FILE_FORMAT = 'xgw-project'

export const project = {
  list: route({ summary: 'List projects', input: z.object({}).strict(), output: ProjectList }),
  current: route({ summary: 'The open project', input: z.object({}).strict(), output: Project.nullable() }),
  create: route({ summary: 'Create a project and open it', input: z.object({ name: ProjectName }).strict(), output: Project }),
  open: route({ summary: 'Open a project', input: z.object({ id: Id }).strict(), output: Project }),
  save: route({
    summary: 'Save the data of a project',
    // ProjectData applies defaults and strips unknown keys, so a renderer cannot smuggle fields in.
    // baseRevision: the revision this data was based on; a stale one is refused with CONFLICT.
    input: z.object({ id: Id, data: ProjectData, baseRevision: z.number().int().min(0).optional() }).strict(),
    output: ProjectSummary,
  }),
  rename: route({ summary: 'Rename a project', input: z.object({ id: Id, name: ProjectName }).strict(), output: ProjectSummary }),
  remove: route({ summary: 'Delete a project', input: z.object({ id: Id }).strict(), output: z.object({ activeProjectId: z.string().nullable() }) }),
  exportFile: route({
    summary: 'A project as a portable file',
    input: z.object({ id: Id }).strict(),
    output: z.object({ fileName: z.string(), content: z.string() }),
  }),
  importFile: route({
    summary: 'Import a project file',
    input: z.object({ content: z.string().max(5_000_000), name: ProjectName.optional() }).strict(),
    output: Project,
  }),
} as const

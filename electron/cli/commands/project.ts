// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Api } from '../../../shared/contract'
import type { ProjectSummary } from '../../../shared/contract/project'
import { AppError, ErrorCode } from '../../../shared/errors'
import { expectOk, type CliContext, type Command } from '../command'

/** A project named by id or (case-insensitive) name; the open one when none is named. */
async function pickProject(api: Api, ref: string | undefined): Promise<ProjectSummary> {
  const list = await expectOk(api.project.list({}))
  const wanted = ref ?? list.activeProjectId
  const hit = list.projects.find((p) => p.id === wanted || p.name.toLowerCase() === wanted?.toLowerCase())
  if (!hit) {
    throw new AppError(ErrorCode.NotFound, ref ? `No project named "${ref}". Run xgw project list.` : 'No project is open; name one (xgw project list).')
  }
  return hit
}

const print = (ctx: CliContext, value: unknown, text: string) => ctx.out(ctx.json ? `${JSON.stringify(value, null, 2)}\n` : text)

export const projectCommands: Command[] = [
  {
    name: 'info',
    summary: 'Version, data directory and platform',
    usage: 'xgw info [--json]',
    options: [],
    async run(_args, _opts, ctx) {
      const info = await expectOk(ctx.api.app.info({}))
      print(ctx, info, `${info.name} ${info.version}\nData directory: ${info.dataDir}\nNode ${info.nodeVersion} on ${info.platform}\n`)
      return 0
    },
  },
  {
    name: 'project list',
    summary: 'List the projects in the data directory',
    usage: 'xgw project list [--json]',
    options: [],
    async run(_args, _opts, ctx) {
      const list = await expectOk(ctx.api.project.list({}))
      const lines = list.projects.map((p) => `${p.id === list.activeProjectId ? '*' : ' '} ${p.name}  (${p.id}, updated ${p.updatedAt})`)
      print(ctx, list, `${lines.join('\n') || 'No projects yet: xgw project create NAME'}\n`)
      return 0
    },
  },
  {
    name: 'project create',
    summary: 'Create a project and make it the open one',
    usage: 'xgw project create NAME [--json]',
    options: [],
    async run(args, _opts, ctx) {
      if (args.length !== 1) throw new AppError(ErrorCode.Usage, 'Give exactly one project name (quote it if it has spaces).')
      const p = await expectOk(ctx.api.project.create({ name: args[0]! }))
      print(ctx, { id: p.id, name: p.name }, `Created ${p.name} (${p.id})\n`)
      return 0
    },
  },
  {
    name: 'project rename',
    summary: 'Rename a project',
    usage: 'xgw project rename PROJECT NEW-NAME [--json]',
    options: [],
    async run(args, _opts, ctx) {
      if (args.length !== 2) throw new AppError(ErrorCode.Usage, 'Give the project (name or id) and its new name.')
      const p = await pickProject(ctx.api, args[0])
      const renamed = await expectOk(ctx.api.project.rename({ id: p.id, name: args[1]! }))
      print(ctx, renamed, `Renamed to ${renamed.name}\n`)
      return 0
    },
  },
  {
    name: 'project delete',
    summary: 'Delete a project (export it first to keep a copy)',
    usage: 'xgw project delete PROJECT [--json]',
    options: [],
    async run(args, _opts, ctx) {
      if (args.length !== 1) throw new AppError(ErrorCode.Usage, 'Give the project to delete (name or id).')
      const p = await pickProject(ctx.api, args[0])
      const res = await expectOk(ctx.api.project.remove({ id: p.id }))
      print(ctx, { deleted: p.id, ...res }, `Deleted ${p.name}\n`)
      return 0
    },
  },
  {
    name: 'project export',
    summary: 'Write a project to a portable file (no secrets)',
    usage: 'xgw project export [PROJECT] --out FILE [--json]',
    options: [{ name: 'out', type: 'string', valueName: 'FILE', description: 'File to write' }],
    async run(args, opts, ctx) {
      if (typeof opts.out !== 'string') throw new AppError(ErrorCode.Usage, '--out FILE is required.')
      if (args.length > 1) throw new AppError(ErrorCode.Usage, 'Give at most one project.')
      const p = await pickProject(ctx.api, args[0])
      const file = await expectOk(ctx.api.project.exportFile({ id: p.id }))
      const target = resolve(ctx.cwd, opts.out)
      const { writeFileAtomic } = await import('../../lib/atomic-file') // node:crypto only when a file is written
      await writeFileAtomic(target, file.content, 0o644)
      print(ctx, { id: p.id, name: p.name, file: target }, `Wrote ${target}\n`)
      return 0
    },
  },
  {
    name: 'project import',
    summary: 'Import a project file as a new project',
    usage: 'xgw project import FILE [--name NAME] [--json]',
    options: [{ name: 'name', type: 'string', valueName: 'NAME', description: 'Name for the imported project' }],
    async run(args, opts, ctx) {
      if (args.length !== 1) throw new AppError(ErrorCode.Usage, 'Give the project file to import.')
      let content: string
      try {
        content = readFileSync(resolve(ctx.cwd, args[0]!), 'utf8')
      } catch (err) {
        throw new AppError(ErrorCode.Usage, `Cannot read ${args[0]}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`)
      }
      const p = await expectOk(ctx.api.project.importFile({ content, ...(typeof opts.name === 'string' ? { name: opts.name } : {}) }))
      print(ctx, { id: p.id, name: p.name }, `Imported as ${p.name} (${p.id})\n`)
      return 0
    },
  },
]

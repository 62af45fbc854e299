/**
 * `xgw collect-script | project import-live | drift | renewal` (issue 15): the read-only collector,
 * importing its output into a project, the drift report (exit 4 on any drift) and the Edge
 * certificate renewal files. Files are read and written here; the routes take text.
 */
// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Api } from '../../../shared/contract'
import type { ProjectSummary } from '../../../shared/contract/project'
// Only zod-free constants load with the command table; the schemas load when a command runs.
import { LIVE_MAX_BYTES, LIVE_SECTION_IDS, type LiveSectionId } from '../../../shared/domain/live/limits'
import { AppError, ErrorCode } from '../../../shared/errors'
import { writeFileAtomic } from '../../lib/atomic-file'
import { readProjectFile } from '../project-file'
import { expectOk, type CliContext, type Command, type OptionValues } from '../command'

/** Exit code of `xgw drift` when the deployment differs from the project, and of `store list --expiring`. */
export const EXIT_DRIFT = 4

const str = (v: OptionValues[string]): string | undefined => (typeof v === 'string' && v ? v : undefined)

async function readLiveFile(ctx: CliContext, file: string): Promise<string> {
  try {
    const buf = readFileSync(resolve(ctx.cwd, file))
    if (buf.length > LIVE_MAX_BYTES) throw new AppError(ErrorCode.LiveDataInvalid, `${file} is larger than a deployment read can be.`)
    return buf.toString('utf8')
  } catch (e) {
    if (e instanceof AppError) throw e
    const code = (e as NodeJS.ErrnoException).code
    throw new AppError(code === 'ENOENT' ? ErrorCode.NotFound : ErrorCode.Usage, `Cannot read ${file}: ${code ?? 'error'}.`)
  }
}

/** A file the way the export writes it: UTF-8 with BOM and CRLF for PowerShell, as given otherwise. */
async function writeText(ctx: CliContext, file: string, f: { content: string; encoding: string }): Promise<string> {
  const target = resolve(ctx.cwd, file)
  await writeFileAtomic(target, f.encoding === 'utf8-bom' ? `\uFEFF${f.content}` : f.content, 0o644)
  return target
}

async function pickProject(api: Api, ref: string | undefined): Promise<ProjectSummary> {
  const list = await expectOk(api.project.list({}))
  const wanted = ref ?? list.activeProjectId
  const hit = list.projects.find((p) => p.id === wanted || p.name.toLowerCase() === wanted?.toLowerCase())
  if (!hit) throw new AppError(ErrorCode.NotFound, ref ? `No project named "${ref}". Run xgw project list, or xgw project create NAME first.` : 'No project is open; name one with --project (xgw project list).')
  return hit
}

const collectScript: Command = {
  name: 'collect-script',
  summary: 'Write the read-only collector script (xgw-collect.ps1) to run in the legacy Management Shell',
  usage: 'xgw collect-script --out FILE [--json]',
  options: [{ name: 'out', type: 'string', valueName: 'FILE', description: 'Where to write the script (e.g. xgw-collect.ps1)' }],
  async run(args, opts, ctx) {
    const out = str(opts.out)
    if (!out || args.length) throw new AppError(ErrorCode.Usage, `--out FILE is required. Usage: ${collectScript.usage}`)
    const f = await expectOk(ctx.api.live.collectorScript({}))
    const target = await writeText(ctx, out, f)
    ctx.out(ctx.json ? JSON.stringify({ file: target }) : `Wrote ${target}\nRun it on a Front End server in the legacy Management Shell; with -Edge on each Edge Server for the certificates.`)
    return 0
  },
}

const importLive: Command = {
  name: 'project import-live',
  summary: 'Fill a project (a new one when --project names none yet) from a deployment read, section by section',
  usage: `xgw project import-live FILE [--project NAME] [--take SECTION]... [--json]   (sections: ${LIVE_SECTION_IDS.join(', ')})`,
  options: [
    { name: 'project', type: 'string', valueName: 'NAME', description: 'The project to fill (name or id; default: the open one); a new name creates it' },
    { name: 'take', type: 'list', valueName: 'SECTION', description: 'Take only these sections (repeat); default: every section' },
  ],
  async run(args, opts, ctx) {
    if (args.length !== 1) throw new AppError(ErrorCode.Usage, `Give the collector's output file. Usage: ${importLive.usage}`)
    const take = Array.isArray(opts.take) ? opts.take : []
    const unknown = take.filter((t) => !(LIVE_SECTION_IDS as readonly string[]).includes(t))
    if (unknown.length) throw new AppError(ErrorCode.Usage, `Unknown section ${unknown.join(', ')}: choose from ${LIVE_SECTION_IDS.join(', ')}.`)
    const content = await readLiveFile(ctx, args[0]!)
    const named = str(opts.project)
    // A name no project has yet starts a new project from the deployment (day 0).
    const exists = named ? (await expectOk(ctx.api.project.list({}))).projects.some((p) => p.id === named || p.name.toLowerCase() === named.toLowerCase()) : true
    // The file is read and checked before a project is created for it: a refused file leaves nothing behind.
    await expectOk(ctx.api.live.preview({ projectData: {}, source: { content } }))
    const summary = exists ? await pickProject(ctx.api, named) : await expectOk(ctx.api.project.create({ name: named! }))
    // Read through the export route: opening the project would change which one the app has open.
    const project = { id: summary.id, name: summary.name, data: (await import('../../services/project/project-service')).parseProjectFile((await expectOk(ctx.api.project.exportFile({ id: summary.id }))).content).data }
    const source = { content }
    const preview = await expectOk(ctx.api.live.preview({ projectData: project.data, source }))
    const chosen = (take.length ? take : preview.sections.map((s) => s.id)) as LiveSectionId[]
    const applied = await expectOk(ctx.api.live.apply({ projectData: project.data, source, take: chosen, projectId: project.id }))
    await expectOk(ctx.api.project.save({ id: project.id, data: applied.data }))
    if (ctx.json) {
      ctx.out(JSON.stringify({ project: { id: project.id, name: project.name }, taken: chosen, sections: preview.sections }))
      return 0
    }
    ctx.out(
      `Read ${preview.summary.collectedOn || 'the deployment'} (${preview.summary.collectedAt}): ${preview.summary.pools} pools, ${preview.summary.edgePools} Edge pools, ${preview.summary.policies} policies, ${preview.summary.partners} partners, ${preview.summary.certificates} Edge certificates.`,
    )
    for (const s of preview.sections) {
      const taken = chosen.includes(s.id)
      ctx.out(`${taken ? 'took ' : 'left '} ${s.title}${s.differs ? '' : ' (already the same)'}`)
      for (const f of s.fields.filter((x) => !x.same)) ctx.out(`       ${f.label}: ${f.project} -> ${f.live}`)
    }
    for (const n of preview.summary.notes) ctx.out(`note: ${n}`)
    ctx.out(`Saved ${project.name}.`)
    return 0
  },
}

const drift: Command = {
  name: 'drift',
  summary: 'Compare a project with a fresh deployment read: exit 0 when everything matches, 4 on any drift',
  usage: 'xgw drift --project FILE --live FILE [--json]',
  options: [
    { name: 'project', type: 'string', valueName: 'FILE', description: 'Project file from "xgw project export" (or bare project data JSON)' },
    { name: 'live', type: 'string', valueName: 'FILE', description: "The collector's output (xgw-deployment.json)" },
  ],
  async run(args, opts, ctx) {
    const projectFile = str(opts.project)
    const liveFile = str(opts.live)
    if (!projectFile || !liveFile || args.length) throw new AppError(ErrorCode.Usage, `Both --project and --live are required. Usage: ${drift.usage}`)
    const data = await readProjectFile(ctx, projectFile)
    const report = await expectOk(ctx.api.live.drift({ projectData: data, content: await readLiveFile(ctx, liveFile) }))
    if (ctx.json) ctx.out(JSON.stringify(report))
    else {
      const { driftLines } = await import('../../../shared/domain/live/drift')
      const lines = driftLines(report)
      ctx.out(`Deployment read on ${report.collectedOn || 'the Front End'} at ${report.collectedAt}.`)
      if (lines.length === 0) ctx.out(`Everything matches: ${report.entries.length + report.deploymentWide.length} objects and settings.`)
      for (const l of lines) ctx.out(l)
      for (const n of report.notes) ctx.out(`note: ${n}`)
    }
    return report.drifted ? EXIT_DRIFT : 0
  },
}

const renewal: Command = {
  name: 'renewal',
  summary: 'Write the Edge certificate renewal script and runbook section (same SANs, rollback to the previous thumbprint)',
  usage: 'xgw renewal --project FILE --out DIR [--new-thumbprint HEX] [--previous-thumbprint HEX] [--previous-not-after ISO] [--json]',
  options: [
    { name: 'project', type: 'string', valueName: 'FILE', description: 'Project file from "xgw project export"' },
    { name: 'out', type: 'string', valueName: 'DIR', description: 'Directory to write the two files into' },
    { name: 'new-thumbprint', type: 'string', valueName: 'HEX', description: 'Thumbprint of the renewed certificate' },
    { name: 'previous-thumbprint', type: 'string', valueName: 'HEX', description: "Thumbprint in use now (default: the project's)" },
    { name: 'previous-not-after', type: 'string', valueName: 'ISO', description: 'When the certificate in use expires (stages the A/V certificate 8 hours before)' },
  ],
  async run(args, opts, ctx) {
    const projectFile = str(opts.project)
    const out = str(opts.out)
    if (!projectFile || !out || args.length) throw new AppError(ErrorCode.Usage, `Both --project and --out are required. Usage: ${renewal.usage}`)
    const data = await readProjectFile(ctx, projectFile)
    const r = await expectOk(
      ctx.api.live.renewal({
        projectData: data,
        newThumbprint: str(opts['new-thumbprint']) ?? '',
        previousThumbprint: str(opts['previous-thumbprint']) ?? '',
        previousNotAfter: str(opts['previous-not-after']) ?? '',
      }),
    )
    const written: string[] = []
    for (const f of r.files) written.push(await writeText(ctx, resolve(ctx.cwd, out, f.fileName), f))
    ctx.out(ctx.json ? JSON.stringify({ files: written }) : written.map((w) => `Wrote ${w}`).join('\n'))
    return 0
  },
}

/** The commands this module contributes to `xgw`. */
export const liveCommands: Command[] = [collectScript, importLive, drift, renewal]

// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError, ErrorCode } from '../../../shared/errors'
import { readProjectFile } from '../project-file'
import { expectOk, type Command, type CliContext, type OptionValues } from '../command'

async function readText(ctx: CliContext, file: string, what: string): Promise<string> {
  try {
    return readFileSync(resolve(ctx.cwd, file), 'utf8')
  } catch (e) {
    throw new AppError(ErrorCode.NotFound, `Cannot read the ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`)
  }
}

const str = (v: OptionValues[string]): string | undefined => (typeof v === 'string' && v ? v : undefined)

/** `xgw script`: the export folder from a saved project file, the same files as the app writes. */
export const scriptCommand: Command = {
  name: 'script',
  summary: 'Write the export folder (PowerShell, rollback, runbook, DNS, firewall, CSR values) from a project file',
  usage: 'xgw script --project FILE --out DIR [--san NAME]... [--existing-policies FILE] [--existing-partners FILE] [--json]',
  options: [
    { name: 'project', type: 'string', valueName: 'FILE', description: 'Project file from "xgw project export" (or a bare project data JSON)' },
    { name: 'out', type: 'string', valueName: 'DIR', description: 'Directory under which a timestamped export folder is created' },
    { name: 'san', type: 'list', valueName: 'NAME', description: 'A SAN DNS name of the Edge certificate (repeat); enables the SAN cross-checks' },
    { name: 'existing-policies', type: 'string', valueName: 'FILE', description: 'Output of Get-CsExternalAccessPolicy | ConvertTo-Json' },
    { name: 'existing-partners', type: 'string', valueName: 'FILE', description: 'Output of Get-CsXmppAllowedPartner | ConvertTo-Json' },
  ],
  async run(_positionals, options, ctx) {
    const projectPath = str(options.project)
    const outDir = str(options.out)
    if (!projectPath || !outDir) throw new AppError(ErrorCode.Usage, `Both --project and --out are required. Usage: ${scriptCommand.usage}`)
    const data = await readProjectFile(ctx, projectPath)
    const policiesPath = str(options['existing-policies'])
    const partnersPath = str(options['existing-partners'])
    const existing =
      policiesPath || partnersPath
        ? {
            policiesJson: policiesPath ? await readText(ctx, policiesPath, 'policy export') : '',
            partnersJson: partnersPath ? await readText(ctx, partnersPath, 'partner export') : '',
          }
        : null
    const sans = Array.isArray(options.san) ? options.san : []
    const input = { projectData: data, sanNames: sans.length ? sans : null, existing }
    // The preview names the blocking findings; the write refuses them too (EXPORT_BLOCKED).
    const preview = await expectOk(ctx.api.artifacts.preview(input))
    if (preview.blocking.length > 0) {
      const message = `Export blocked by ${preview.blocking.length} finding(s); fix them in the wizard or the project file.`
      if (ctx.json) ctx.out(`${JSON.stringify({ error: { code: ErrorCode.ExportBlocked, message, findings: preview.blocking } })}\n`)
      else {
        ctx.err(`xgw: ${message} [${ErrorCode.ExportBlocked}]\n`)
        for (const f of preview.blocking) ctx.err(`  ${f.field} [${f.code}] ${f.message}\n`)
      }
      return 2
    }
    const result = await expectOk(ctx.api.artifacts.write({ ...input, outDir: resolve(ctx.cwd, outDir) }))
    const warnings = preview.findings.filter((f) => f.severity === 'warning')
    if (ctx.json) ctx.out(`${JSON.stringify({ folder: result.folder, files: result.files, warnings })}\n`)
    else {
      ctx.out(`Export written to ${result.folder}\n`)
      for (const f of result.files) ctx.out(`  ${f}\n`)
      for (const w of warnings) ctx.out(`warning: ${w.field}: ${w.message}\n`)
    }
    return 0
  },
}

/** The commands this module contributes to `xgw`. */
export const scriptCommands: Command[] = [scriptCommand]

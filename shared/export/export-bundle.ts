import type { ProjectData } from '../domain/model/project'
import { blockingFindings, type Finding } from '../domain/rules/issue'
import { reviewFindings } from '../domain/rules/review'
import { configScript } from './config-script'
import { csrParameters } from './csr-parameters'
import { dnsCsv, dnsZoneText, windowsDnsCommands } from './dns-records'
import { planChanges, type ExistingConfig, type PlannedChange } from './existing-config'
import { firewallCsv } from './firewall-rules'
import { rollbackScript } from './rollback-script'
import { runbookDoc, runbookHtml, runbookMarkdown } from './runbook'
import { configPlan } from './config-plan'

/** One file of the export folder, as logical text (LF); the writer applies encoding and EOL. */
export interface ExportFile {
  readonly fileName: string
  readonly content: string
  /** utf8-bom for .ps1 so Windows PowerShell 5.1 reads non-ASCII text right (ecosystem.md §4.5). */
  readonly encoding: 'utf8-bom' | 'utf8'
  readonly eol: 'crlf' | 'lf'
  /** For the preview's syntax highlighting. */
  readonly language: 'powershell' | 'markdown' | 'html' | 'csv' | 'text'
}

/** Options of one export. */
export interface ExportOptions {
  /** ISO-8601 time of the export, printed in every file. */
  readonly generatedAt: string
  readonly appVersion: string
  /** SAN DNS names of the chosen Edge certificate, for the cross-checks; null when none is chosen. */
  readonly sanNames?: readonly string[] | null
  /** Configuration pasted from the server: change list and the rollback's export-time fallback. */
  readonly existing?: ExistingConfig | null
}

/** What the review step and the writers receive. */
export interface ExportBundle {
  readonly files: readonly ExportFile[]
  /** Every finding of the owned steps and the cross-checks. */
  readonly findings: readonly Finding[]
  /** The errors among them: while any exists the export folder must not be written. */
  readonly blocking: readonly Finding[]
  /** Every change the config script will make, as far as pasted configuration tells. */
  readonly changes: readonly PlannedChange[]
}

/** The file names of the export folder (spec §5 step 9), in the order they are listed. */
export const EXPORT_FILE_NAMES = ['xmpp-config.ps1', 'xmpp-rollback.ps1', 'runbook.md', 'runbook.html', 'dns-records.txt', 'dns-records.csv', 'dns-records-windows.ps1', 'firewall-rules.csv', 'csr-parameters.txt'] as const

/**
 * The whole export: project + options → files and findings. Pure: the same inputs give the same
 * bytes, for the preview, the export folder and `xgw script` alike. Files are produced even when
 * findings block, so the preview can show them; writers must refuse when `blocking` is non-empty.
 */
export function buildExportBundle(p: ProjectData, o: ExportOptions): ExportBundle {
  const findings = reviewFindings(p, { sanNames: o.sanNames ?? null, existingUserPolicies: o.existing?.policies.filter((x) => x.scope === 'user').map((x) => x.name) })
  const so = { generatedAt: o.generatedAt, appVersion: o.appVersion }
  const ps = (fileName: string, content: string): ExportFile => ({ fileName, content, encoding: 'utf8-bom', eol: 'crlf', language: 'powershell' })
  const doc = (fileName: string, content: string, language: ExportFile['language']): ExportFile => ({ fileName, content, encoding: 'utf8', eol: 'crlf', language })
  // One plan and one runbook document for every file: the script, the runbook and the change
  // list are rendered from the same objects, and a project of 5,000 partners is planned once.
  const plan = configPlan(p)
  const runbook = runbookDoc(p, so, plan)
  const files: ExportFile[] = [
    ps('xmpp-config.ps1', configScript(p, so, plan)),
    ps('xmpp-rollback.ps1', rollbackScript(p, so, o.existing ?? null)),
    doc('runbook.md', runbookMarkdown(p, so, runbook), 'markdown'),
    doc('runbook.html', runbookHtml(p, so, runbook), 'html'),
    doc('dns-records.txt', dnsZoneText(p, so), 'text'),
    doc('dns-records.csv', dnsCsv(p), 'csv'),
    ps('dns-records-windows.ps1', windowsDnsCommands(p, so)),
    doc('firewall-rules.csv', firewallCsv(p), 'csv'),
    doc('csr-parameters.txt', csrParameters(p, so), 'text'),
  ]
  return { files, findings, blocking: blockingFindings(findings), changes: planChanges(p, o.existing ?? null, plan) }
}

/** Applies a file's line-ending choice to its logical text. */
export function withEol(file: Pick<ExportFile, 'content' | 'eol'>): string {
  const lf = file.content.replace(/\r\n?/g, '\n')
  return file.eol === 'crlf' ? lf.replace(/\n/g, '\r\n') : lf
}

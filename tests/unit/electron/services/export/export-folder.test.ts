import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scriptCommand } from '../../../../../electron/cli/commands/script'
import { parseProjectFile } from '../../../../../electron/services/project/project-service'
import { createTestHost } from '../../../../helpers/test-host'
import type { CliContext } from '../../../../../electron/cli/command'
import { createExportService } from '../../../../../electron/services/export/export-service'
import { encodeExportFile, exportFolderName, writeExportFolder } from '../../../../../electron/services/export/export-folder'
import { silentLogger } from '../../../../../electron/lib/logger'
import { buildExportBundle } from '../../../../../shared/export/export-bundle'
import { csvCell } from '../../../../../shared/export/csv'
import { AppError } from '../../../../../shared/errors'
import { SAMPLE_GENERATED_AT, smallProject } from '../../../../helpers/sample-projects'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xgw-export-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const NOW = new Date(2025, 0, 15, 9, 30, 5)

describe('export folder bytes', () => {
  it('writes .ps1 as UTF-8 with BOM and CRLF, other files UTF-8 without BOM and CRLF', async () => {
    const p = smallProject()
    p.policy.policies[0]!.description = 'Zürich – “quoted” ’s'
    const bundle = buildExportBundle(p, { generatedAt: SAMPLE_GENERATED_AT, appVersion: 't' })
    const { folder, files } = await writeExportFolder(dir, bundle.files, NOW)
    expect(folder).toBe(join(dir, 'xmpp-export-20250115-093005'))
    expect((await readdir(folder)).sort()).toEqual([...files].sort())
    for (const f of bundle.files) {
      const bytes = await readFile(join(folder, f.fileName))
      const bom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))
      expect(bom, f.fileName).toBe(f.fileName.endsWith('.ps1'))
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '')
      expect(text.split('\r\n').join('').includes('\n'), `${f.fileName} has a bare LF`).toBe(false)
      expect(text.endsWith('\r\n')).toBe(true)
      expect(text.replace(/\r\n/g, '\n')).toBe(f.content)
    }
    const config = await readFile(join(folder, 'xmpp-config.ps1'))
    expect(config.includes(Buffer.from("'Zürich – “quoted” ’’s'", 'utf8'))).toBe(true)
  })
  it('never overwrites an earlier export from the same second', async () => {
    const files = buildExportBundle(smallProject(), { generatedAt: 'T', appVersion: 't' }).files
    const a = await writeExportFolder(dir, files, NOW)
    const b = await writeExportFolder(dir, files, NOW)
    expect(b.folder).toBe(`${a.folder}-2`)
    expect(exportFolderName(NOW)).toBe('xmpp-export-20250115-093005')
  })
  it('encodes CRLF exactly once', () => {
    expect(encodeExportFile({ fileName: 'a.txt', content: 'a\nb\r\nc\n', encoding: 'utf8', eol: 'crlf', language: 'text' }).toString()).toBe('a\r\nb\r\nc\r\n')
  })
  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvCell('a,"b"')).toBe('"a,""b"""')
    expect(csvCell(5269)).toBe('5269')
  })
})

describe('export service', () => {
  const service = createExportService({ now: () => NOW, log: silentLogger, appVersion: 't', chooseExportFolder: async () => join(dir, 'chosen') })
  it('previews files and findings', async () => {
    const r = await service.preview({ projectData: smallProject(), sanNames: null, existing: null })
    expect(r.files.map((f) => f.fileName)).toContain('xmpp-config.ps1')
    expect(r.blocking).toEqual([])
  })
  it('saves where the host chooses, and writes nothing when the admin cancels', async () => {
    const saved = await service.save({ projectData: smallProject(), sanNames: null, existing: null })
    expect(saved.folder).toMatch(/chosen/)
    expect(saved.files).toContain('xmpp-config.ps1')
    const cancelled = createExportService({ now: () => NOW, log: silentLogger, appVersion: 't', chooseExportFolder: async () => null })
    expect(await cancelled.save({ projectData: smallProject(), sanNames: null, existing: null })).toEqual({ folder: null, files: [] })
  })
  it('refuses to write when findings block', async () => {
    const p = smallProject()
    p.partners.partners[0]!.dialback = false
    await expect(service.write({ projectData: p, sanNames: null, existing: null, outDir: dir })).rejects.toMatchObject({ code: 'EXPORT_BLOCKED' })
    expect(await readdir(dir)).toEqual([])
  })
  it('parses pasted configuration into a prefilled project and changes', async () => {
    const r = await service.parseExisting({ policiesJson: '{"Identity":"Global"}', partnersJson: '[]', projectData: smallProject() })
    expect(r.existing.policies).toHaveLength(1)
    expect(r.prefilled?.partners.partners).toHaveLength(1)
    expect(r.changes.map((c) => c.object)).toEqual(['AccessEdgeConfiguration', 'ExternalAccessPolicy', 'UserPolicyAssignment', 'XmppAllowedPartner'])
  })
})

describe('xgw script', () => {
  const ctx = async () => {
    const out: string[] = [],
      err: string[] = []
    const { api } = await createTestHost(join(dir, 'data'), undefined, { cli: true })
    const c = { api, json: false, cwd: dir, env: {}, out: (t: string) => out.push(t), err: (t: string) => err.push(t), readPassword: async () => undefined } satisfies CliContext
    return { c, out, err }
  }
  it('writes the export folder from an exported project file', async () => {
    await writeFile(join(dir, 'p.json'), JSON.stringify({ format: 'xgw-project', schemaVersion: 1, name: 'Contoso', data: smallProject() }))
    const { c, out } = await ctx()
    expect(await scriptCommand.run([], { project: 'p.json', out: 'exports' }, c)).toBe(0)
    const [folder] = await readdir(join(dir, 'exports'))
    expect((await readdir(join(dir, 'exports', folder!))).length).toBe(9)
    expect(out[0]).toContain('Export written to')
  })
  it('exits 2 and lists the blocking findings', async () => {
    const p = smallProject()
    p.partners.partners[0]!.tls = 'NotSupported'
    p.partners.partners[0]!.sasl = 'Required'
    await writeFile(join(dir, 'bare.json'), JSON.stringify(p))
    const { c, err } = await ctx()
    expect(await scriptCommand.run([], { project: 'bare.json', out: 'exports' }, c)).toBe(2)
    expect(err[0]).toMatch(/^xgw: Export blocked by .*\[EXPORT_BLOCKED\]/)
    expect(err.join('\n')).toContain('partners.partners.0.sasl [partner.matrix.refused]')
  })
  it('reads schema-2 project files and bare schema-2 data: the single policy becomes a one-item list', () => {
    const single = { scope: 'site', site: 'Redmond', description: 'Redmond users', enableOutsideAccess: 'false' }
    const file = parseProjectFile(JSON.stringify({ format: 'xgw-project', schemaVersion: 2, name: 'Old', data: { inventory: { sipDomains: ['contoso.com'] }, policy: single } }))
    expect(file.name).toBe('Old')
    expect(file.data.policy.policies).toEqual([expect.objectContaining({ ...single, name: 'XmppFederatedUsers', enableXmppAccess: true })])
    expect(file.data.inventory.sipDomains).toEqual(['contoso.com'])
    expect(parseProjectFile(JSON.stringify({ policy: single })).data.policy.policies).toEqual([expect.objectContaining(single)])
    // Schema 3 is read as it is: the old shape there is refused, never replaced by the default.
    expect(() => parseProjectFile(JSON.stringify({ format: 'xgw-project', schemaVersion: 3, name: 'Odd', data: { policy: single } }))).toThrow(/policy/)
  })
  it('rejects files that are not project files', () => {
    expect(() => parseProjectFile('not json')).toThrow(AppError)
    expect(() => parseProjectFile('{"format":"other"}')).toThrow(/not an xgw-project/)
    // Bare schema-2 data: the single policy is migrated into the list, then refused there.
    expect(() => parseProjectFile('{"policy":{"scope":"nope"}}')).toThrow(/policy\.policies\.0\.scope/)
  })
})

import { readFile, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProjectData } from '../../../shared/domain/model/project'
import { renewalScript, RENEWAL_SCRIPT_FILE, stagedEffectiveDate } from '../../../shared/export/renewal-script'
import { TestPki } from '../../helpers/openssl'
import { EDGE_THUMBPRINT, seedDeployment } from './seed-deployment'
import { runWithModel } from './pwsh-run'

interface Call {
  cmdlet: string
  bound: Record<string, unknown>
}

/** The renewal script on one Edge Server of the cmdlet model: import, assign in Microsoft's order, restart; then rollback. */
describe('Edge certificate renewal script against the cmdlet model', () => {
  let pki: TestPki
  let newThumb: string
  const state = () => pki.path('state.json')
  const log = () => pki.path('calls.jsonl')
  const calls = async (): Promise<Call[]> =>
    (await readFile(log(), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call)
  const assigned = async () => Object.fromEntries((JSON.parse(await readFile(state(), 'utf8')).certificates as Array<{ Use: string; Thumbprint: string }>).map((c) => [c.Use, c.Thumbprint]))

  beforeAll(async () => {
    pki = new TestPki()
    const leaf = pki.leaf({ name: 'renewed', cn: 'sip.contoso.com', sans: ['sip.contoso.com', 'webconf.contoso.com', 'av.contoso.com', 'contoso.com', 'fabrikam.com'] })
    pki.pfx('renewed.pfx', leaf, 'Renew-Pw-1', ['-keypbe', 'AES-256-CBC', '-certpbe', 'AES-256-CBC', '-macalg', 'sha256'])
    newThumb = pki.facts('renewed.pem').sha1.toUpperCase()
    const now = new Date()
    await writeFile(state(), JSON.stringify(seedDeployment(now, 'edge01.contoso.local')))
    const project = ProjectData.parse({
      scenario: { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' },
      inventory: { edgeMembers: ['edge01.contoso.local', 'edge02.contoso.local'] },
      certificates: { edgeThumbprint: EDGE_THUMBPRINT, edgeSans: ['sip.contoso.com', 'webconf.contoso.com', 'av.contoso.com', 'contoso.com', 'fabrikam.com'] },
    })
    const notAfter = new Date(now.getTime() + 20 * 86_400_000).toISOString()
    await writeFile(pki.path(RENEWAL_SCRIPT_FILE), renewalScript(project, { newThumbprint: newThumb, previousThumbprint: EDGE_THUMBPRINT, previousNotAfter: notAfter, generatedAt: 't', appVersion: 't' }))
    expect(stagedEffectiveDate(notAfter)).toBe(new Date(Date.parse(notAfter) - 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'))
  })
  afterAll(() => pki.cleanup())

  it('imports, assigns AccessEdgeExternal and DataEdgeExternal, stages AudioVideoAuthentication with -Roll, restarts; -Rollback restores', async () => {
    const run = await runWithModel(`& './${RENEWAL_SCRIPT_FILE}' -PfxPath './renewed.pfx' -PfxPassword (ConvertTo-SecureString 'Renew-Pw-1' -AsPlainText -Force)`, { state: state(), log: log(), cwd: pki.dir })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const order = (await calls()).filter((c) => !c.cmdlet.startsWith('Get-')).map((c) => `${c.cmdlet}${c.bound.Type ? ` ${(c.bound.Type as string[]).join(',')}` : ''}${c.bound.Roll ? ' -Roll' : ''}`)
    expect(order).toEqual(['Import-CsCertificate', 'Set-CsCertificate AccessEdgeExternal,DataEdgeExternal', 'Set-CsCertificate AudioVideoAuthentication -Roll', 'Stop-CsWindowsService', 'Start-CsWindowsService'])
    const av = (await calls()).find((c) => c.bound.Roll)!
    expect(av.bound.Thumbprint).toBe(newThumb)
    expect(typeof av.bound.EffectiveDate).not.toBe('undefined')
    // The PFX password reached Import-CsCertificate (the model logs what the cmdlet received).
    expect(await readFile(log(), 'utf8')).toContain('Renew-Pw-1')
    expect(await assigned()).toMatchObject({ AccessEdgeExternal: newThumb, DataEdgeExternal: newThumb, AudioVideoAuthentication: newThumb })

    const back = await runWithModel(`& './${RENEWAL_SCRIPT_FILE}' -Rollback`, { state: state(), log: log(), cwd: pki.dir })
    expect(back.stderr).toBe('')
    expect(back.code).toBe(0)
    expect(await assigned()).toMatchObject({ AccessEdgeExternal: EDGE_THUMBPRINT, DataEdgeExternal: EDGE_THUMBPRINT, AudioVideoAuthentication: EDGE_THUMBPRINT })
  }, 120_000)

  it('refuses a wrong PFX password and assigns nothing', async () => {
    const before = await assigned()
    const run = await runWithModel(`& './${RENEWAL_SCRIPT_FILE}' -PfxPath './renewed.pfx' -PfxPassword (ConvertTo-SecureString 'wrong' -AsPlainText -Force)`, { state: state(), log: log(), cwd: pki.dir })
    // Already imported above: the script finds it in the store only on Windows (Cert:\), so it imports again here.
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/password/i)
    expect(run.stderr).not.toMatch(/ParserError/)
    expect(await assigned()).toEqual(before)
  }, 120_000)
})

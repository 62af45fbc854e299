import Parser from 'tree-sitter'
import PowerShell from 'tree-sitter-powershell'
import { describe, expect, it } from 'vitest'
import { collectorScript, COLLECTOR_CMDLETS } from '../../../../shared/export/collector-script'
import { renewalRunbook, renewalScript } from '../../../../shared/export/renewal-script'
import { daysLeft, expiryLevel, expirySentence } from '../../../../shared/domain/live/expiry'
import { applyLiveSections, liveFromExisting, liveProposal, liveSections } from '../../../../shared/domain/live/import-live'
import { parseExistingConfig } from '../../../../shared/export/existing-config'
import { emptyProjectData, ProjectData } from '../../../../shared/domain/model/project'
import { INJECTION, smallProject } from '../../../helpers/sample-projects'

const parser = new Parser()
parser.setLanguage(PowerShell)

describe('collector and renewal scripts', () => {
  it('parse without error nodes (tree-sitter-powershell)', () => {
    const p = smallProject()
    p.inventory.edgeMembers = [INJECTION]
    for (const src of [collectorScript({ appVersion: '1', generatedAt: 'now' }), renewalScript(p, { newThumbprint: 'A'.repeat(40), previousThumbprint: '', previousNotAfter: '', generatedAt: 'now', appVersion: INJECTION })]) {
      const root = parser.parse(src).rootNode
      const bad: string[] = []
      const walk = (n: Parser.SyntaxNode) => {
        if (n.isMissing || n.type === 'ERROR') bad.push(`${n.startPosition.row + 1}: ${src.split('\r\n')[n.startPosition.row]}`)
        n.children.forEach(walk)
      }
      walk(root)
      expect(bad).toEqual([])
      expect(root.hasError).toBe(false)
    }
  })

  it('the collector names only Get- cmdlets of the Skype for Business shell', () => {
    const src = collectorScript({ appVersion: '1', generatedAt: 'now' })
    const used = new Set([...src.matchAll(/\b([A-Z][a-z]+-Cs[A-Za-z]+)\b/g)].map((m) => m[1]!))
    expect([...used].sort()).toEqual([...COLLECTOR_CMDLETS].sort())
    // Named only in a comment that says it is never selected.
    expect(src.split('\r\n').filter((l) => /DialbackPassphrase/.test(l) && !l.trim().startsWith('#'))).toEqual([])
  })

  it('the runbook reuses the project SANs and says where staging is not documented', () => {
    const md = renewalRunbook(smallProject(), { newThumbprint: '', previousThumbprint: '', previousNotAfter: '2027-01-01T00:00:00Z', generatedAt: 'now', appVersion: '1' })
    expect(md).toContain('AudioVideoAuthentication')
    expect(md).toContain('not for AccessEdgeExternal or DataEdgeExternal')
    expect(md).toContain('2026-12-31T16:00:00Z')
  })
})

describe('expiry', () => {
  const now = new Date('2026-06-01T00:00:00Z')
  it.each([
    [90, 'ok'],
    [60, 'warn-60'],
    [31, 'warn-60'],
    [30, 'warn-30'],
    [15, 'warn-30'],
    [14, 'warn-14'],
    [0, 'warn-14'],
    [-1, 'expired'],
  ] as const)('%i days left is %s', (days, level) => {
    expect(expiryLevel(days)).toBe(level)
  })
  it('counts whole days and says them in one sentence', () => {
    expect(daysLeft('2026-06-21T12:00:00Z', now)).toBe(20)
    expect(daysLeft('2026-05-31T12:00:00Z', now)).toBe(-1)
    expect(expirySentence({ subject: 'CN=sip.contoso.com', notAfter: '2026-06-21T12:00:00Z', daysLeft: 20 })).toBe('CN=sip.contoso.com expires in 20 days (2026-06-21).')
    expect(expirySentence({ subject: 'CN=x', notAfter: '2026-05-31T12:00:00Z', daysLeft: -1 })).toMatch(/^CN=x expired on 2026-05-31/)
  })
})

describe('the pasted Get-Cs output goes through the same import', () => {
  it("offers only the policy and partner sections and keeps the project's grants", () => {
    const { existing } = parseExistingConfig({
      policiesJson: JSON.stringify([{ Identity: 'Tag:XmppFederatedUsers', Description: 'from the server', EnableFederationAccess: true, EnableXmppAccess: true, EnableOutsideAccess: false }]),
      partnersJson: JSON.stringify({ Identity: 'fabrikam.com', PartnerType: 'Federated', TlsNegotiation: 'Required', SaslNegotiation: 'NotSupported', SupportDialbackNegotiation: true }),
    })
    const proposal = liveProposal(liveFromExisting(existing, new Date()))
    const sections = liveSections(smallProject(), proposal)
    expect(sections.map((s) => s.id)).toEqual(['policy', 'partners'])
    const out = ProjectData.parse(applyLiveSections(smallProject(), proposal, ['policy']))
    expect(out.policy.policies).toMatchObject([{ name: 'XmppFederatedUsers', description: 'from the server', enableOutsideAccess: 'false', assignTo: { users: ['sip:alice@contoso.com', 'sip:bob@contoso.com'] } }])
    expect(out.partners).toEqual(smallProject().partners)
  })
  it('never overwrites a prerequisite the admin already set', () => {
    const data = emptyProjectData()
    data.prerequisites.items.P7 = { status: 'blocked', evidence: 'change board said no' }
    const proposal = { inventory: null, policies: null, partners: null, gateway: null, certificates: null, prerequisites: { P7: { status: 'done' as const, evidence: 'x' } } }
    expect(applyLiveSections(data, proposal, ['prerequisites']).prerequisites.items.P7).toEqual({ status: 'blocked', evidence: 'change board said no' })
  })
})

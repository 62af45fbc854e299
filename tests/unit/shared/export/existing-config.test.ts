import { describe, expect, it } from 'vitest'
import { parseExistingConfig, parseExistingPartners, parseExistingPolicies, planChanges, prefillFromExisting } from '../../../../shared/export/existing-config'
import { buildExportBundle } from '../../../../shared/export/export-bundle'
import { largeProject, smallProject } from '../../../helpers/sample-projects'

describe('pasted Get-Cs… | ConvertTo-Json', () => {
  it('reads one object, an array, and the PS 5.1 {value, Count} wrapper', () => {
    const one = { Identity: 'Tag:XmppFederatedUsers', Description: 'd', EnableFederationAccess: true, EnableXmppAccess: false }
    expect(parseExistingPolicies(JSON.stringify(one)).policies).toEqual([{ identity: 'Tag:XmppFederatedUsers', scope: 'user', name: 'XmppFederatedUsers', description: 'd', enableFederationAccess: true, enableXmppAccess: false, enableOutsideAccess: null, enablePublicCloudAccess: null }])
    const arr = [{ Identity: 'Global' }, { Identity: 'Site:Redmond' }, one]
    expect(parseExistingPolicies(JSON.stringify(arr)).policies.map((p) => `${p.scope}:${p.name}`)).toEqual(['global:global', 'site:Redmond', 'user:XmppFederatedUsers'])
    expect(parseExistingPolicies(`\uFEFF${JSON.stringify({ value: arr, Count: 3 })}`).policies).toHaveLength(3)
  })
  it('reports bad JSON and unreadable enums as findings, never throws', () => {
    expect(parseExistingPolicies('{nope').findings[0]).toMatchObject({ severity: 'error', code: 'existing.json' })
    const r = parseExistingPartners(JSON.stringify({ Identity: 'Fabrikam.com', TlsNegotiation: 2, SaslNegotiation: 'Not Supported', PartnerType: 'PublicVerified', AdditionalDomains: ['A.fabrikam.com', 'a.fabrikam.com'] }))
    expect(r.partners[0]).toMatchObject({ domain: 'fabrikam.com', tls: null, sasl: 'NotSupported', partnerType: 'PublicVerified', additionalDomains: ['a.fabrikam.com'] })
    expect(r.findings.map((f) => f.code)).toContain('existing.partner.enum')
  })
  it('prefills the policy and appends unknown partners', () => {
    const { existing } = parseExistingConfig({
      policiesJson: JSON.stringify({ Identity: 'Tag:XmppFederatedUsers', Description: 'from server', EnableFederationAccess: false, EnableOutsideAccess: true }),
      partnersJson: JSON.stringify([{ Identity: 'fabrikam.com', TlsNegotiation: 'Optional' }, { Identity: 'adatum.com', TlsNegotiation: 'NotSupported', SaslNegotiation: 'NotSupported', SupportDialbackNegotiation: true }]),
    })
    const p = prefillFromExisting(smallProject(), existing)
    expect(p.policy).toMatchObject({ updateExisting: true, description: 'from server', enableFederationAccess: false, enableOutsideAccess: 'true', enableXmppAccess: true })
    expect(p.partners.partners.map((x) => `${x.domain} ${x.tls}`)).toEqual(['fabrikam.com Required', 'adatum.com NotSupported'])
    expect(smallProject().partners.partners).toHaveLength(1)
  })
  it('lists the changes against the server', () => {
    const { existing } = parseExistingConfig({
      policiesJson: JSON.stringify({ Identity: 'Tag:XmppFederatedUsers', Description: 'Users allowed to talk to XMPP partners', EnableFederationAccess: true, EnableXmppAccess: false }),
      partnersJson: JSON.stringify({ Identity: 'fabrikam.com', Description: 'Fabrikam Openfire', PartnerType: 'PublicUnverified', TlsNegotiation: 'Required', SaslNegotiation: 'NotSupported', SupportDialbackNegotiation: true, EnableKeepAlive: true, AdditionalDomains: [] }),
    })
    expect(planChanges(smallProject(), existing)).toEqual([
      { object: 'ExternalAccessPolicy', identity: 'XmppFederatedUsers', action: 'update', changes: [{ property: 'EnableXmppAccess', from: 'false', to: 'true' }] },
      { object: 'XmppAllowedPartner', identity: 'fabrikam.com', action: 'unchanged', changes: [] },
    ])
    expect(planChanges(smallProject(), null).map((c) => c.action)).toEqual(['unknown', 'unknown'])
  })
})

describe('export bundle', () => {
  it('blocks on invalid matrix rows and missing SANs, and says where to fix them', () => {
    const p = largeProject()
    p.partners.partners[1]!.dialback = false // NotSupported/NotSupported/False: Not Valid
    const b = buildExportBundle(p, { generatedAt: 'T', appVersion: 'v', sanNames: ['sip.contoso.com'] })
    expect(b.blocking.map((f) => `${f.field} ${f.code}`)).toEqual(expect.arrayContaining(['partners.partners.1.sasl partner.matrix.invalid', 'inventory.xmppDomains.0 cross.san.xmpp-domain']))
    expect(b.files).toHaveLength(9)
  })
  it('marks .ps1 as UTF-8 with BOM and every file CRLF', () => {
    const b = buildExportBundle(smallProject(), { generatedAt: 'T', appVersion: 'v' })
    for (const f of b.files) {
      expect(f.encoding).toBe(f.fileName.endsWith('.ps1') ? 'utf8-bom' : 'utf8')
      expect(f.eol).toBe('crlf')
      expect(f.content).not.toContain('\r')
    }
  })
  it('never writes the dialback passphrase, only the prompt', () => {
    const script = buildExportBundle(largeProject(), { generatedAt: 'T', appVersion: 'v' }).files[0]!.content
    expect(script).toContain('Read-Host -AsSecureString')
    expect(script).toMatch(/-DialbackPassphrase \$dialbackPlain/)
  })
  it('emits EnablePublicCloudAccess only behind the Get-Command probe, AllowFederatedUsers only when False', () => {
    const script = buildExportBundle(largeProject(), { generatedAt: 'T', appVersion: 'v' }).files[0]!.content
    const probe = script.indexOf("(Get-Command -Name New-CsExternalAccessPolicy).Parameters.ContainsKey('EnablePublicCloudAccess')")
    expect(probe).toBeGreaterThan(0)
    expect(script.indexOf("$desiredPolicy['EnablePublicCloudAccess'] = $false")).toBeGreaterThan(probe)
    expect(script.match(/EnablePublicCloudAccess = /g)).toBeNull()
    expect(script).toContain('if (-not $currentEdge.AllowFederatedUsers) {')
    expect(buildExportBundle(smallProject(), { generatedAt: 'T', appVersion: 'v' }).files[0]!.content).not.toContain("ContainsKey('EnablePublicCloudAccess')")
  })
  it('prints both left-navigation labels and the product per legacy version', () => {
    const small = buildExportBundle(smallProject(), { generatedAt: 'T', appVersion: 'v' }).files
    const md = small.find((f) => f.fileName === 'runbook.md')!.content
    expect(md).toContain('**Federation and External Access**')
    expect(md).toContain('**External User Access**')
    expect(md).toContain('Skype for Business Server Control Panel')
    expect(md).not.toContain('Lync Server Control Panel')
    for (const owner of ['UC admin', 'DNS', 'Network', 'PKI']) expect(md).toContain(`**Owner:** ${owner}`)
    const large = buildExportBundle(largeProject(), { generatedAt: 'T', appVersion: 'v' }).files
    expect(large.find((f) => f.fileName === 'runbook.html')!.content).toContain('Lync Server Control Panel')
  })
  it('escapes user text in the HTML runbook and neutralises CSV formulas', () => {
    const p = smallProject()
    p.policy.description = '<script>alert(1)</script>'
    p.inventory.frontEndPools = ['=cmd|calc']
    const files = buildExportBundle(p, { generatedAt: 'T', appVersion: 'v' }).files
    const html = files.find((f) => f.fileName === 'runbook.html')!.content
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(files.find((f) => f.fileName === 'firewall-rules.csv')!.content).not.toMatch(/(^|,)=/m)
  })
  it('marks the Windows DNS parameter names [UNVERIFIED]', () => {
    const f = buildExportBundle(smallProject(), { generatedAt: 'T', appVersion: 'v' }).files.find((x) => x.fileName === 'dns-records-windows.ps1')!
    expect(f.content).toContain('[UNVERIFIED]')
    expect(f.content).toContain("Add-DnsServerResourceRecord -ZoneName 'contoso.com' -Srv -Name '_xmpp-server._tcp' -DomainName 'sip.contoso.com' -Priority 10 -Weight 0 -Port 5269")
  })
})

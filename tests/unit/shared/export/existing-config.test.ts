import { describe, expect, it } from 'vitest'
import { parseExistingConfig, parseExistingPartners, parseExistingPolicies, planChanges, prefillFromExisting } from '../../../../shared/export/existing-config'
import { buildExportBundle } from '../../../../shared/export/export-bundle'
import { policyIdentity as policyIdentityOf } from '../../../../shared/domain/rules/policy'
import { largeProject, smallProject } from '../../../helpers/sample-projects'

describe('pasted Get-Cs… | ConvertTo-Json', () => {
  it('reads one object, an array, and the PS 5.1 {value, Count} wrapper', () => {
    const one = { Identity: 'Tag:XmppFederatedUsers', Description: 'd', EnableFederationAccess: true, EnableXmppAccess: false }
    expect(parseExistingPolicies(JSON.stringify(one)).policies).toEqual([
      { identity: 'Tag:XmppFederatedUsers', scope: 'user', name: 'XmppFederatedUsers', description: 'd', enableFederationAccess: true, enableXmppAccess: false, enableOutsideAccess: null, enablePublicCloudAccess: null },
    ])
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
      partnersJson: JSON.stringify([
        { Identity: 'fabrikam.com', TlsNegotiation: 'Optional' },
        { Identity: 'adatum.com', TlsNegotiation: 'NotSupported', SaslNegotiation: 'NotSupported', SupportDialbackNegotiation: true },
      ]),
    })
    const p = prefillFromExisting(smallProject(), existing)
    expect(p.policy.policies[0]).toMatchObject({ updateExisting: true, description: 'from server', enableFederationAccess: false, enableOutsideAccess: 'true', enableXmppAccess: true })
    expect(p.partners.partners.map((x) => `${x.domain} ${x.tls}`)).toEqual(['fabrikam.com Required', 'adatum.com NotSupported'])
    expect(smallProject().partners.partners).toHaveLength(1)
  })
  it('lists the changes against the server', () => {
    const { existing } = parseExistingConfig({
      policiesJson: JSON.stringify({ Identity: 'Tag:XmppFederatedUsers', Description: 'Users allowed to talk to XMPP partners', EnableFederationAccess: true, EnableXmppAccess: false }),
      partnersJson: JSON.stringify({
        Identity: 'fabrikam.com',
        Description: 'Fabrikam Openfire',
        PartnerType: 'PublicUnverified',
        TlsNegotiation: 'Required',
        SaslNegotiation: 'NotSupported',
        SupportDialbackNegotiation: true,
        EnableKeepAlive: true,
        AdditionalDomains: [],
      }),
    })
    const planned = planChanges(smallProject(), existing)
    // Deployment-wide changes are listed too, first, with what they mean (issue 11).
    expect(planned[0]).toMatchObject({ object: 'AccessEdgeConfiguration', identity: 'global', changes: [{ property: 'AllowFederatedUsers', to: 'True' }] })
    expect(planned[0]!.consequence).toMatch(/ALL federated partners/)
    expect(planned.slice(1)).toEqual([
      { object: 'ExternalAccessPolicy', identity: 'XmppFederatedUsers', action: 'update', changes: [{ property: 'EnableXmppAccess', from: 'False', to: 'True' }] },
      {
        object: 'UserPolicyAssignment',
        identity: 'XmppFederatedUsers',
        action: 'update',
        changes: [{ property: 'ExternalAccessPolicy', from: '(read when the script runs)', to: 'XmppFederatedUsers' }],
        consequence: 'Granted to: sip:alice@contoso.com; sip:bob@contoso.com. Each of these users gets this policy instead of the one they hold now.',
      },
      { object: 'XmppAllowedPartner', identity: 'fabrikam.com', action: 'unchanged', changes: [] },
    ])
    expect(planChanges(smallProject(), null).map((c) => `${c.object} ${c.action}`)).toEqual(['AccessEdgeConfiguration update', 'ExternalAccessPolicy unknown', 'UserPolicyAssignment update', 'XmppAllowedPartner unknown'])
  })
})

describe('several policies against pasted configuration', () => {
  const { existing } = parseExistingConfig({
    policiesJson: JSON.stringify([
      { Identity: 'Global', EnableFederationAccess: true, EnableXmppAccess: true },
      { Identity: 'Site:Redmond', Description: 'site now', EnableFederationAccess: true, EnableXmppAccess: true, EnableOutsideAccess: true },
      { Identity: 'Tag:Other', EnableXmppAccess: true },
    ]),
  })

  it('prefills each policy of the project that the server has, and adds none of the others', () => {
    const p = prefillFromExisting(largeProject(), existing)
    expect(p.policy.policies.map((x) => [policyIdentityOf(x), x.updateExisting, x.description])).toEqual([
      ['site:Redmond', true, 'site now'],
      ['XmppFederatedUsers', true, "Sales & support: XMPP partners (don't remove)"],
    ])
    expect(p.policy.policies[0]!.enableOutsideAccess).toBe('true')
  })

  it('plans one change per policy: the site policy updated, the missing user policy created', () => {
    const plan = planChanges(largeProject(), existing).filter((c) => c.object === 'ExternalAccessPolicy')
    expect(plan.map((c) => `${c.identity} ${c.action}`)).toEqual(['site:Redmond update', 'XmppFederatedUsers create'])
    expect(plan[0]!.changes.map((c) => c.property)).toEqual(['Description'])
  })

  it('writes a Get-then-New-or-Set block per policy, Set only for global, and the rollback restores each', () => {
    const p = largeProject()
    p.policy.policies.push({ ...p.policy.policies[0]!, scope: 'global', site: '', description: 'Everyone else' })
    const files = buildExportBundle(p, { generatedAt: 'T', appVersion: 'v', existing }).files
    const script = files.find((f) => f.fileName === 'xmpp-config.ps1')!.content
    for (const id of ['site:Redmond', 'XmppFederatedUsers', 'global']) {
      expect(script).toContain(`$currentPolicies['${id}'] = Get-CsExternalAccessPolicy -Identity '${id}' -ErrorAction SilentlyContinue`)
      expect(script).toContain(`$policyIdentity = '${id}'\n    $currentPolicy = $currentPolicies[$policyIdentity]`)
    }
    const globalBlock = script.slice(script.indexOf('# 5.3. External Access Policy global'), script.indexOf('# 6. XMPP federated partners'))
    expect(globalBlock).toContain("throw 'The global External Access Policy was not found")
    expect(globalBlock).not.toContain('New-CsExternalAccessPolicy -Identity')
    expect(script.match(/Grant-CsExternalAccessPolicy -Identity/g)).toHaveLength(1)
    const rollback = files.find((f) => f.fileName === 'xmpp-rollback.ps1')!.content
    for (const id of ['site:Redmond', 'XmppFederatedUsers', 'global']) expect(rollback).toContain(`$policyIdentity = '${id}'`)
    expect(rollback).toContain('"Identity": "global",\n      "Exists": true')
  })

  it('refuses at run time a user whom two user policies reach', () => {
    const p = largeProject()
    p.policy.policies.push({ ...p.policy.policies[1]!, name: 'XmppPartnersOnly', assignTo: { users: ['sip:carol@contoso.com'], ou: '', ldapFilter: '' } })
    const script = buildExportBundle(p, { generatedAt: 'T', appVersion: 'v' }).files[0]!.content
    expect(script).toContain("$currentUsers['XmppPartnersOnly'] = @($policyUsers | Sort-Object -Property SipAddress -Unique)")
    const check = script.indexOf('$grantedPolicyOf = @{}')
    expect(check).toBeGreaterThan(0)
    expect(check).toBeLessThan(script.indexOf('New-CsExternalAccessPolicy -Identity $policyIdentity'))
    expect(script).toContain("$policyName = 'XmppPartnersOnly'\n    $policyIsNew = $null -eq $currentPolicies['XmppPartnersOnly']\n    foreach ($currentUser in $currentUsers[$policyName]) {")
  })
})

describe('export bundle', () => {
  it('blocks on invalid matrix rows and missing SANs, and says where to fix them', () => {
    const p = largeProject()
    p.partners.partners[1]!.dialback = false // NotSupported/NotSupported/False: Not Valid
    const b = buildExportBundle(p, { generatedAt: 'T', appVersion: 'v', sanNames: ['sip.contoso.com'] })
    expect(b.blocking.map((f) => `${f.field} ${f.code}`)).toEqual(expect.arrayContaining(['partners.partners.1.sasl partner.matrix.invalid', 'certificates cross.san.xmpp-domain']))
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
    p.policy.policies[0]!.description = '<script>alert(1)</script>'
    p.inventory.frontEndPools = ['=cmd|calc']
    const files = buildExportBundle(p, { generatedAt: 'T', appVersion: 'v' }).files
    const html = files.find((f) => f.fileName === 'runbook.html')!.content
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(files.find((f) => f.fileName === 'firewall-rules.csv')!.content).not.toMatch(/(^|,)=/m)
  })
  it('Windows DNS: the zone is found at run time, the parameters are those of Add-DnsServerResourceRecord', () => {
    const f = buildExportBundle(smallProject(), { generatedAt: 'T', appVersion: 'v' }).files.find((x) => x.fileName === 'dns-records-windows.ps1')!
    expect(f.content).not.toMatch(/\[(UNVERIFIED|CONFLICT|INFERENCE)\]/)
    expect(f.content).toContain("$fqdn = '_xmpp-server._tcp.contoso.com'\n$zone = Find-XgwZone $fqdn")
    expect(f.content).toContain("Add-DnsServerResourceRecord -ZoneName $zone -Srv -Name $name -DomainName 'sip.contoso.com' -Priority 10 -Weight 0 -Port 5269")
  })
})

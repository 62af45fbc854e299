import { describe, expect, it } from 'vitest'
import { emptyProjectData, type ProjectData } from '../../../../shared/domain/model/project'
import { validateInventory, validatePrerequisites, validateScenario } from '../../../../shared/domain/rules/foundation-steps'
import { fqdnProblem, normaliseFqdn } from '../../../../shared/domain/rules/fqdn'
import { requiredSans } from '../../../../shared/domain/rules/sans'

const codes = (f: { code: string; field: string }[]) => f.map((x) => `${x.field}:${x.code}`)

function goodInventory(): ProjectData {
  const p = emptyProjectData()
  Object.assign(p.inventory, {
    sipDomains: ['contoso.com', 'fabrikam.com'],
    xmppDomains: ['contoso.com', 'corp.fabrikam.com'],
    frontEndPools: ['pool01.contoso.local'],
    edgePoolFqdn: 'edgepool.contoso.local',
    edgeMembers: ['edge01.contoso.local'],
    accessEdgeFqdn: 'sip.contoso.com',
    webConfEdgeFqdn: 'webconf.contoso.com',
    accessEdgePublicIpv4: '131.107.155.10',
  })
  return p
}

describe('FQDN rules', () => {
  it('normalises case, a trailing dot and IDN names', () => {
    expect(normaliseFqdn('  Sip.Contoso.COM. ')).toBe('sip.contoso.com')
    expect(normaliseFqdn('bücher.example')).toBe('xn--bcher-kva.example')
  })
  it('refuses what the spec refuses', () => {
    expect(fqdnProblem('contoso')).toMatch(/at least one dot/)
    expect(fqdnProblem('a..b.com')).toMatch(/empty label/)
    expect(fqdnProblem('under_score.com')).toMatch(/Underscores/)
    expect(fqdnProblem('*.contoso.com')).toMatch(/Wildcards/)
    expect(fqdnProblem('*.contoso.com', { allowWildcard: true })).toBeNull()
    expect(fqdnProblem('10.0.0.1')).toMatch(/not an IP/)
    expect(fqdnProblem('-bad.com')).toMatch(/inner hyphens/)
    expect(fqdnProblem(`${'a'.repeat(64)}.com`)).toMatch(/longer than 63/)
    expect(fqdnProblem('contoso.com')).toBeNull()
  })
})

describe('Scenario', () => {
  it('needs a scenario and a legacy version', () => {
    const p = emptyProjectData()
    expect(codes(validateScenario(p))).toEqual(['scenario.scenario:scenario.required', 'scenario.legacyVersion:scenario.legacy-version.required'])
    p.scenario.scenario = 'coexistence-2019'
    p.scenario.legacyVersion = 'SfB Server 2015'
    expect(validateScenario(p)).toEqual([])
  })
})

describe('Inventory', () => {
  it('accepts a complete inventory', () => {
    expect(validateInventory(goodInventory()).filter((f) => f.severity === 'error')).toEqual([])
  })
  it('flags empty required fields', () => {
    const errors = codes(validateInventory(emptyProjectData()).filter((f) => f.severity === 'error'))
    expect(errors).toEqual(
      expect.arrayContaining([
        'inventory.sipDomains:inventory.sipDomains.required',
        'inventory.xmppDomains:inventory.xmppDomains.required',
        'inventory.accessEdgeFqdn:inventory.accessEdgeFqdn.required',
        'inventory.accessEdgePublicIpv4:access-edge.ip.required',
      ]),
    )
  })
  it('ties XMPP domains to SIP domains, and catches duplicates, bad names and private addresses', () => {
    const p = goodInventory()
    p.inventory.xmppDomains = ['other.org', 'contoso.com', 'CONTOSO.com']
    p.inventory.sipDomains = ['contoso.com', 'bad_name.com']
    p.inventory.accessEdgePublicIpv4 = '192.168.1.4'
    p.inventory.behindNat = true
    const f = validateInventory(p)
    expect(codes(f)).toEqual(expect.arrayContaining(['inventory.xmppDomains:xmpp-domain.not-sip', 'inventory.xmppDomains:fqdn.duplicate', 'inventory.sipDomains:fqdn.invalid', 'inventory.accessEdgePublicIpv4:ip.private']))
    expect(f.find((x) => x.code === 'ip.private')!.message).toMatch(/translated public address/)
  })
  it('needs distinct failover priorities above 10, bare site names, and notes the 5098/23456 conflict', () => {
    const p = goodInventory()
    p.inventory.failoverPools = [
      { poolFqdn: 'edge2.contoso.local', accessEdgeFqdn: 'sip2.contoso.com', publicIpv4: '131.107.155.11', priority: 20 },
      { poolFqdn: 'edge3.contoso.local', accessEdgeFqdn: 'sip3.contoso.com', publicIpv4: '131.107.155.12', priority: 20 },
    ]
    p.inventory.sites = [{ name: 'site:Redmond', xmppRouteEdgePool: 'edgepool.contoso.local' }]
    p.inventory.xmppInternalPort = 5098
    const f = validateInventory(p)
    expect(codes(f)).toEqual(expect.arrayContaining(['inventory.failoverPools.1.priority:srv.priority.distinct', 'inventory.sites.0.name:site.name.prefix', 'inventory.xmppInternalPort:port.internal.conflict']))
    expect(f.find((x) => x.code === 'port.internal.conflict')!.severity).toBe('notice')
  })
})

describe('Prerequisites', () => {
  it('warns on open items and blocks on blocked ones', () => {
    const p = emptyProjectData()
    expect(validatePrerequisites(p)).toHaveLength(13)
    p.prerequisites.items.P4 = { status: 'blocked', evidence: '' }
    p.prerequisites.items.P1 = { status: 'done', evidence: 'CHG-1' }
    const f = validatePrerequisites(p)
    expect(f.filter((x) => x.severity === 'error').map((x) => x.field)).toEqual(['prerequisites.items.P4.status'])
    expect(f).toHaveLength(12)
  })
})

describe('required SANs', () => {
  it('lists the Access Edge, Web Conferencing Edge, sip.<domain> and bare XMPP domains, de-duplicated', () => {
    const p = goodInventory()
    expect(requiredSans(p).map((s) => s.name)).toEqual(['sip.contoso.com', 'webconf.contoso.com', 'sip.fabrikam.com', 'contoso.com', 'corp.fabrikam.com'])
    p.dns.targetMode = 'xmpp-host'
    expect(requiredSans(p).map((s) => s.name)).toContain('xmpp.corp.fabrikam.com')
  })
})

import { describe, expect, it } from 'vitest'
import { crossChecks } from '../../../../shared/domain/rules/cross-checks'
import { SRV_PRIORITY_EXPLANATION, hostRecords, srvRecords, validateDns } from '../../../../shared/domain/rules/dns'
import { XMPP_INTERNAL_PORT_NOTE, firewallRules, validateFirewall } from '../../../../shared/domain/rules/firewall'
import { changedGatewayParameters, validateGateway } from '../../../../shared/domain/rules/gateway'
import { findingsForStep, reviewFindings } from '../../../../shared/domain/rules/review'
import { stepOfField } from '../../../../shared/domain/rules/issue'
import { largeProject, smallProject } from '../../../helpers/sample-projects'

const codes = (f: Array<{ field: string; code: string }>) => f.map((x) => `${x.field} ${x.code}`)

describe('gateway settings (spec §2.4, §5 step 5)', () => {
  it('emits only changed parameters, never the passphrase', () => {
    expect(changedGatewayParameters(smallProject().gateway)).toEqual([])
    expect(changedGatewayParameters(largeProject().gateway)).toEqual([
      { parameter: 'PartnerConnectionLimit', value: 50 },
      { parameter: 'StreamInactivityTimeout', value: 1200 },
      { parameter: 'EnableLoggingAllMessageBodies', value: false },
    ])
  })
  it('checks UInt32 and warns on message-body logging', () => {
    const p = smallProject()
    p.gateway.connectionLimit = -1
    p.gateway.keepAliveInterval = 0
    p.gateway.enableLoggingAllMessageBodies = true
    expect(codes(validateGateway(p))).toEqual(['gateway.connectionLimit gateway.uint32', 'gateway.keepAliveInterval gateway.zero', 'gateway.enableLoggingAllMessageBodies gateway.privacy'])
    p.gateway.connectionLimit = 4294967296
    expect(codes(validateGateway(p))).toContain('gateway.connectionLimit gateway.uint32')
  })
})

describe('DNS (spec §1.6, §5 step 7)', () => {
  it('one SRV per XMPP domain to the Access Edge on 5269', () => {
    expect(srvRecords(smallProject())).toEqual([{ domain: 'contoso.com', owner: '_xmpp-server._tcp.contoso.com', target: 'sip.contoso.com', port: 5269, priority: 10, weight: 0, ttl: 3600, pool: 'main' }])
    expect(hostRecords(smallProject())).toEqual([expect.objectContaining({ name: 'sip.contoso.com', type: 'A', address: '131.107.155.10' })])
  })
  it('adds one SRV per failover pool with its own priority; xmpp.<domain> targets get A and AAAA', () => {
    const r = srvRecords(largeProject())
    expect(r.map((x) => `${x.owner} ${x.priority} ${x.target}`)).toEqual([
      '_xmpp-server._tcp.contoso.com 10 xmpp.contoso.com',
      '_xmpp-server._tcp.contoso.com 20 sip2.contoso.com',
      '_xmpp-server._tcp.litwareinc.com 10 xmpp.litwareinc.com',
      '_xmpp-server._tcp.litwareinc.com 20 sip2.contoso.com',
    ])
    expect(hostRecords(largeProject()).map((h) => `${h.name} ${h.type}`)).toEqual(['xmpp.contoso.com A', 'xmpp.contoso.com AAAA', 'xmpp.litwareinc.com A', 'xmpp.litwareinc.com AAAA', 'sip2.contoso.com A'])
    expect(validateDns(largeProject()).find((f) => f.code === 'dns.priority.rfc2782')?.message).toBe(SRV_PRIORITY_EXPLANATION)
  })
  it('warns on a changed port and a target outside the domain (S24)', () => {
    const p = largeProject()
    p.dns.port = 5270
    const f = codes(validateDns(p))
    expect(f).toContain('dns.port dns.port.changed')
    expect(f).toContain('dns.targetMode dns.target.other-domain') // litwareinc.com → sip2.contoso.com
  })
  it('requires distinct priorities and a public address', () => {
    const p = largeProject()
    p.inventory.failoverPools[0]!.priority = 10
    p.inventory.accessEdgePublicIpv4 = ''
    p.inventory.accessEdgePublicIpv6 = ''
    expect(codes(validateDns(p))).toEqual(expect.arrayContaining(['inventory.failoverPools.0.priority dns.priority.duplicate', 'inventory.accessEdgePublicIpv4 dns.address.missing']))
    p.inventory.accessEdgePublicIpv4 = '10.0.0.5'
    expect(codes(validateDns(p))).toContain('inventory.accessEdgePublicIpv4 dns.address.private')
  })
  it('needs an XMPP domain', () => {
    const p = smallProject()
    p.inventory.xmppDomains = []
    expect(codes(validateDns(p))).toContain('inventory.xmppDomains dns.no-xmpp-domain')
  })
})

describe('firewall (spec §1.7)', () => {
  it('fills the table with the project addresses and the internal port conflict', () => {
    const rules = firewallRules(smallProject())
    expect(rules.map((r) => `${r.direction} ${r.port} ${r.source} -> ${r.destination}`)).toEqual([
      'External inbound 5269 Any -> 131.107.155.10 (sip.contoso.com)',
      'External outbound 5269 131.107.155.10 (sip.contoso.com) -> Any',
      'Internal 23456 fe-pool.contoso.local (Front End pool; HLB: the Front End pool VIP address) -> edge01.contoso.local (Edge internal interface)',
      'External outbound 80 131.107.155.10 (sip.contoso.com) -> Any',
      'External outbound 53 131.107.155.10 (sip.contoso.com) -> Any',
    ])
    expect(rules[2]!.note).toBe(XMPP_INTERNAL_PORT_NOTE)
    expect(XMPP_INTERNAL_PORT_NOTE).toContain('23456')
    expect(XMPP_INTERNAL_PORT_NOTE).toContain('5098')
    expect(firewallRules(largeProject()).filter((r) => r.port === '5269')).toHaveLength(4)
  })
  it('validates the internal port', () => {
    const p = smallProject()
    p.inventory.xmppInternalPort = 70000
    expect(codes(validateFirewall(p))).toContain('inventory.xmppInternalPort firewall.port.range')
    p.inventory.xmppInternalPort = 5098
    expect(codes(validateFirewall(p))).toEqual(['inventory.xmppInternalPort firewall.port.conflict'])
  })
})

describe('cross-checks (spec §3, §5 step 6b)', () => {
  it('is a notice without a certificate', () => {
    expect(codes(crossChecks(smallProject()))).toEqual(['certificates cross.san.unknown'])
  })
  it('requires every XMPP domain and SRV target in the SANs (exact names)', () => {
    const p = largeProject()
    expect(codes(crossChecks(p, { sanNames: ['sip.contoso.com', '*.contoso.com', 'litwareinc.com', 'xmpp.litwareinc.com'] }))).toEqual([
      'certificates cross.san.xmpp-domain',
      'certificates cross.san.srv-target',
      'certificates cross.san.srv-target',
    ])
    expect(crossChecks(p, { sanNames: ['contoso.com', 'litwareinc.com', 'xmpp.contoso.com', 'xmpp.litwareinc.com', 'SIP2.contoso.com'] })).toEqual([])
  })
})

describe('review', () => {
  it('has no error for the samples and routes findings to their step', () => {
    expect(reviewFindings(largeProject()).filter((f) => f.severity === 'error')).toEqual([])
    const p = smallProject()
    p.partners.partners[0]!.dialback = false
    const all = reviewFindings(p, { sanNames: ['sip.contoso.com'] })
    expect(findingsForStep('partners', all).map((f) => f.code)).toContain('partner.matrix.invalid')
    expect(findingsForStep('certificates', all).map((f) => f.code)).toContain('cross.san.xmpp-domain')
    expect(stepOfField('policy.assignTo.users.0')).toBe('policy')
  })
})

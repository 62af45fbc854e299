import type { ProjectData } from '../model/project'
import { fqdnProblem, isIpv4, isIpv6, isPrivateIpv4, isSameOrSubdomain, normaliseFqdn } from './fqdn'
import { error, notice, warning, type Finding } from './issue'
import { ownXmppDomains } from './names'

/** Spec §1.6: the only port Microsoft documents for _xmpp-server._tcp. */
export const XMPP_SERVER_PORT = 5269

/** Spec §1.6 [CONFLICT/wording] S19 vs RFC 2782: which SRV record wins. */
export const SRV_PRIORITY_EXPLANATION =
  'Under RFC 2782 the SRV record with the LOWEST priority number is tried first. Microsoft\'s XMPP failover page says "the SRV record with the highest priority" carries the traffic: it means the most preferred record, i.e. the lowest number. Give the main Edge pool the lowest number (e.g. 10) and each failover pool a higher number (20, 30, …); weight only shares load between records of equal priority.'

/** One _xmpp-server._tcp SRV record (spec §6 SrvRecord). */
export interface SrvRecord {
  /** The XMPP domain the record is published in. */
  readonly domain: string
  /** _xmpp-server._tcp.<domain> */
  readonly owner: string
  readonly target: string
  readonly port: number
  readonly priority: number
  readonly weight: number
  readonly ttl: number
  /** Which Edge pool the target belongs to: 'main' or the failover pool's FQDN. */
  readonly pool: string
}

/** One A or AAAA record an SRV target needs. */
export interface HostRecord {
  readonly name: string
  readonly type: 'A' | 'AAAA'
  readonly address: string
  readonly ttl: number
  /** Why the record is listed; Access Edge records usually exist already for SIP federation. */
  readonly comment: string
}

/**
 * The SRV records of spec §1.6 / §5 step 7: one per XMPP domain per Edge pool (main pool plus
 * each failover pool, with its own priority). In xmpp-host mode the main pool's target is
 * xmpp.<domain>; failover pools always point at their own Access Edge FQDN, since one A record
 * xmpp.<domain> can name only one pool (S19 repoints it on failover).
 */
export function srvRecords(p: Pick<ProjectData, 'inventory' | 'dns'>): SrvRecord[] {
  const out: SrvRecord[] = []
  const edge = normaliseFqdn(p.inventory.accessEdgeFqdn)
  for (const domain of ownXmppDomains(p)) {
    const mainTarget = p.dns.targetMode === 'xmpp-host' ? `${p.dns.xmppHostLabel.trim().toLowerCase()}.${domain}` : edge
    out.push({ domain, owner: `_xmpp-server._tcp.${domain}`, target: mainTarget, port: p.dns.port, priority: p.dns.priority, weight: p.dns.weight, ttl: p.dns.ttl, pool: 'main' })
    for (const pool of p.inventory.failoverPools) {
      const target = normaliseFqdn(pool.accessEdgeFqdn)
      if (!target) continue
      out.push({ domain, owner: `_xmpp-server._tcp.${domain}`, target, port: p.dns.port, priority: pool.priority, weight: p.dns.weight, ttl: p.dns.ttl, pool: normaliseFqdn(pool.poolFqdn) || target })
    }
  }
  return out
}

/** The A/AAAA records the SRV targets need (spec §1.6: public, NAT-translated addresses). */
export function hostRecords(p: Pick<ProjectData, 'inventory' | 'dns'>): HostRecord[] {
  const out: HostRecord[] = []
  const ttl = p.dns.ttl
  const v4 = p.inventory.accessEdgePublicIpv4.trim()
  const v6 = p.inventory.accessEdgePublicIpv6.trim()
  const add = (name: string, comment: string, a: string, aaaa: string) => {
    if (!name) return
    if (a && !out.some((r) => r.name === name && r.type === 'A')) out.push({ name, type: 'A', address: a, ttl, comment })
    if (aaaa && !out.some((r) => r.name === name && r.type === 'AAAA')) out.push({ name, type: 'AAAA', address: aaaa, ttl, comment })
  }
  if (p.dns.targetMode === 'xmpp-host') {
    for (const d of ownXmppDomains(p)) add(`${p.dns.xmppHostLabel.trim().toLowerCase()}.${d}`, 'XMPP host: Access Edge public address', v4, v6)
  } else {
    add(normaliseFqdn(p.inventory.accessEdgeFqdn), 'Access Edge public address (usually exists already for SIP federation)', v4, v6)
  }
  for (const pool of p.inventory.failoverPools) {
    add(normaliseFqdn(pool.accessEdgeFqdn), `Failover Edge pool ${normaliseFqdn(pool.poolFqdn)}: Access Edge public address`, pool.publicIpv4.trim(), '')
  }
  return out
}

/** The SRV targets, de-duplicated: they must be in the certificate SAN (cross-checks). */
export function srvTargets(p: Pick<ProjectData, 'inventory' | 'dns'>): string[] {
  return [
    ...new Set(
      srvRecords(p)
        .map((r) => r.target)
        .filter(Boolean),
    ),
  ]
}

/** Rules of the DNS step (spec §1.6, §5 step 7, §4 F15/F18/F19). */
export function validateDns(p: Pick<ProjectData, 'inventory' | 'dns'>): Finding[] {
  const out: Finding[] = []
  const { dns, inventory } = p
  if (ownXmppDomains(p).length === 0) {
    out.push(error('inventory.xmppDomains', 'dns.no-xmpp-domain', 'Name at least one XMPP domain in the inventory: each gets an _xmpp-server._tcp SRV record.'))
  }
  if (!Number.isInteger(dns.port) || dns.port < 1 || dns.port > 65535) {
    out.push(error('dns.port', 'dns.port.range', 'A port is a whole number from 1 to 65535.'))
  } else if (dns.port !== XMPP_SERVER_PORT) {
    out.push(warning('dns.port', 'dns.port.changed', `Microsoft documents port ${XMPP_SERVER_PORT} for _xmpp-server._tcp; partners will connect to ${dns.port} only if the Edge XMPP proxy really listens there.`))
  }
  const inRange = (field: string, v: number, max: number, what: string) => {
    if (!Number.isInteger(v) || v < 0 || v > max) out.push(error(field, `dns.${what}.range`, `The ${what} is a whole number from 0 to ${max}.`))
  }
  inRange('dns.priority', dns.priority, 65535, 'priority')
  inRange('dns.weight', dns.weight, 65535, 'weight')
  inRange('dns.ttl', dns.ttl, 2147483647, 'ttl')
  if (Number.isInteger(dns.ttl) && dns.ttl > 0 && dns.ttl < 300) {
    out.push(notice('dns.ttl', 'dns.ttl.short', "A TTL under 300 seconds is unusual; Microsoft specifies no TTL; the wizard's default is 3600."))
  }

  if (dns.targetMode === 'xmpp-host') {
    const label = dns.xmppHostLabel.trim().toLowerCase()
    if (!/^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(label)) out.push(error('dns.xmppHostLabel', 'dns.host-label.invalid', 'The host label holds letters, digits and inner hyphens, e.g. xmpp.'))
  } else {
    const edge = normaliseFqdn(inventory.accessEdgeFqdn)
    const problem = fqdnProblem(edge)
    if (problem) out.push(error('inventory.accessEdgeFqdn', 'dns.target.invalid', `The SRV target is the Access Edge FQDN: ${problem}`))
  }

  // Addresses for the A/AAAA records (spec §1.6: the public, translated address behind NAT).
  const v4 = inventory.accessEdgePublicIpv4.trim()
  const v6 = inventory.accessEdgePublicIpv6.trim()
  if (!v4 && !v6) out.push(error('inventory.accessEdgePublicIpv4', 'dns.address.missing', 'Enter the Access Edge public IPv4 (or IPv6) address: the SRV target must resolve to it.'))
  if (v4 && !isIpv4(v4)) out.push(error('inventory.accessEdgePublicIpv4', 'dns.address.ipv4', `${v4} is not an IPv4 address.`))
  else if (v4 && isPrivateIpv4(v4))
    out.push(warning('inventory.accessEdgePublicIpv4', 'dns.address.private', `${v4} is a private address. External DNS must publish the public address${inventory.behindNat ? ' the NAT translates to' : ''}.`))
  if (v6 && !isIpv6(v6)) out.push(error('inventory.accessEdgePublicIpv6', 'dns.address.ipv6', `${v6} is not an IPv6 address.`))

  // Distinct priorities per pool (spec §1.6 S8/S19, F18).
  const priorities = new Map<number, string>([[dns.priority, 'the main Edge pool']])
  inventory.failoverPools.forEach((pool, i) => {
    const base = `inventory.failoverPools.${i}`
    const fqdn = normaliseFqdn(pool.accessEdgeFqdn)
    const fp = fqdnProblem(fqdn)
    if (fp) out.push(error(`${base}.accessEdgeFqdn`, 'dns.failover.target', `Failover pool ${i + 1}: ${fp}`))
    if (pool.publicIpv4.trim() && !isIpv4(pool.publicIpv4.trim())) out.push(error(`${base}.publicIpv4`, 'dns.address.ipv4', `${pool.publicIpv4} is not an IPv4 address.`))
    if (!pool.publicIpv4.trim()) out.push(warning(`${base}.publicIpv4`, 'dns.failover.address', `Failover pool ${i + 1} has no public IPv4 address: its A record cannot be listed.`))
    const clash = priorities.get(pool.priority)
    if (clash) out.push(error(`${base}.priority`, 'dns.priority.duplicate', `Priority ${pool.priority} is already used by ${clash}: give every Edge pool's SRV record a different priority.`))
    priorities.set(pool.priority, `failover pool ${i + 1}`)
  })
  if (inventory.failoverPools.length > 0) out.push(notice('dns.priority', 'dns.priority.rfc2782', SRV_PRIORITY_EXPLANATION))

  // S24 [INFERENCE]: the SRV target should be in the domain of the SRV record.
  for (const r of srvRecords(p)) {
    if (r.target && !fqdnProblem(r.target) && !isSameOrSubdomain(r.target, r.domain)) {
      out.push(
        warning(
          'dns.targetMode',
          'dns.target.other-domain',
          `${r.owner} points at ${r.target}, outside ${r.domain}. Microsoft's Edge DNS guidance for Skype for Business expects SRV targets in the same domain as the SRV record (it does not speak of _xmpp-server records); consider the xmpp.<domain> target.`,
        ),
      )
    }
  }
  out.push(
    notice(
      'dns.targetMode',
      'dns.target.conflict',
      'Microsoft\'s pages point the SRV record at the Access Edge FQDN ("Configure XMPP gateway on Skype for Business Server 2019") or at xmpp.<domain> ("DNS summary: XMPP federation"); both work when the target resolves to the Access Edge public address. Never point an SRV record at a CNAME (RFC 2782).',
    ),
  )
  return out
}

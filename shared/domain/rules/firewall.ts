import type { ProjectData } from '../model/project'
import { normaliseFqdn } from './fqdn'
import { error, notice, warning, type Finding } from './issue'
import { cleanDomains, edgeMembers } from './names'

/** Spec §1.7 [CONFLICT]: the internal XMPP port. */
export const XMPP_INTERNAL_PORT_NOTE =
  'Microsoft documents two different defaults for this port: 23456 in the port tables ("Port summary: XMPP federation") and in the netstat check, 5098 on the Set-CsEdgeServer page. Read yours with Get-CsService -EdgeServer (XmppInternalPort) before opening the port.'

/** One firewall rule of spec §1.7 with the project's addresses. */
export interface FirewallRule {
  readonly direction: 'External inbound' | 'External outbound' | 'Internal'
  readonly protocol: string
  readonly port: string
  readonly source: string
  readonly destination: string
  readonly purpose: string
  /** true for rules an Edge normally has already (CRL, DNS). */
  readonly existing: boolean
  readonly note: string
}

/**
 * The §1.7 table filled in: 5269 in and out on each Access Edge public address (main and
 * failover pools), the internal XMPP port from the Front End pools to the Edge, and the CRL/DNS
 * rules the Edge already needs.
 */
export function firewallRules(p: Pick<ProjectData, 'inventory'>): FirewallRule[] {
  const inv = p.inventory
  const edges: Array<{ label: string; addresses: string[] }> = []
  const main = [inv.accessEdgePublicIpv4.trim(), inv.accessEdgePublicIpv6.trim()].filter(Boolean)
  edges.push({ label: normaliseFqdn(inv.accessEdgeFqdn) || 'Access Edge', addresses: main.length ? main : ['<Access Edge public IP>'] })
  for (const pool of inv.failoverPools) {
    const ip = pool.publicIpv4.trim()
    edges.push({ label: normaliseFqdn(pool.accessEdgeFqdn) || normaliseFqdn(pool.poolFqdn) || 'failover Access Edge', addresses: [ip || '<failover Access Edge public IP>'] })
  }
  const natNote = inv.behindNat ? 'Behind NAT: the public address is translated to the Access Edge interface address on the firewall.' : ''
  const proxy = 'XMPP Proxy service (shares an IP address with the Access Edge service)'
  const out: FirewallRule[] = []
  for (const e of edges) {
    const addr = e.addresses.join(', ')
    out.push({ direction: 'External inbound', protocol: 'XMPP/TCP', port: '5269', source: 'Any', destination: `${addr} (${e.label})`, purpose: `Partners to the Edge XMPP proxy: ${proxy}`, existing: false, note: natNote })
    out.push({ direction: 'External outbound', protocol: 'XMPP/TCP', port: '5269', source: `${addr} (${e.label})`, destination: 'Any', purpose: 'Edge XMPP proxy to partners', existing: false, note: natNote })
  }
  const fes = cleanDomains(inv.frontEndPools)
  const members = edgeMembers(p)
  const edgePool = normaliseFqdn(inv.edgePoolFqdn)
  out.push({
    direction: 'Internal',
    protocol: 'XMPP/MTLS/TCP',
    port: String(inv.xmppInternalPort),
    source: fes.length ? `${fes.join(', ')} (Front End pool; HLB: the Front End pool VIP address)` : '<Front End pool running the XMPP Gateway>',
    destination: members.length ? `${members.join(', ')} (Edge internal interface)` : `${edgePool || '<Edge pool>'} (Edge internal interface)`,
    purpose: 'Outbound XMPP traffic from your XMPP Gateway service',
    existing: false,
    note: XMPP_INTERNAL_PORT_NOTE,
  })
  for (const e of edges) {
    const addr = e.addresses.join(', ')
    out.push({ direction: 'External outbound', protocol: 'TCP', port: '80', source: `${addr} (${e.label})`, destination: 'Any', purpose: 'Certificate revocation and CRL check and retrieval', existing: true, note: 'Usually open already.' })
    out.push({ direction: 'External outbound', protocol: 'TCP/UDP', port: '53', source: `${addr} (${e.label})`, destination: 'Any', purpose: 'DNS queries', existing: true, note: 'Usually open already.' })
  }
  return out
}

/** Rules of the firewall step: the inputs the rule table needs (spec §1.7, §4 F17). */
export function validateFirewall(p: Pick<ProjectData, 'inventory'>): Finding[] {
  const out: Finding[] = []
  const port = p.inventory.xmppInternalPort
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    out.push(error('inventory.xmppInternalPort', 'firewall.port.range', 'The internal XMPP port is a UInt16 from 1 to 65535.'))
  } else {
    out.push(notice('inventory.xmppInternalPort', 'firewall.port.conflict', XMPP_INTERNAL_PORT_NOTE))
    if (port !== 23456 && port !== 5098) out.push(warning('inventory.xmppInternalPort', 'firewall.port.unusual', `${port} is neither 23456 (port tables) nor 5098 (cmdlet default): check the topology.`))
  }
  if (cleanDomains(p.inventory.frontEndPools).length === 0) {
    out.push(warning('inventory.frontEndPools', 'firewall.no-front-end', 'Name the legacy Front End pool running the XMPP Gateway: it is the source of the internal rule.'))
  }
  return out
}

import type { ProjectData } from '../model/project'
import { normaliseFqdn, uniqueNames } from './fqdn'

/** One name the Edge external certificate must carry, and why (shown to the admin). */
export interface RequiredSan {
  readonly name: string
  readonly reason: 'access-edge' | 'webconf-edge' | 'sip-domain' | 'xmpp-domain' | 'srv-target'
}

/**
 * The subject alternative names the Access Edge external certificate needs for XMPP federation
 * (spec §3 "SAN contents", §5 step 6b): the Access Edge FQDN, the Web Conferencing Edge FQDN,
 * sip.<domain> for each SIP domain, each XMPP domain bare, and the SRV target when it is a
 * separate xmpp.<domain> host. Exact names: a wildcard never satisfies them (spec §3 S15).
 */
export function requiredSans(p: Pick<ProjectData, 'inventory' | 'dns'>): RequiredSan[] {
  const out: RequiredSan[] = []
  const add = (raw: string, reason: RequiredSan['reason']) => {
    const name = normaliseFqdn(raw)
    if (name && !out.some((s) => s.name === name)) out.push({ name, reason })
  }
  add(p.inventory.accessEdgeFqdn, 'access-edge')
  add(p.inventory.webConfEdgeFqdn, 'webconf-edge')
  for (const d of uniqueNames(p.inventory.sipDomains)) add(`sip.${normaliseFqdn(d)}`, 'sip-domain')
  for (const d of uniqueNames(p.inventory.xmppDomains)) add(d, 'xmpp-domain')
  if (p.dns.targetMode === 'xmpp-host') {
    for (const d of uniqueNames(p.inventory.xmppDomains)) add(`${p.dns.xmppHostLabel.trim()}.${normaliseFqdn(d)}`, 'srv-target')
  }
  return out
}

import type { ProjectData } from '../model/project'
import { normaliseFqdn } from './fqdn'
import { requiredSans } from './sans'

/** What the Edge external certificate is checked against: one definition for every check. */
export interface EdgeNames {
  readonly sipDomains: string[]
  readonly xmppDomains: string[]
  /** The Access Edge, Web Conferencing Edge and (xmpp-host mode) SRV target names. */
  readonly edgeFqdns: string[]
}

/**
 * The requirements the certificate engine checks (`sip.<d>` for each SIP domain, each XMPP domain
 * bare, the Edge external FQDNs), derived from the project the same way for the Certificates
 * step, the live probe and the engine (spec §3, §5 step 6b).
 */
export function edgeRequirements(p: Pick<ProjectData, 'inventory' | 'dns'>): EdgeNames {
  const sans = requiredSans(p)
  return {
    sipDomains: p.inventory.sipDomains.map(normaliseFqdn).filter(Boolean),
    xmppDomains: p.inventory.xmppDomains.map(normaliseFqdn).filter(Boolean),
    edgeFqdns: sans.filter((s) => s.reason === 'access-edge' || s.reason === 'webconf-edge' || s.reason === 'srv-target').map((s) => s.name),
  }
}

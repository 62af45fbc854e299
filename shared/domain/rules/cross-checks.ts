import type { ProjectData } from '../model/project'
import { normaliseFqdn } from './fqdn'
import { error, notice, type Finding } from './issue'
import { ownXmppDomains } from './names'
import { validatePartnerDomainsAgainstOwn } from './partners'
import { srvTargets } from './dns'

/** What the cross-checks know beyond the project: the SANs of the certificate chosen for the Edge. */
export interface CrossCheckOptions {
  /**
   * DNS names of the chosen certificate's subject alternative names. Absent (undefined or
   * null) when no certificate is chosen yet: the SAN checks then become a notice.
   */
  readonly sanNames?: readonly string[] | null
}

/**
 * Checks between steps (spec §3, §4 F6/F19, §5 step 6b): every XMPP domain and every SRV target
 * in the Edge certificate's SANs (exact names: a wildcard never satisfies them, spec §3 S15), and
 * every partner domain distinct from our own.
 */
export function crossChecks(p: Pick<ProjectData, 'inventory' | 'dns' | 'partners'>, opts: CrossCheckOptions = {}): Finding[] {
  const out: Finding[] = [...validatePartnerDomainsAgainstOwn(p)]
  if (!opts.sanNames) {
    out.push(notice('certificates', 'cross.san.unknown', 'No Edge certificate is chosen yet: the check that its SANs cover every XMPP domain and SRV target runs once one is.'))
    return out
  }
  const sans = new Set(opts.sanNames.map(normaliseFqdn))
  const xmppDomains = ownXmppDomains(p)
  xmppDomains.forEach((d) => {
    if (!sans.has(d)) {
      const i = p.inventory.xmppDomains.findIndex((raw) => normaliseFqdn(raw) === d)
      out.push(error(`inventory.xmppDomains.${Math.max(i, 0)}`, 'cross.san.xmpp-domain', `The Edge certificate has no SAN ${d}: partners that validate our certificate for the XMPP domain will fail (spec §3, F6). Request or import a certificate that lists it.`))
    }
  })
  for (const target of srvTargets(p)) {
    if (!sans.has(target)) {
      out.push(error('dns.targetMode', 'cross.san.srv-target', `The SRV target ${target} is not in the Edge certificate's SANs.`))
    }
  }
  return out
}

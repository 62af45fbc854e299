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
    // Fixed by getting a certificate with that name: the finding belongs to the Certificates step.
    if (!sans.has(d)) {
      out.push(error('certificates', 'cross.san.xmpp-domain', `The Edge certificate has no SAN ${d}: partners that validate our certificate for the XMPP domain will fail. Request or import a certificate that lists it.`))
    }
  })
  for (const target of srvTargets(p)) {
    if (!sans.has(target)) {
      out.push(
        error(
          'certificates',
          'cross.san.srv-target',
          `The SRV target ${target} is not in the Edge certificate's SANs: request or import a certificate that lists it (or point the SRV record at a name the certificate has, in the DNS step).`,
        ),
      )
    }
  }
  return out
}

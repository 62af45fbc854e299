import type { XmppPartner } from '../model/partners'
import type { ExternalAccessPolicy } from '../model/policy'
import { normaliseFqdn } from './fqdn'

// The properties each managed object should hold, as the config script sets them: the export
// renders them into commands, the drift report compares a deployment read against them.

/** Desired partner properties, as the config script sets them. */
export function desiredPartnerProperties(p: XmppPartner): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {}
  // Blank means "none": an existing value is cleared, so the server holds what the project says.
  out.Description = p.description || null
  out.PartnerType = p.partnerType
  out.TlsNegotiation = p.tls
  out.SaslNegotiation = p.sasl
  out.SupportDialbackNegotiation = p.dialback
  out.EnableKeepAlive = p.enableKeepAlive
  out.ConnectionLimit = p.connectionLimit
  out.ProxyFqdn = p.proxyFqdn.trim() ? normaliseFqdn(p.proxyFqdn) : null
  return out
}

/** Desired properties of one policy, as the config script sets them (EnablePublicCloudAccess only if the shell has it). */
export function desiredPolicyProperties(pol: ExternalAccessPolicy): Record<string, string | boolean | null> {
  const out: Record<string, string | boolean | null> = {}
  out.Description = pol.description || null
  out.EnableFederationAccess = pol.enableFederationAccess
  out.EnableXmppAccess = pol.enableXmppAccess
  if (pol.enableOutsideAccess !== 'keep') out.EnableOutsideAccess = pol.enableOutsideAccess === 'true'
  if (pol.enablePublicCloudAccess !== 'keep') out.EnablePublicCloudAccess = pol.enablePublicCloudAccess === 'true'
  return out
}

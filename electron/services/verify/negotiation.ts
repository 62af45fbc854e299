/**
 * From what a partner's server offers to the TLS / SASL / dialback row of our partner entry
 * (spec §1.5 matrix, §4.1 partner TLS modes, §4 F12–F14). The row is looked up in the shared
 * matrix, never computed, so the wizard and the probe agree on methods and validity.
 */
import type { Negotiation } from '../../../shared/domain/model/partners'
import { negotiationRow, tlsForPartnerMode } from '../../../shared/domain/rules/partners'
import type { PartnerProbeReport } from '../../../shared/contract/verify'
import type { XmppProbeRaw } from './xmpp-probe'

export type PartnerOffer = PartnerProbeReport['offers']
export type Suggestion = NonNullable<PartnerProbeReport['suggestion']>

/** Reads the offer from a probe; `presentedCertificate` decides whether a missing EXTERNAL is telling. */
export function offerFromProbe(raw: XmppProbeRaw, presentedCertificate: boolean): PartnerOffer {
  const tls = raw.starttls.offered ? (raw.starttls.required ? 'required' : 'optional') : 'none'
  // XEP-0220 §2.4: the dialback feature; older servers only declare xmlns:db on the stream header.
  const dialback = !!(raw.features?.dialback || raw.featuresAfterTls?.dialback || raw.stream?.dialbackNamespace)
  const mechanisms = raw.featuresAfterTls?.saslMechanisms ?? []
  let saslExternal: PartnerOffer['saslExternal']
  if (mechanisms.includes('EXTERNAL')) saslExternal = 'offered'
  else if (tls === 'none' || (presentedCertificate && raw.featuresAfterTls)) saslExternal = 'not-offered'
  else saslExternal = 'unknown'
  return { tls, dialback, saslExternal, saslMechanisms: [...mechanisms] }
}

/**
 * The negotiation row that matches the offer, with the reasons in words; null when no row
 * can work (the partner offers neither dialback nor SASL EXTERNAL over TLS).
 */
export function suggestNegotiation(offer: PartnerOffer): { suggestion: Suggestion | null; reasons: string[] } {
  const reasons: string[] = []
  const mode = offer.tls === 'none' ? 'false' : offer.tls
  const mapped = tlsForPartnerMode(mode)
  reasons.push(mapped.note)
  let tls: Negotiation = mapped.tls
  let sasl: Negotiation
  let dialback = offer.dialback
  if (offer.tls === 'none') {
    // SASL needs TLS (S6, S7): only TCP dialback can work.
    sasl = 'NotSupported'
    if (!dialback) {
      reasons.push('The partner offers neither TLS nor dialback: no negotiation row can work.')
      return { suggestion: null, reasons }
    }
  } else if (offer.saslExternal === 'offered') {
    // Both sides can do SASL EXTERNAL over TLS; keep TLS Required to avoid the "SASL requires TLS" rows.
    tls = 'Required'
    sasl = dialback ? 'Optional' : 'Required'
    reasons.push(`The partner offers SASL EXTERNAL (XEP-0178)${dialback ? ' and dialback' : ''}.`)
  } else if (dialback) {
    sasl = 'NotSupported'
    reasons.push(
      offer.saslExternal === 'unknown'
        ? 'The partner offers dialback over TLS (XEP-0220). Whether it offers SASL EXTERNAL is unknown: servers offer it only to a peer presenting a trusted certificate.'
        : 'The partner offers dialback but not SASL EXTERNAL.',
    )
  } else if (offer.saslExternal === 'unknown') {
    tls = 'Required'
    sasl = 'Required'
    dialback = false
    reasons.push('The partner offers no dialback, so SASL EXTERNAL over TLS is the only possible method; it is offered only to a peer with a trusted certificate, so the Edge certificate must be trusted by the partner.')
  } else {
    reasons.push('The partner offers neither dialback nor SASL EXTERNAL: no negotiation row can work.')
    return { suggestion: null, reasons }
  }
  const row = negotiationRow(tls, sasl, dialback)
  return { suggestion: { tls, sasl, dialback, methods: [...row.methods], validity: row.validity, note: row.note }, reasons }
}

import type { ProjectData } from '../model/project'
import type { Negotiation, PartnerType, XmppPartner } from '../model/partners'
import { fqdnProblem, isSameOrSubdomain, normaliseFqdn } from './fqdn'
import { error, notice, warning, type Finding } from './issue'
import { ownSipDomains, ownXmppDomains } from './names'

/** Control Panel labels of the three negotiation values and partner types (spec §1.2.2, §2.1). */
export const NEGOTIATION_LABELS: Record<Negotiation, string> = {
  Required: 'Required',
  Optional: 'Optional',
  NotSupported: 'Not Supported',
}
export const PARTNER_TYPE_LABELS: Record<PartnerType, string> = {
  Federated: 'Federated',
  PublicVerified: 'Public verified',
  PublicUnverified: 'Public unverified',
}
/** Spec §1.2.2: the warning Microsoft prints for Public verified. */
export const PUBLIC_VERIFIED_WARNING = 'This setting is not recommended.'

/** Authentication methods named by the S6 matrix. */
export type AuthMethod = 'SASL over TLS' | 'TLS Dialback' | 'TCP Dialback'

/**
 * How the wizard treats a matrix row:
 * - valid: saved and exported;
 * - warning: saved and exported, the warning is shown;
 * - refused: SASL without TLS while dialback is on; S6 lists a method, but Control Panel refuses
 *   to commit it (S7), so the wizard refuses it too (spec §4 F12);
 * - invalid: "Not Valid Configuration" in S6.
 */
export type MatrixValidity = 'valid' | 'warning' | 'refused' | 'invalid'

/** One row of the §1.5 negotiation matrix. */
export interface NegotiationRow {
  readonly tls: Negotiation
  readonly sasl: Negotiation
  readonly dialback: boolean
  /** "Expected authentication method" column; empty for the Not Valid rows. */
  readonly methods: readonly AuthMethod[]
  readonly validity: MatrixValidity
  /** The source's note or warning, verbatim where S6 has one. */
  readonly note: string
  /** Why the row cannot be saved (refused and invalid rows only). */
  readonly blockedBecause?: string
  /** A [CONFLICT] between Microsoft sources about this row, shown beside it. */
  readonly conflict?: string
}

const W_BOTH_REQUIRED = 'Dialback will not operate if both SASL and TLS are required.'
const W_TLS_OPTIONAL = 'SASL requires TLS. Allowing TLS to be optional may result in failed session negotiations.'
const W_NOT_VALID_SASL = 'Because SASL requires TLS, and TLS is not available, SASL/TLS cannot succeed. TCP Dialback is set to false, and cannot be used.'
const W_SASL_OR_DIALBACK = 'SASL or Dialback must be enabled.'
const CONTROL_PANEL_REFUSES =
  'SASL requires TLS. To use SASL, TLS must either be required or optional. Control Panel warns "that SASL must have TLS support" and does not save this combination ("Create or edit XMPP partner configuration", Lync Server 2013). If use of SASL is optional and TLS negotiation support is not possible, set SASL negotiation to Not Supported.'
const NOT_VALID = 'Not Valid Configuration (Negotiation settings for XMPP federated partners, Lync Server 2013).'

/**
 * The complete 18-row matrix of spec §1.5 (S6, verified row by row), in the source's order.
 * Never computed: a lookup table, so each row can be checked against the source.
 */
export const NEGOTIATION_MATRIX: readonly NegotiationRow[] = [
  { tls: 'Required', sasl: 'Required', dialback: true, methods: ['SASL over TLS'], validity: 'warning', note: W_BOTH_REQUIRED },
  { tls: 'Required', sasl: 'Required', dialback: false, methods: ['SASL over TLS'], validity: 'valid', note: 'TLS and SASL required helps to ensure that the SASL message stream is secure' },
  { tls: 'Optional', sasl: 'Required', dialback: true, methods: ['SASL over TLS', 'TLS Dialback', 'TCP Dialback'], validity: 'warning', note: W_TLS_OPTIONAL },
  { tls: 'Optional', sasl: 'Required', dialback: false, methods: ['SASL over TLS'], validity: 'warning', note: W_TLS_OPTIONAL },
  { tls: 'NotSupported', sasl: 'Required', dialback: true, methods: ['TCP Dialback'], validity: 'refused', note: W_TLS_OPTIONAL, blockedBecause: CONTROL_PANEL_REFUSES },
  { tls: 'NotSupported', sasl: 'Required', dialback: false, methods: [], validity: 'invalid', note: W_NOT_VALID_SASL, blockedBecause: `${NOT_VALID} ${W_NOT_VALID_SASL}` },
  {
    tls: 'Required',
    sasl: 'Optional',
    dialback: true,
    methods: ['SASL over TLS', 'TLS Dialback'],
    validity: 'valid',
    note: 'Valid configuration.',
    conflict: 'Microsoft\'s page disagrees with itself: the complete matrix lists "SASL over TLS, TLS Dialback" for this row; the common-methods table of the same page lists "SASL over TLS, TLS Dialback, TCP Dialback".',
  },
  { tls: 'Required', sasl: 'Optional', dialback: false, methods: ['SASL over TLS'], validity: 'valid', note: 'Valid configuration.' },
  { tls: 'Optional', sasl: 'Optional', dialback: true, methods: ['SASL over TLS', 'TLS Dialback', 'TCP Dialback'], validity: 'warning', note: `${W_TLS_OPTIONAL} (Listed among the common, "very flexible" settings.)` },
  { tls: 'Optional', sasl: 'Optional', dialback: false, methods: ['SASL over TLS'], validity: 'warning', note: W_TLS_OPTIONAL },
  { tls: 'NotSupported', sasl: 'Optional', dialback: true, methods: ['TCP Dialback'], validity: 'refused', note: W_TLS_OPTIONAL, blockedBecause: CONTROL_PANEL_REFUSES },
  { tls: 'NotSupported', sasl: 'Optional', dialback: false, methods: [], validity: 'invalid', note: W_TLS_OPTIONAL, blockedBecause: `${NOT_VALID} ${W_TLS_OPTIONAL}` },
  { tls: 'Required', sasl: 'NotSupported', dialback: true, methods: ['TLS Dialback'], validity: 'valid', note: 'Configuration allows for TLS Dialback.' },
  { tls: 'Required', sasl: 'NotSupported', dialback: false, methods: [], validity: 'invalid', note: W_SASL_OR_DIALBACK, blockedBecause: `${NOT_VALID} ${W_SASL_OR_DIALBACK}` },
  { tls: 'Optional', sasl: 'NotSupported', dialback: true, methods: ['TLS Dialback', 'TCP Dialback'], validity: 'valid', note: 'Based on negotiation choices of the other end point, TCP or TLS Dialback will be accepted.' },
  { tls: 'Optional', sasl: 'NotSupported', dialback: false, methods: [], validity: 'invalid', note: W_SASL_OR_DIALBACK, blockedBecause: `${NOT_VALID} ${W_SASL_OR_DIALBACK}` },
  { tls: 'NotSupported', sasl: 'NotSupported', dialback: true, methods: ['TCP Dialback'], validity: 'valid', note: 'TCP Dialback is the only negotiation method available' },
  { tls: 'NotSupported', sasl: 'NotSupported', dialback: false, methods: [], validity: 'invalid', note: W_SASL_OR_DIALBACK, blockedBecause: `${NOT_VALID} ${W_SASL_OR_DIALBACK}` },
]

/** The matrix row for a combination: the live panel of the partner editor. Always defined. */
export function negotiationRow(tls: Negotiation, sasl: Negotiation, dialback: boolean): NegotiationRow {
  const row = NEGOTIATION_MATRIX.find((r) => r.tls === tls && r.sasl === sasl && r.dialback === dialback)
  if (!row) throw new Error(`negotiation matrix has no row for ${tls}/${sasl}/${dialback}`)
  return row
}

/** True when a combination may be saved and exported. */
export function isNegotiationAllowed(row: NegotiationRow): boolean {
  return row.validity === 'valid' || row.validity === 'warning'
}

/** A named partner preset (spec §5 step 4, names exact). */
export interface PartnerPreset {
  readonly id: 'dialback-only' | 'tls-dialback' | 'strict-sasl-tls' | 'flexible'
  readonly name: string
  readonly description: string
  readonly values: Pick<XmppPartner, 'tls' | 'sasl' | 'dialback'> & Partial<Pick<XmppPartner, 'enableKeepAlive' | 'partnerType'>>
}

export const PARTNER_PRESETS: readonly PartnerPreset[] = [
  {
    id: 'dialback-only',
    name: 'Dialback only (Google Talk – historical)',
    description:
      "TLS Not Supported, SASL Not Supported, dialback True, keep-alive False, Public unverified: the Google Talk example of Microsoft's Lync Server 2013 XMPP setup page. Google no longer documents XMPP server-to-server federation for gmail.com: test it before relying on it.",
    values: { tls: 'NotSupported', sasl: 'NotSupported', dialback: true, enableKeepAlive: false, partnerType: 'PublicUnverified' },
  },
  {
    id: 'tls-dialback',
    name: 'TLS + dialback',
    description: 'TLS Required, SASL Not Supported, dialback True: "Configuration allows for TLS Dialback."',
    values: { tls: 'Required', sasl: 'NotSupported', dialback: true },
  },
  {
    id: 'strict-sasl-tls',
    name: 'Strict SASL over TLS',
    description: 'TLS Required, SASL Required, dialback False: SASL over TLS only.',
    values: { tls: 'Required', sasl: 'Required', dialback: false },
  },
  {
    id: 'flexible',
    name: 'Flexible',
    description: `TLS Optional, SASL Optional, dialback True. ${W_TLS_OPTIONAL}`,
    values: { tls: 'Optional', sasl: 'Optional', dialback: true },
  },
]

/** A partner with a preset applied; every other field kept. */
export function applyPreset(partner: XmppPartner, presetId: PartnerPreset['id']): XmppPartner {
  const preset = PARTNER_PRESETS.find((p) => p.id === presetId)
  if (!preset) return partner
  return { ...partner, ...preset.values }
}

/** Partner-side S2S TLS modes (MongooseIM s2s.use_starttls and alike, spec §4.1 T7). */
export type PartnerTlsMode = 'false' | 'optional' | 'required' | 'required_trusted'

/**
 * Maps the partner server's TLS mode to our partner's TLS Negotiation (spec §4.1 [INFERENCE]).
 * `needsXmppDomainInSan`: a required_trusted partner validates our certificate for the XMPP domain.
 */
export function tlsForPartnerMode(mode: PartnerTlsMode): { tls: Negotiation; needsXmppDomainInSan: boolean; note: string } {
  switch (mode) {
    case 'false':
      return { tls: 'NotSupported', needsXmppDomainInSan: false, note: 'The partner does not offer TLS: only TCP dialback can work.' }
    case 'optional':
      return { tls: 'Optional', needsXmppDomainInSan: false, note: 'The partner offers TLS but does not insist on it.' }
    case 'required':
      return { tls: 'Required', needsXmppDomainInSan: false, note: 'The partner insists on TLS.' }
    case 'required_trusted':
      return { tls: 'Required', needsXmppDomainInSan: true, note: 'The partner insists on TLS and validates our certificate: every XMPP domain must be in the Edge certificate SAN.' }
  }
}

const CONNECTION_LIMIT_MAX = 4294967295 // ConnectionLimit is a UInt32 (New-CsXmppAllowedPartner)

/**
 * Every rule of the XMPP partners step for the whole list (spec §1.2.2, §1.5, §2.3, §5 step 4):
 * FQDNs, uniqueness across partners, additional domains, matrix validity, partner type,
 * keep-alive/limit/proxy. Our-own-domain checks are in cross-checks.ts.
 */
export function validatePartners(p: Pick<ProjectData, 'partners' | 'scenario'>): Finding[] {
  const out: Finding[] = []
  const partners = p.partners.partners
  if (partners.length === 0 && p.scenario.scenario !== 'retire-xmpp') {
    out.push(error('partners.partners', 'partner.none', 'Add at least one XMPP federated partner: users can talk only to XMPP networks on the allowed partners list.'))
  }
  // Every domain claimed by a partner, primary or additional, once across the whole list.
  const claimed = new Map<string, string>()
  partners.forEach((partner, i) => out.push(...validatePartner(partner, i, claimed)))
  return out
}

/**
 * The domains partners[0 .. upTo) claim (primary and additional) and by whom: what a partner at
 * index `upTo` is checked against. The partner editor computes it once per opening and then
 * checks only the draft on every keystroke (issue 12: 5,000 partners).
 */
export function claimedDomains(partners: readonly XmppPartner[], upTo = partners.length): Map<string, string> {
  const claimed = new Map<string, string>()
  for (let i = 0; i < Math.min(upTo, partners.length); i++) validatePartner(partners[i]!, i, claimed)
  return claimed
}

/**
 * The rules for one partner at index `i`, given the domains claimed before it; adds the
 * domains it claims to `claimed`. validatePartners runs it over the whole list.
 */
export function validatePartner(partner: XmppPartner, i: number, claimed: Map<string, string>): Finding[] {
  const out: Finding[] = []
  const base = `partners.partners.${i}`
  const primary = normaliseFqdn(partner.domain)
  const problem = fqdnProblem(primary)
  if (problem) out.push(error(`${base}.domain`, 'partner.domain.invalid', problem))
  else if (primary !== partner.domain) out.push(notice(`${base}.domain`, 'partner.domain.normalised', `Will be written as ${primary}.`))
  if (!problem) {
    const other = claimed.get(primary)
    if (other) out.push(error(`${base}.domain`, 'partner.domain.duplicate', `${primary} is already configured (${other}).`))
    else claimed.set(primary, `partner ${i + 1}`)
  }

  const seen = new Set<string>()
  partner.additionalDomains.forEach((raw, j) => {
    const field = `${base}.additionalDomains.${j}`
    const d = normaliseFqdn(raw)
    const dp = fqdnProblem(d)
    if (dp) return void out.push(error(field, 'partner.additional.invalid', dp))
    if (d === primary) return void out.push(error(field, 'partner.additional.primary', 'An additional domain cannot be the primary domain.'))
    if (seen.has(d)) return void out.push(error(field, 'partner.additional.duplicate', `${d} is listed twice.`))
    seen.add(d)
    const other = claimed.get(d)
    if (other) out.push(error(field, 'partner.additional.claimed', `${d} is already configured (${other}).`))
    else claimed.set(d, `additional domain of partner ${i + 1}`)
  })

  const row = negotiationRow(partner.tls, partner.sasl, partner.dialback)
  if (!isNegotiationAllowed(row)) {
    out.push(
      error(`${base}.sasl`, `partner.matrix.${row.validity}`, `TLS ${NEGOTIATION_LABELS[partner.tls]}, SASL ${NEGOTIATION_LABELS[partner.sasl]}, dialback ${partner.dialback ? 'True' : 'False'} cannot be saved: ${row.blockedBecause}`),
    )
  } else if (row.validity === 'warning') {
    out.push(warning(`${base}.sasl`, 'partner.matrix.warning', row.note))
  }
  if (row.conflict) out.push(notice(`${base}.sasl`, 'partner.matrix.conflict', row.conflict))

  if (partner.partnerType === 'PublicVerified') {
    out.push(warning(`${base}.partnerType`, 'partner.type.public-verified', PUBLIC_VERIFIED_WARNING))
  }
  if (partner.connectionLimit !== null && (partner.connectionLimit < 0 || partner.connectionLimit > CONNECTION_LIMIT_MAX)) {
    out.push(error(`${base}.connectionLimit`, 'partner.limit.range', 'The connection limit is a UInt32: a whole number from 0 to 4294967295, or blank to leave it unset.'))
  }
  if (partner.proxyFqdn.trim()) {
    const pp = fqdnProblem(normaliseFqdn(partner.proxyFqdn))
    if (pp) out.push(error(`${base}.proxyFqdn`, 'partner.proxy.invalid', pp))
  }
  if (partner.description.length > 1024) {
    out.push(error(`${base}.description`, 'partner.description.too-long', 'Keep the description to 1024 characters.'))
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(partner.description)) {
    out.push(error(`${base}.description`, 'partner.description.control', 'The description contains control characters; remove them.'))
  }
  return out
}

/**
 * Findings for a partner whose domain is one of ours (spec §5 step 4, cross-check): federating
 * with yourself is always a typo.
 */
export function validatePartnerDomainsAgainstOwn(p: Pick<ProjectData, 'partners' | 'inventory'>): Finding[] {
  const own = [...ownSipDomains(p), ...ownXmppDomains(p)]
  const out: Finding[] = []
  p.partners.partners.forEach((partner, i) => {
    const names: Array<[string, string]> = [[`partners.partners.${i}.domain`, partner.domain]]
    partner.additionalDomains.forEach((d, j) => names.push([`partners.partners.${i}.additionalDomains.${j}`, d]))
    for (const [field, raw] of names) {
      const d = normaliseFqdn(raw)
      if (!d) continue
      const same = own.find((o) => o === d)
      if (same) {
        out.push(error(field, 'partner.domain.own', `${d} is one of your own SIP or XMPP domains: a partner must be another organisation's domain.`))
        continue
      }
      const parent = own.find((o) => isSameOrSubdomain(d, o))
      if (parent) out.push(warning(field, 'partner.domain.own-subdomain', `${d} is a sub-domain of your own domain ${parent}: check that it really belongs to the partner.`))
    }
  })
  return out
}

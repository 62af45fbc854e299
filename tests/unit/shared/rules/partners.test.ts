import { describe, expect, it } from 'vitest'
import { XmppPartner } from '../../../../shared/domain/model/partners'
import {
  NEGOTIATION_MATRIX,
  PARTNER_PRESETS,
  PUBLIC_VERIFIED_WARNING,
  applyPreset,
  isNegotiationAllowed,
  negotiationRow,
  tlsForPartnerMode,
  validatePartnerDomainsAgainstOwn,
  validatePartners,
} from '../../../../shared/domain/rules/partners'
import { smallProject } from '../../../helpers/sample-projects'

// The 18 rows of spec §1.5 (S6), written out independently of the implementation.
const R = 'Required',
  O = 'Optional',
  N = 'NotSupported'
const EXPECTED: Array<[string, string, boolean, string, string]> = [
  [R, R, true, 'SASL over TLS', 'warning'],
  [R, R, false, 'SASL over TLS', 'valid'],
  [O, R, true, 'SASL over TLS, TLS Dialback, TCP Dialback', 'warning'],
  [O, R, false, 'SASL over TLS', 'warning'],
  [N, R, true, 'TCP Dialback', 'refused'],
  [N, R, false, '', 'invalid'],
  [R, O, true, 'SASL over TLS, TLS Dialback', 'valid'],
  [R, O, false, 'SASL over TLS', 'valid'],
  [O, O, true, 'SASL over TLS, TLS Dialback, TCP Dialback', 'warning'],
  [O, O, false, 'SASL over TLS', 'warning'],
  [N, O, true, 'TCP Dialback', 'refused'],
  [N, O, false, '', 'invalid'],
  [R, N, true, 'TLS Dialback', 'valid'],
  [R, N, false, '', 'invalid'],
  [O, N, true, 'TLS Dialback, TCP Dialback', 'valid'],
  [O, N, false, '', 'invalid'],
  [N, N, true, 'TCP Dialback', 'valid'],
  [N, N, false, '', 'invalid'],
]

const project = (partners: Array<Partial<XmppPartner>>) => {
  const p = smallProject()
  p.partners.partners = partners.map((x) => XmppPartner.parse(x))
  return p
}

describe('negotiation matrix (spec §1.5)', () => {
  it('has exactly the 18 combinations, each once', () => {
    expect(NEGOTIATION_MATRIX).toHaveLength(18)
    expect(new Set(NEGOTIATION_MATRIX.map((r) => `${r.tls}/${r.sasl}/${r.dialback}`)).size).toBe(18)
  })

  it.each(EXPECTED)('TLS %s, SASL %s, dialback %s → %s (%s)', (tls, sasl, dialback, methods, validity) => {
    const row = negotiationRow(tls as never, sasl as never, dialback)
    expect(row.methods.join(', ')).toBe(methods)
    expect(row.validity).toBe(validity)
    expect(isNegotiationAllowed(row)).toBe(validity === 'valid' || validity === 'warning')
    if (!isNegotiationAllowed(row)) expect(row.blockedBecause).toBeTruthy()
    const findings = validatePartners(project([{ domain: 'fabrikam.com', tls: tls as never, sasl: sasl as never, dialback }]))
    const matrix = findings.filter((f) => f.code.startsWith('partner.matrix.') && f.code !== 'partner.matrix.conflict')
    if (validity === 'valid') expect(matrix).toEqual([])
    else expect(matrix).toEqual([expect.objectContaining({ field: 'partners.partners.0.sasl', severity: validity === 'warning' ? 'warning' : 'error', code: `partner.matrix.${validity}` })])
  })

  it('quotes the source warnings verbatim', () => {
    expect(negotiationRow('Required', 'Required', true).note).toBe('Dialback will not operate if both SASL and TLS are required.')
    expect(negotiationRow('NotSupported', 'Required', false).blockedBecause).toContain('Because SASL requires TLS, and TLS is not available, SASL/TLS cannot succeed. TCP Dialback is set to false, and cannot be used.')
    expect(negotiationRow('Required', 'NotSupported', false).blockedBecause).toContain('SASL or Dialback must be enabled.')
    expect(negotiationRow('NotSupported', 'Optional', true).blockedBecause).toContain('SASL requires TLS')
  })

  it('carries the [CONFLICT] note on Required/Optional/True only', () => {
    expect(NEGOTIATION_MATRIX.filter((r) => r.conflict).map((r) => `${r.tls}/${r.sasl}/${r.dialback}`)).toEqual(['Required/Optional/true'])
    expect(validatePartners(project([{ domain: 'a.com', tls: 'Required', sasl: 'Optional', dialback: true }])).map((f) => f.code)).toContain('partner.matrix.conflict')
  })
})

describe('partner presets (spec §5 step 4)', () => {
  it('have the exact names and values', () => {
    expect(PARTNER_PRESETS.map((p) => p.name)).toEqual(['Dialback only (Google Talk – historical)', 'TLS + dialback', 'Strict SASL over TLS', 'Flexible'])
    const base = XmppPartner.parse({ domain: 'gmail.com', description: 'keep me' })
    expect(applyPreset(base, 'dialback-only')).toMatchObject({ domain: 'gmail.com', description: 'keep me', tls: 'NotSupported', sasl: 'NotSupported', dialback: true, enableKeepAlive: false, partnerType: 'PublicUnverified' })
    expect(applyPreset(base, 'tls-dialback')).toMatchObject({ tls: 'Required', sasl: 'NotSupported', dialback: true })
    expect(applyPreset(base, 'strict-sasl-tls')).toMatchObject({ tls: 'Required', sasl: 'Required', dialback: false })
    expect(applyPreset(base, 'flexible')).toMatchObject({ tls: 'Optional', sasl: 'Optional', dialback: true })
    for (const preset of PARTNER_PRESETS) {
      const p = applyPreset(base, preset.id)
      expect(isNegotiationAllowed(negotiationRow(p.tls, p.sasl, p.dialback))).toBe(true)
    }
  })

  it('map partner-side TLS modes (spec §4.1)', () => {
    expect(tlsForPartnerMode('false').tls).toBe('NotSupported')
    expect(tlsForPartnerMode('optional').tls).toBe('Optional')
    expect(tlsForPartnerMode('required').tls).toBe('Required')
    expect(tlsForPartnerMode('required_trusted')).toMatchObject({ tls: 'Required', needsXmppDomainInSan: true })
  })
})

describe('partner rules', () => {
  const codes = (partners: Array<Partial<XmppPartner>>) => validatePartners(project(partners)).map((f) => `${f.field} ${f.code}`)

  it('accepts the sample partner', () => {
    expect(validatePartners(smallProject()).filter((f) => f.severity !== 'notice')).toEqual([])
  })
  it('requires at least one partner', () => {
    expect(codes([])).toContain('partners.partners partner.none')
  })
  it('validates FQDNs and normalises case', () => {
    expect(codes([{ domain: 'not a domain' }])).toContain('partners.partners.0.domain partner.domain.invalid')
    expect(codes([{ domain: 'Fabrikam.COM.' }])).toContain('partners.partners.0.domain partner.domain.normalised')
  })
  it('rejects duplicate partners and claimed additional domains', () => {
    expect(codes([{ domain: 'a.com' }, { domain: 'A.com' }])).toContain('partners.partners.1.domain partner.domain.duplicate')
    expect(codes([{ domain: 'a.com' }, { domain: 'b.com', additionalDomains: ['a.com'] }])).toContain('partners.partners.1.additionalDomains.0 partner.additional.claimed')
  })
  it('checks additional domains', () => {
    const c = codes([{ domain: 'a.com', additionalDomains: ['a.com', 'x.a.com', 'X.a.com', 'bad_name.a.com'] }])
    expect(c).toEqual(
      expect.arrayContaining([
        'partners.partners.0.additionalDomains.0 partner.additional.primary',
        'partners.partners.0.additionalDomains.2 partner.additional.duplicate',
        'partners.partners.0.additionalDomains.3 partner.additional.invalid',
      ]),
    )
  })
  it('warns on Public verified with the source text', () => {
    const f = validatePartners(project([{ domain: 'a.com', partnerType: 'PublicVerified' }])).find((x) => x.code === 'partner.type.public-verified')
    expect(f).toMatchObject({ severity: 'warning', message: PUBLIC_VERIFIED_WARNING })
  })
  it('checks the connection limit range and the proxy FQDN', () => {
    expect(codes([{ domain: 'a.com', connectionLimit: -1 }])).toContain('partners.partners.0.connectionLimit partner.limit.range')
    expect(codes([{ domain: 'a.com', connectionLimit: 4294967296 }])).toContain('partners.partners.0.connectionLimit partner.limit.range')
    expect(codes([{ domain: 'a.com', connectionLimit: 4294967295 }])).not.toContain('partners.partners.0.connectionLimit partner.limit.range')
    expect(codes([{ domain: 'a.com', proxyFqdn: 'proxy' }])).toContain('partners.partners.0.proxyFqdn partner.proxy.invalid')
  })
  it('rejects control characters in the description', () => {
    expect(codes([{ domain: 'a.com', description: 'a\u0007b' }])).toContain('partners.partners.0.description partner.description.control')
  })
  it('keeps partner domains distinct from our own', () => {
    const p = project([{ domain: 'contoso.com' }, { domain: 'eu.contoso.com' }, { domain: 'fabrikam.com' }])
    const f = validatePartnerDomainsAgainstOwn(p).map((x) => `${x.field} ${x.code} ${x.severity}`)
    expect(f).toEqual(['partners.partners.0.domain partner.domain.own error', 'partners.partners.1.domain partner.domain.own-subdomain warning'])
  })
})

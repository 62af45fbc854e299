import { describe, expect, it } from 'vitest'
import { suggestNegotiation, type PartnerOffer } from '../../../../../electron/services/verify/negotiation'

const offer = (o: Partial<PartnerOffer>): PartnerOffer => ({ tls: 'required', dialback: true, saslExternal: 'unknown', saslMechanisms: [], ...o })

describe('suggestNegotiation (spec §1.5 matrix, §4.1 partner TLS modes)', () => {
  it.each([
    [offer({}), { tls: 'Required', sasl: 'NotSupported', dialback: true, validity: 'valid' }],
    [offer({ tls: 'optional' }), { tls: 'Optional', sasl: 'NotSupported', dialback: true, validity: 'valid' }],
    [offer({ tls: 'none', saslExternal: 'not-offered' }), { tls: 'NotSupported', sasl: 'NotSupported', dialback: true, validity: 'valid' }],
    [offer({ saslExternal: 'offered', saslMechanisms: ['EXTERNAL'] }), { tls: 'Required', sasl: 'Optional', dialback: true, validity: 'valid' }],
    [offer({ tls: 'optional', saslExternal: 'offered', dialback: false }), { tls: 'Required', sasl: 'Required', dialback: false, validity: 'valid' }],
    [offer({ dialback: false }), { tls: 'Required', sasl: 'Required', dialback: false, validity: 'valid' }],
  ] as const)('%o → %o', (o, want) => {
    const { suggestion, reasons } = suggestNegotiation(o)
    expect(suggestion).toMatchObject(want)
    expect(reasons.length).toBeGreaterThan(0)
  })

  it.each([offer({ tls: 'none', dialback: false, saslExternal: 'not-offered' }), offer({ dialback: false, saslExternal: 'not-offered' })])('no row can work for %o', (o) => {
    const { suggestion, reasons } = suggestNegotiation(o)
    expect(suggestion).toBeNull()
    expect(reasons.join(' ')).toMatch(/no negotiation row can work/)
  })
})

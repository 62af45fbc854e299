/**
 * A certificate Buffer is parsed once: reading a file validates each certificate with a full
 * parse and inspecting it reuses that parse (a bundle of 8,200 was parsed twice, its first parse
 * all garbage at the peak of xgw inspect's memory).
 */
import { describe, expect, it } from 'vitest'
import { parse } from '../../../../../electron/services/certificates/asn1'
import { parseCertificate } from '../../../../../electron/services/certificates/facts'
import { inspectContainer } from '../../../../../electron/services/certificates/inspect'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { readContainer } from '../../../../../electron/services/certificates/read-container'
import { distinctCertificateBundle } from '../../../../helpers/hostile-files'

describe('certificate parsing', () => {
  it('the same Buffer gives the same parsed certificate; equal bytes elsewhere give equal facts', () => {
    const p = createPrimitives()
    const c = readContainer(p, Buffer.from(distinctCertificateBundle(1)))
    const der = c.certificates[0]!
    expect(parse(der).bytes).toBe(der) // a whole input is not re-wrapped in a view
    expect(parseCertificate(der)).toBe(parseCertificate(der))
    const copy = Buffer.from(der)
    expect(parseCertificate(copy)).not.toBe(parseCertificate(der))
    expect(parseCertificate(copy).facts).toEqual(parseCertificate(der).facts)
  })

  it('inspect reuses the parse of each certificate Buffer the reader returned', () => {
    const p = createPrimitives()
    const c = readContainer(p, Buffer.from(distinctCertificateBundle(3)))
    const parsedByReader = c.certificates.map((d) => parseCertificate(d).facts)
    const r = inspectContainer(p, c)
    expect(r.certificates).toHaveLength(3)
    r.certificates.forEach((facts, i) => expect(facts).toBe(parsedByReader[i]))
  })
})

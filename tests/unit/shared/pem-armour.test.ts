import { describe, expect, it } from 'vitest'
import { splitPem } from '../../../electron/services/certificates/pem'
import { pemArmour } from '../../../shared/domain/pem-armour'

const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7) & 0xff))

describe('pemArmour', () => {
  it('wraps at 64 characters, and a body of whole lines gets no blank line before END', () => {
    for (const n of [1, 47, 48, 96, 1000]) {
      const pem = pemArmour('CERTIFICATE', bytes(n).toString('base64'))
      const lines = pem.split('\n')
      expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----')
      expect(lines.at(-2)).toBe('-----END CERTIFICATE-----')
      expect(lines.at(-1)).toBe('')
      const body = lines.slice(1, -2)
      expect(body.every((l) => l.length > 0 && l.length <= 64)).toBe(true)
      expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true)
      expect(splitPem(Buffer.from(pem))[0]!.der).toEqual(bytes(n))
    }
  })

  it('puts RFC 1421 headers first, then a blank line', () => {
    const pem = pemArmour('RSA PRIVATE KEY', 'AAAA', { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00' })
    expect(pem).toBe('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n')
    expect(splitPem(Buffer.from(pem))[0]!.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00' })
  })
})

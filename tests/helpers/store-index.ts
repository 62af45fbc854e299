/**
 * A certificate store index (electron/services/certificates/cert-store.ts) with `n` entries and
 * `pending` pending keys, for listing at scale. The entries are index records only (no
 * certificate files): listing and searching read nothing else.
 */
import { createHash } from 'node:crypto'

const hex = (s: string, len: number) => createHash('sha256').update(s).digest('hex').toUpperCase().slice(0, len).padEnd(len, '0')

export function syntheticStoreIndex(n: number, pending = 0) {
  const entries = Array.from({ length: n }, (_, i) => {
    const host = `host-${String(i).padStart(5, '0')}.contoso.com`
    return {
      thumbprint: hex(`t${i}`, 40),
      sha256: hex(`s${i}`, 64),
      subject: `CN=${host}`,
      issuer: 'CN=Contoso Issuing CA,O=Contoso',
      serialNumber: (1000 + i).toString(16).toUpperCase(),
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2027-01-01T00:00:00Z',
      dnsNames: [host, `sip.${host}`],
      isCA: false,
      keyType: 'RSA',
      keyBits: 2048,
      hasKey: i % 3 === 0,
      tags: i === 0 ? ['edge'] : [],
      source: `${host}.cer`,
      addedAt: '2026-06-01T00:00:00.000Z',
    }
  })
  const pend = Array.from({ length: pending }, (_, i) => ({
    id: `0000000${i}-0000-4000-8000-000000000000`.slice(0, 36),
    spkiSha256: hex(`p${i}`, 64),
    subject: `CN=pending-${i}.contoso.com`,
    sans: [],
    createdAt: '2026-06-01T00:00:00.000Z',
  }))
  return { version: 1, passphrase: null, entries, pending: pend }
}

/**
 * Path building costs a bounded number of signature checks whatever the bundle holds: a PEM of
 * 500 certificates sharing one subject (each a candidate issuer of every other) is checked,
 * inspected and ordered fast. The certificates are real (ECDSA P-256 signatures made here with
 * node:crypto over DER built with the engine's own encoders).
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../electron/lib/logger'
import { bitString, ctx, integer, oid, seq, setOf, tlv, utf8 } from '../../../../../electron/services/certificates/asn1'
import { IssuerIndex, MAX_CANDIDATES, MAX_EXPANSIONS, SignatureCache, buildPath, orderBundle } from '../../../../../electron/services/certificates/chain'
import { checkCertificates, createCertificateService, createPrimitives } from '../../../../../electron/services/certificates'
import { parseCertificate } from '../../../../../electron/services/certificates/facts'
import { toPem } from '../../../../../electron/services/certificates/pem'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

const ECDSA_SHA256 = '1.2.840.10045.4.3.2'
const name = (cn: string) => seq(setOf(seq(oid('2.5.4.3'), utf8(cn))))
const time = (s: string) => tlv(0x17, Buffer.from(s, 'latin1'))

function cert(serial: number, subject: string, issuer: string, spki: Buffer, signer: KeyObject): Buffer {
  const tbs = seq(ctx(0, integer(2)), integer(serial), seq(oid(ECDSA_SHA256)), name(issuer), seq(time('250101000000Z'), time('351231000000Z')), name(subject), spki)
  return seq(tbs, seq(oid(ECDSA_SHA256)), bitString(sign('sha256', tbs, signer)))
}

const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' })
const spkiOf = (k: KeyObject) => k.export({ type: 'spki', format: 'der' })

/** n certificates named "Same", issued by "Same", signed by key A but carrying key B: none verifies another. */
function hostileBundle(n: number): { pem: string; ders: Buffer[] } {
  const a = ec()
  const b = ec()
  const ders = [cert(1, 'leaf.contoso.com', 'Same', spkiOf(b.publicKey), a.privateKey)]
  for (let i = 0; i < n - 1; i++) ders.push(cert(1000 + i, 'Same', 'Same', spkiOf(b.publicKey), a.privateKey))
  return { ders, pem: ders.map((d) => toPem('CERTIFICATE', d)).join('') }
}

describe('path building cost', () => {
  it('500 certificates sharing one subject: a bounded number of signature checks, fast', async () => {
    const { pem, ders } = hostileBundle(500)
    expect(pem.length).toBeGreaterThan(200_000)
    const p = createPrimitives()
    const parsed = ders.map(parseCertificate)
    const sigs = new SignatureCache(p)
    const t0 = performance.now()
    const r = buildPath(
      sigs,
      new IssuerIndex(
        parsed.map((cert) => ({ cert, source: 'file' as const })),
        [],
      ),
      { cert: parsed[0]!, source: 'file' },
      Date.parse('2026-01-01'),
    )
    const pathMs = performance.now() - t0
    expect(r.status).toBe('untrusted')
    expect(r.reason).toBe('bad-signature')
    expect(r.signatureChecks).toBeLessThanOrEqual(MAX_CANDIDATES + 1)

    // Every self-issued certificate as the starting point: still bounded per start.
    const sigs2 = new SignatureCache(p)
    const idx = new IssuerIndex(
      parsed.map((cert) => ({ cert, source: 'file' as const })),
      [],
    )
    for (const c of parsed.slice(1, 51)) buildPath(sigs2, idx, { cert: c, source: 'file' }, Date.parse('2026-01-01'))
    expect(sigs2.checks).toBeLessThanOrEqual(50 * (MAX_CANDIDATES + 1) * MAX_EXPANSIONS)

    const t1 = performance.now()
    const ordered = orderBundle(p, parsed)
    const check = checkCertificates({ container: 'pem', certificates: ders }, { sipDomains: [], xmppDomains: [], edgeFqdns: [], at: '2026-01-01T00:00:00Z' }, { primitives: p })
    const engineMs = performance.now() - t1
    expect(ordered.chain[0]!.facts.subject).toBe('CN=leaf.contoso.com')
    expect(check.findings.map((f) => f.code)).toContain('UNTRUSTED_CHAIN')

    // The whole route: read (PEM split, parse) + inspect.
    const dir = mkdtempSync(path.join(tmpdir(), 'xgw-cost-'))
    try {
      const svc = createCertificateService({ storeDir: dir, log: silentLogger })
      const t2 = performance.now()
      const inspected = await svc.inspect({ name: 'hostile.pem', data: Buffer.from(pem).toString('base64'), extraFiles: [] })
      const routeMs = performance.now() - t2
      expect(inspected.certificates).toHaveLength(500)
      expect(inspected.leaf).toBe(parsed[0]!.facts.thumbprint)
      console.log(`500 certificates, one subject (${pem.length} bytes): path ${pathMs.toFixed(1)} ms (${r.signatureChecks} signature checks), order+check ${engineMs.toFixed(1)} ms, inspect route ${routeMs.toFixed(1)} ms`)
      // Generous bounds for a loaded 2-core machine; the old quadratic builder needed ~250 000 checks.
      expect(pathMs).toBeLessThan(1000)
      expect(engineMs).toBeLessThan(5000)
      expect(routeMs).toBeLessThan(5000)
      await svc.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

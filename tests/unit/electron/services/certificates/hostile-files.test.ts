/**
 * The hostile-file classes, generated here (tests/helpers/hostile-files.ts), through exactly
 * what the certificate worker runs for "inspect": each ends with a coded error, quickly, and
 * the process survives. The same files against the real host over HTTP are in
 * tests/integration/host/hostile-host.test.ts.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../../shared/errors'
import { JOBS } from '../../../../../electron/services/certificates/jobs'
import { splitPem } from '../../../../../electron/services/certificates/pem'
import { ecKey33ByteScalar, noMacPfxRepeatedKeyBags, pemHeaderSpam, rsaKey, bigBundle } from '../../../../helpers/hostile-files'
import { TestPki } from '../../../../helpers/openssl'

function inspect(bytes: Buffer, password?: string): { code: string; ms: number } {
  const t0 = performance.now()
  try {
    JOBS.inspect({ bytes, ...(password !== undefined ? { password } : {}) }, {})
    return { code: 'ok', ms: performance.now() - t0 }
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    return { code: e.code, ms: performance.now() - t0 }
  }
}

describe('hostile files end with a coded error', () => {
  it('the 122-byte P-256 key with a 33-byte private value: UNSUPPORTED_KEY, where Node itself aborts', () => {
    const key = ecKey33ByteScalar()
    expect(key.length).toBe(122)
    // Proof the file is hostile: handed straight to Node's crypto, the process dies with SIGABRT.
    const raw = spawnSync(process.execPath, ['-e', `require('node:crypto').createPrivateKey({ key: Buffer.from('${key.toString('hex')}', 'hex'), format: 'der', type: 'sec1' }).asymmetricKeyDetails`])
    expect(raw.signal).toBe('SIGABRT')
    const r = inspect(key)
    expect(r.code).toBe('UNSUPPORTED_KEY')
    const pem = inspect(Buffer.from(`-----BEGIN EC PRIVATE KEY-----\n${key.toString('base64')}\n-----END EC PRIVATE KEY-----\n`))
    expect(pem.code).toBe('UNSUPPORTED_KEY')
  })

  it('an RSA key with a 300 KB public exponent and one with a 39,464-bit modulus: UNSUPPORTED_KEY in milliseconds', () => {
    const exp = inspect(Buffer.from(rsaKey(2048, 300 * 1024 * 8)))
    expect(exp.code).toBe('UNSUPPORTED_KEY')
    const big = inspect(Buffer.from(rsaKey(39_464, 17)))
    expect(big.code).toBe('UNSUPPORTED_KEY')
    expect(exp.ms + big.ms).toBeLessThan(2000)
  })

  it('PEM header spam: TOO_LARGE, linear', () => {
    const r = inspect(Buffer.from(pemHeaderSpam(200_000)))
    expect(r.code).toBe('TOO_LARGE')
    expect(r.ms).toBeLessThan(2000)
  })

  it('a MAC-less PFX of repeated key bags at the iteration cap: TOO_LARGE once the work budget is spent', () => {
    const pfx = noMacPfxRepeatedKeyBags(40, 2_000_000, 'x')
    const r = inspect(pfx, 'x')
    expect(r.code).toBe('TOO_LARGE')
    console.log(`no-MAC PFX, 40 key bags at 2,000,000 iterations: TOO_LARGE after ${Math.round(r.ms)} ms`)
    expect(r.ms).toBeLessThan(30_000)
  }, 60_000)

  it('PEM splitting is linear: an LF-only 10 MB bundle of 8,000 certificates and the same size of header spam', () => {
    const pki = new TestPki()
    try {
      const leaf = pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com'] })
      const one = Buffer.from(bigBundle(leaf.certPem, 1))
      const text = Buffer.from(bigBundle(leaf.certPem, Math.max(8200, Math.ceil((10 * 1024 * 1024) / one.length))))
      expect(text.length).toBeGreaterThanOrEqual(10 * 1024 * 1024)
      const t0 = performance.now()
      const blocks = splitPem(text)
      const ms = performance.now() - t0
      expect(blocks.length).toBeGreaterThanOrEqual(8000)
      console.log(`splitPem: ${blocks.length} blocks, ${(text.length / 1048576).toFixed(1)} MB LF-only in ${Math.round(ms)} ms`)
      expect(ms).toBeLessThan(5000)
    } finally {
      pki.cleanup()
    }
  })
})

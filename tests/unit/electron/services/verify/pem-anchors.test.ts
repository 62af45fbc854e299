import { describe, expect, it } from 'vitest'
import { pemCertificates, systemTrustAnchors } from '../../../../../electron/services/verify/cert-report'
import { AppError } from '../../../../../shared/errors'

describe('trust anchors from PEM', () => {
  it("reads Node's bundled roots, each one certificate", () => {
    const roots = systemTrustAnchors()
    expect(roots.length).toBeGreaterThan(50)
    expect(roots.every((der) => der[0] === 0x30)).toBe(true)
  })

  it('refuses a hostile anchor quickly with a coded error instead of scanning it quadratically', () => {
    const hostile = '-----BEGIN CERTIFICATE-----\n'.repeat(9000)
    const t0 = performance.now()
    let outcome: unknown
    try {
      outcome = pemCertificates(hostile)
    } catch (e) {
      outcome = e
    }
    expect(performance.now() - t0).toBeLessThan(250)
    // Either nothing usable or a coded error: never a hang, never a crash.
    if (outcome instanceof Error) expect(outcome).toBeInstanceOf(AppError)
    else expect(outcome).toEqual([])
  })
})

/**
 * An RSA key whose private values do not belong to its public ones is refused at import (MALFORMED,
 * with the reason), so pairing keys with certificates can compare public halves instead of making
 * an RSA signature. The tampered keys are built by OpenSSL itself (from JWK); `openssl pkey -check`
 * (RSA_check_key) is the oracle that they are broken. A test signature is not: OpenSSL checks its
 * CRT result and falls back to the private exponent, so most of these keys still sign correctly
 * here, while a signer that trusts the CRT values (as Windows may) would not.
 */
import { spawnSync } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { importPkcs8 } from '../../../../../electron/services/certificates/keys'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
const jwk = privateKey.export({ format: 'jwk' })
const otherJwk = other.export({ format: 'jwk' })
const pkcs8 = (k: JsonWebKey) => createPrivateKey({ key: k, format: 'jwk' }).export({ format: 'der', type: 'pkcs8' })
const opensslSaysValid = (der: Buffer) => spawnSync('openssl', ['pkey', '-inform', 'DER', '-check', '-noout'], { input: der }).status === 0

describe('RSA key consistency at import', () => {
  it('a generated key imports', () => {
    expect(opensslSaysValid(pkcs8(jwk))).toBe(true)
    expect(importPkcs8(createPrimitives(), pkcs8(jwk)).handle.type).toBe('RSA')
  })

  it.each([
    ['private exponent', { d: otherJwk.d }],
    ['first CRT exponent', { dp: otherJwk.dp }],
    ['CRT coefficient', { qi: otherJwk.qi }],
    ['primes', { p: otherJwk.p, q: otherJwk.q }],
  ])('%s from another key: refused, as openssl pkey -check refuses it', (_what, change) => {
    const broken = pkcs8({ ...jwk, ...change })
    expect(opensslSaysValid(broken)).toBe(false)
    expect(() => importPkcs8(createPrimitives(), broken)).toThrow(expect.objectContaining({ code: 'MALFORMED', message: expect.stringContaining('do not belong together') }))
  })
})

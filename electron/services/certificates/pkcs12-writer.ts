/**
 * PKCS#12 / PFX writer with two profiles (issue 3 "Export and conversion"):
 *
 * - `compatible` (default): certificates and key with pbeWithSHA1And3-KeyTripleDES-CBC and a
 *   SHA-1 MAC. Windows Server 2012 R2 through 2025 import it, OpenSSL 3 reads it without
 *   `-legacy` (certificates.md §2.3, pitfall 21: SfB 2019 runs on Server 2016/2019).
 * - `modern`: PBES2 AES-256-CBC with PBKDF2-HMAC-SHA256 and a SHA-256 MAC, as OpenSSL 3 and
 *   Windows Server 2019+ ("AES256-SHA256") write.
 *
 * Our own encoder rather than forge's `toPkcs12Asn1`: forge can only write a SHA-1 MAC, cannot
 * write EC keys or the Microsoft CSP attribute, and writes non-ASCII AES passwords wrongly
 * (pitfalls 4, 19). PBES2 gets the UTF-8 password, the PKCS#12 KDF the BMPString.
 */
import { ctx, integer, nullValue, octetString, oid, seq, setOf, tlv, bmp } from './asn1'
import { OID } from './oids'
import { bmpPassword, pbeEncrypt, pkcs12Kdf, type PbeProfile } from './pbe'
import type { CryptoPrimitives } from './primitives'

export type PfxProfile = 'compatible' | 'modern'

export interface PfxInput {
  /** Unencrypted PKCS#8 DER, or undefined for a certificates-only PFX. */
  readonly pkcs8?: Buffer
  /** Leaf first, then intermediates and root. */
  readonly certs: readonly Buffer[]
  readonly password: string
  readonly friendlyName?: string
  /** Microsoft CSP name to keep on the key bag (1.3.6.1.4.1.311.17.1). */
  readonly cspName?: string
  readonly profile?: PfxProfile
  readonly iterations?: number
}

function attribute(id: string, value: Buffer): Buffer {
  return seq(oid(id), setOf(value))
}

function contentInfoData(content: Buffer): Buffer {
  return seq(oid(OID.data), ctx(0, octetString(content)))
}

function contentInfoEncrypted(p: CryptoPrimitives, profile: PbeProfile, password: string, content: Buffer, iterations: number): Buffer {
  const [alg, enc] = pbeEncrypt(p, profile, password, content, iterations)
  // EncryptedData (RFC 5652 §8): version 0, EncryptedContentInfo with [0] IMPLICIT content.
  const encryptedData = seq(integer(0), seq(oid(OID.data), alg, tlv(0x80, enc)))
  return seq(oid(OID.encryptedData), ctx(0, encryptedData))
}

/** Writes a PFX. The caller re-reads it with readPkcs12 before handing it over. */
export function writePkcs12(p: CryptoPrimitives, input: PfxInput): Buffer {
  const profile = input.profile ?? 'compatible'
  const pbe: PbeProfile = profile === 'modern' ? 'pbes2-aes256-sha256' : 'pbe-sha1-3des'
  const iterations = input.iterations ?? 2048
  const leaf = input.certs[0]
  // localKeyID = SHA-1 of the leaf certificate, as OpenSSL and Windows write it.
  const localKeyId = leaf && input.pkcs8 ? p.hash('sha1', leaf) : undefined

  const certBags = input.certs.map((der, i) => {
    const attrs: Buffer[] = []
    if (i === 0 && input.friendlyName) attrs.push(attribute(OID.friendlyName, bmp(input.friendlyName)))
    if (i === 0 && localKeyId) attrs.push(attribute(OID.localKeyId, octetString(localKeyId)))
    const certBag = seq(oid(OID.x509Certificate), ctx(0, octetString(der)))
    return seq(oid(OID.certBag), ctx(0, certBag), ...(attrs.length ? [setOf(...attrs)] : []))
  })

  const safes: Buffer[] = []
  if (certBags.length) safes.push(contentInfoEncrypted(p, pbe, input.password, seq(...certBags), iterations))
  if (input.pkcs8) {
    const [alg, enc] = pbeEncrypt(p, pbe, input.password, input.pkcs8, iterations)
    const attrs: Buffer[] = []
    if (input.friendlyName) attrs.push(attribute(OID.friendlyName, bmp(input.friendlyName)))
    if (localKeyId) attrs.push(attribute(OID.localKeyId, octetString(localKeyId)))
    if (input.cspName) attrs.push(attribute(OID.msCspName, bmp(input.cspName)))
    const keyBag = seq(oid(OID.pkcs8ShroudedKeyBag), ctx(0, seq(alg, octetString(enc))), ...(attrs.length ? [setOf(...attrs)] : []))
    safes.push(contentInfoData(seq(keyBag)))
  }
  const authSafe = seq(...safes)

  const macHash = profile === 'modern' ? 'sha256' : 'sha1'
  const macLen = macHash === 'sha256' ? 32 : 20
  const salt = p.random(profile === 'modern' ? 16 : 8)
  const macKey = pkcs12Kdf(p, macHash, bmpPassword(input.password), salt, 3, iterations, macLen)
  const mac = p.hmac(macHash, macKey, authSafe)
  const macData = seq(seq(seq(oid(macHash === 'sha256' ? OID.sha256 : OID.sha1), nullValue()), octetString(mac)), octetString(salt), integer(iterations))
  return seq(integer(3), contentInfoData(authSafe), macData)
}

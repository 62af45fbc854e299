/**
 * Certificate signing requests (PKCS#10, RFC 2986) for the Access Edge external interface:
 * RSA key generated natively and asynchronously (11-13x faster than pure-JS forge and not
 * blocking: certificates.md §3/§4), subject CN = Access Edge FQDN, SANs from the project
 * (shared/domain/rules/sans.ts) plus extras, EKU serverAuth, signed SHA-256. Also the
 * `Request-CsCertificate` line and the Certificate Wizard values (spec §1.4, §2.6) for
 * admins who request on the Edge itself, which keeps the key on the Edge.
 */
import { generateKeyPair } from 'node:crypto'
import { requestLine } from '../../../shared/export/request-cs-certificate'
import { csrSans, type CsrRequestValues, wizardFieldValues, type WizardFieldValue } from '../../../shared/domain/rules/certificates'
import type Forge from 'node-forge'
import { forge } from './forge-lazy'
import { AppError, ErrorCode } from '../../../shared/errors'
import { fqdnProblem, isIpv4, isIpv6, normaliseFqdn } from '../../../shared/domain/rules/fqdn'
import { bitString, bool, ctx, integer, octetString, oid, printable, seq, setOf, utf8, tlv } from './asn1'
import { parseCsr } from './csr-parse'
import { toPem } from './pem'
import { OID } from './oids'
import type { CryptoPrimitives } from './primitives'

export type CsrProgress = { readonly phase: 'generating-key' | 'building-request' | 'done'; readonly elapsedMs: number; readonly keySize: number }

export interface CsrResult {
  readonly csrPem: string
  readonly csrDer: Buffer
  /** Unencrypted PKCS#8 DER of the new key: the caller stores it encrypted as a pending key. */
  readonly keyPkcs8: Buffer
  readonly subject: string
  readonly sans: readonly string[]
  readonly keySize: number
  readonly requestCsCertificate: string
  readonly wizardFields: readonly WizardFieldValue[]
}

function invalid(message: string, details?: Record<string, string>): never {
  throw new AppError(ErrorCode.Validation, message, details)
}

/**
 * The request's SAN list (shared csrSans), refused with VALIDATION when a name is an IP address
 * or not a host name, or a wildcard without the override (spec §5 6b): a CSR is never signed
 * with a name the Edge cannot use.
 */
export function assembleSans(accessEdgeFqdn: string, required: readonly string[], extras: readonly string[] = [], allowWildcard = false): string[] {
  for (const raw of [accessEdgeFqdn, ...required, ...extras]) {
    const trimmed = raw.trim()
    if (!trimmed) continue
    if (isIpv4(trimmed) || isIpv6(trimmed.replace(/^\[|\]$/g, ''))) invalid(`"${trimmed}" is an IP address; Edge certificates name hosts, not addresses.`, { name: trimmed })
    const name = normaliseFqdn(trimmed)
    const problem = fqdnProblem(name, { allowWildcard })
    if (problem) invalid(`${name}: ${problem}`, { name })
  }
  return csrSans({ accessEdgeFqdn, sans: required, extraSans: extras })
}

/** What buildCsr reads of a request: the subject; the fields left out stay out of the name. */
type CsrSubject = Pick<CsrRequestValues, 'accessEdgeFqdn'> & Partial<CsrRequestValues>

function nameDer(r: CsrSubject, cn: string): Buffer {
  const rdn = (id: string, value: Buffer) => setOf(seq(oid(id), value))
  const parts: Buffer[] = []
  // DER order: C, ST, L, O, OU, CN (printed most specific first: CN=…,OU=…,O=…,L=…,ST=…,C=…).
  if (r.country) parts.push(rdn(OID.c, printable(r.country.toUpperCase())))
  if (r.state) parts.push(rdn(OID.st, utf8(r.state)))
  if (r.city) parts.push(rdn(OID.l, utf8(r.city)))
  if (r.organization) parts.push(rdn(OID.o, utf8(r.organization)))
  if (r.organizationalUnit) parts.push(rdn(OID.ou, utf8(r.organizationalUnit)))
  parts.push(rdn(OID.cn, utf8(cn)))
  return seq(...parts)
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octetString(value))
}

/** Builds and signs the request DER with an existing key. */
export function buildCsr(p: CryptoPrimitives, r: CsrSubject, sans: readonly string[], pkcs8: Buffer): Buffer {
  const key = p.importPrivateKey(pkcs8)
  const exts = seq(
    extension(OID.subjectAltName, seq(...sans.map((s) => tlv(0x82, Buffer.from(s, 'latin1'))))),
    extension(OID.extKeyUsage, seq(oid(OID.serverAuth), oid(OID.clientAuth))),
    // digitalSignature + keyEncipherment (bits 0 and 2).
    extension(OID.keyUsage, bitString(Buffer.from([0xa0]), 5), true),
  )
  const attrs = ctx(0, seq(oid(OID.extensionRequest), setOf(exts)))
  const info = seq(integer(0), nameDer(r, normaliseFqdn(r.accessEdgeFqdn)), key.spki, attrs)
  const algId = key.type === 'EC' ? seq(oid(OID.ecdsaSha256)) : seq(oid(OID.sha256WithRsa), tlv(0x05, Buffer.alloc(0)))
  return seq(info, algId, bitString(key.sign('sha256', info)))
}

/** Generates an RSA key natively (async), falling back to forge where native keygen is missing. */
export async function generateRsaKey(bits: number): Promise<Buffer> {
  try {
    return await new Promise<Buffer>((resolve, reject) => generateKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv.export({ type: 'pkcs8', format: 'der' })))))
  } catch {
    const pair = await new Promise<Forge.pki.rsa.KeyPair>((resolve, reject) => forge().pki.rsa.generateKeyPair({ bits, e: 0x10001, workers: -1 }, (err, kp) => (err ? reject(err) : resolve(kp))))
    const info = forge().pki.wrapRsaPrivateKey(forge().pki.privateKeyToAsn1(pair.privateKey))
    return Buffer.from(forge().asn1.toDer(info).getBytes(), 'binary')
  }
}

/**
 * Creates key + CSR. `onProgress` hears the phase changes and a tick every 250 ms while the
 * key is generated (RSA prime search has no real percentage).
 */
export async function createCsr(p: CryptoPrimitives, r: CsrRequestValues, onProgress?: (e: CsrProgress) => void, now: () => number = Date.now): Promise<CsrResult> {
  const { keySize } = r
  if (![1024, 2048, 4096].includes(keySize)) invalid('The bit length must be 1024, 2048 or 4096.')
  if (!r.accessEdgeFqdn.trim()) invalid('Enter the Access Edge external FQDN first (Inventory step).')
  if (r.country && !/^[A-Za-z]{2}$/.test(r.country)) invalid('Country must be a two-letter ISO 3166 code such as US or DE.')
  const sans = assembleSans(r.accessEdgeFqdn, r.sans, r.extraSans, r.allowWildcard)
  const t0 = now()
  onProgress?.({ phase: 'generating-key', elapsedMs: 0, keySize })
  const tick = onProgress ? setInterval(() => onProgress({ phase: 'generating-key', elapsedMs: now() - t0, keySize }), 250) : undefined
  let keyPkcs8: Buffer
  try {
    keyPkcs8 = await generateRsaKey(keySize)
  } finally {
    if (tick) clearInterval(tick)
  }
  onProgress?.({ phase: 'building-request', elapsedMs: now() - t0, keySize })
  const csrDer = buildCsr(p, r, sans, keyPkcs8)
  const parsed = parseCsr(p, csrDer)
  onProgress?.({ phase: 'done', elapsedMs: now() - t0, keySize })
  return {
    csrPem: toPem('CERTIFICATE REQUEST', csrDer),
    csrDer,
    keyPkcs8,
    subject: parsed.subject,
    sans,
    keySize,
    requestCsCertificate: requestLine(r, sans),
    wizardFields: wizardFieldValues(r, sans),
  }
}

export { type CsrFacts, parseCsr } from './csr-parse'

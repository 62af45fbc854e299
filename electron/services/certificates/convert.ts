/**
 * Export and conversion: PEM (chain and key, the key encrypted when a password is given), DER,
 * P7B and PFX (`compatible` / `modern`, pkcs12-writer.ts). The chain is ordered leaf →
 * intermediates → root first; every PFX is read back by our own importer and compared before
 * it is returned (issue 3 "Export and conversion").
 */
import { AppError, ErrorCode } from '../../../shared/errors'
import { orderBundle } from './chain'
import { parseCertificate } from './facts'
import { chooseLeaf, matchKey, type Analysis } from './inspect'
import { exportKeyPem, importPkcs8 } from './keys'
import { toPem } from './pem'
import { withDerivedKeyMemo } from './pbe'
import { type PfxProfile, writePkcs12 } from './pkcs12-writer'
import { writePkcs7 } from './pkcs7'
import type { CryptoPrimitives } from './primitives'
import { type Container, readContainer } from './read-container'

export type ConvertTarget = 'pem' | 'der' | 'p7b' | 'pfx'

export interface ConvertRequest {
  readonly certificates: readonly Buffer[]
  /** Unencrypted PKCS#8 DER keys; the one matching the leaf is exported. */
  readonly keys?: readonly Buffer[]
  readonly to: ConvertTarget
  /** PFX password (required for pfx); for pem, encrypts the key (PBES2 AES-256). */
  readonly password?: string
  readonly profile?: PfxProfile
  readonly friendlyName?: string
  readonly cspName?: string
  /** pem/pfx: leave the key out even when one is available. */
  readonly omitKey?: boolean
  /** The admin chose, explicitly, to write the private key without a password (pem, der). */
  readonly unencryptedKey?: boolean
}

export interface ConvertResult {
  readonly bytes: Buffer
  readonly extension: 'pem' | 'cer' | 'p7b' | 'pfx' | 'der'
  /** Thumbprints leaf → root as written. */
  readonly certificates: readonly string[]
  readonly includesKey: boolean
  /** What the written bytes hold, read back with the keys the writer derived (no derivation repeated). */
  readonly readBack: ReadBack
}

function bad(message: string): never {
  throw new AppError(ErrorCode.Validation, message)
}

/** Orders the certificates and finds the key for the leaf. */
function prepare(p: CryptoPrimitives, req: ConvertRequest) {
  const certs = req.certificates.map(parseCertificate)
  const keys = req.omitKey ? [] : (req.keys ?? []).map((k) => importPkcs8(p, k))
  const a: Analysis = { certs, keys, keyMatches: keys.map((k) => matchKey(p, k, certs)) }
  if (keys.length && certs.length && a.keyMatches.every((i) => i < 0)) {
    throw new AppError(ErrorCode.KeyMismatch, 'The private key does not belong to any of the certificates; it cannot be exported with them.')
  }
  const leaf = chooseLeaf(a)
  const ordered = certs.length ? orderBundle(p, certs, leaf) : null
  const list = ordered ? [...ordered.chain, ...ordered.unrelated] : []
  const ki = a.keyMatches.findIndex((i) => i >= 0 && certs[i] === (ordered?.chain[0] ?? null))
  const key = ki >= 0 ? keys[ki] : certs.length === 0 ? keys[0] : undefined
  return { list, key }
}

/** Converts to the requested format. Throws AppError (VALIDATION, KEY_MISMATCH, INTERNAL). */
export function convert(p: CryptoPrimitives, req: ConvertRequest): ConvertResult {
  // One memo for the write, its check and the read-back shown to the admin: each key is derived
  // once, and all of it runs where convert runs (the worker), not on the main thread.
  return withDerivedKeyMemo(() => {
    const { checked, ...r } = write(p, req)
    return { ...r, readBack: readBack(p, r.bytes, req.password, checked) }
  })
}

/** The written bytes and, for a PFX, what our importer read back from them to check them. */
type Written = Omit<ConvertResult, 'readBack'> & { readonly checked?: Container }

function write(p: CryptoPrimitives, req: ConvertRequest): Written {
  const { list, key } = prepare(p, req)
  const thumbs = list.map((c) => c.facts.thumbprint)
  // A private key leaves the app unencrypted only on an explicit choice, never by default.
  const plainKey = key && ((req.to === 'pem' && req.password === undefined) || (req.to === 'der' && !list.length))
  if (plainKey && !req.unencryptedKey) {
    bad('The private key would be written without a password. Give a password to encrypt it, or confirm that you want it unencrypted (xgw: --no-encrypt).')
  }
  switch (req.to) {
    case 'pem': {
      if (!list.length && !key) bad('Nothing to export: no certificate and no key.')
      const text = list.map((c) => toPem('CERTIFICATE', c.der)).join('') + (key ? exportKeyPem(p, key.pkcs8, req.password) : '')
      return { bytes: Buffer.from(text, 'utf8'), extension: 'pem', certificates: thumbs, includesKey: !!key }
    }
    case 'der':
      if (list.length) return { bytes: list[0]!.der, extension: 'cer', certificates: thumbs.slice(0, 1), includesKey: false }
      if (key) return { bytes: key.pkcs8, extension: 'der', certificates: [], includesKey: true }
      return bad('Nothing to export: no certificate and no key.')
    case 'p7b':
      if (!list.length) bad('A P7B bundle needs at least one certificate.')
      return { bytes: writePkcs7(list.map((c) => c.der)), extension: 'p7b', certificates: thumbs, includesKey: false }
    case 'pfx': {
      if (req.password === undefined) bad('A PFX needs a password.')
      if (!list.length && !key) bad('Nothing to export: no certificate and no key.')
      const password = req.password
      // Re-read with our own importer before handing it over: the whole structure is parsed, the
      // MAC checked and every bag decrypted, with the keys the writer derived (the KDF itself is
      // proven by the vectors and the openssl round trips), so no key is derived twice.
      const bytes = writePkcs12(p, {
        ...(key ? { pkcs8: key.pkcs8 } : {}),
        certs: list.map((c) => c.der),
        password,
        ...(req.friendlyName ? { friendlyName: req.friendlyName } : {}),
        ...(req.cspName ? { cspName: req.cspName } : {}),
        profile: req.profile ?? 'compatible',
      })
      // The same read-back is what the admin is shown (readBack): one read, not two.
      const back = readContainer(p, bytes, password)
      const backThumbs = back.certificates.map((d) => parseCertificate(d).facts.thumbprint)
      const keyOk = key ? back.keys.length === 1 && back.keys[0]!.pkcs8.equals(key.pkcs8) : back.keys.length === 0
      if (backThumbs.join() !== thumbs.join() || !keyOk) {
        throw new AppError(ErrorCode.Internal, 'The PFX we wrote did not read back identically; nothing was exported.')
      }
      return { bytes, extension: 'pfx', certificates: thumbs, includesKey: !!key, checked: back }
    }
  }
}

/** What a written file really holds, read back from its bytes by our own importer. */
export interface ReadBack {
  readonly format: string
  readonly certificates: { thumbprint: string; subject: string }[]
  readonly includesKey: boolean
  readonly protection: string
}

/**
 * Reads `bytes` back (with the password it was written with) and says what it holds, so the
 * admin sees the output next to what was asked (issue 10 "Conversions never drop what the
 * admin gave").
 */
export function readBack(p: CryptoPrimitives, bytes: Buffer, password?: string, c: Container = readContainer(p, bytes, password)): ReadBack {
  const certs = c.certificates.map((d) => parseCertificate(d).facts)
  let protection: string
  if (c.pkcs12) {
    const i = c.pkcs12
    protection = [`private key: ${i.keyEncryption.join(', ') || 'no key'}`, `certificates: ${i.certEncryption.join(', ') || 'not encrypted'}`, `MAC: ${i.mac ?? 'none'}${i.macIterations ? ` (${i.macIterations} iterations)` : ''}`].join('; ')
  } else if (c.keys.length) {
    protection = bytes.toString('latin1').includes('ENCRYPTED PRIVATE KEY') ? 'private key encrypted (PKCS#8, PBES2)' : 'private key NOT encrypted'
  } else {
    protection = 'none (certificates are public)'
  }
  return { format: c.format, certificates: certs.map((f) => ({ thumbprint: f.thumbprint, subject: f.subject })), includesKey: c.keys.length > 0, protection }
}

/**
 * Every check of the vectors manifest (../shared/vectors/manifest.json): per-file expected
 * outcome with every certificate fact and key match, the negative (wrong password, derived
 * truncation) and alternate-password (absent vs "") checks. Run through both primitive paths:
 * native crypto where it works, and node-forge forced (certificates.md pitfall 1).
 * XGW_VECTORS_DIR names the corpus directory; files are read in place.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { inspectContainer, type InspectResult } from '../../electron/services/certificates/inspect'
import { createPrimitives } from '../../electron/services/certificates/primitives'
import { readContainer } from '../../electron/services/certificates/read-container'

const dir = process.env.XGW_VECTORS_DIR
if (!dir) throw new Error('Set XGW_VECTORS_DIR to the vectors directory (node scripts/test-vectors.mjs DIR).')

interface ManifestCert {
  subject: string
  issuer: string
  serial: string
  serialDerHex: string
  notBefore: string
  notAfter: string
  sans: string[]
  eku: string[] | null
  isCA: boolean
  publicKey: { type: string; bits: number; curve?: string }
  sha1Thumbprint: string
  sha256Fingerprint: string
}
interface Expected {
  parse: 'ok' | 'error'
  parseError?: string
  alsoAcceptable?: { parse: string; parseError?: string }[]
}
interface ManifestFile {
  path: string
  password: string | null
  certs: ManifestCert[]
  hasPrivateKey: boolean
  leafIndex: number | null
  privateKey?: { type: string; bits: number }
  privateKeys?: { type: string; bits: number; matchesCertIndex: number }[]
  keyMatchesLeaf?: boolean | null
  expected: Expected
}
interface Manifest {
  files: ManifestFile[]
  negativeChecks: { path: string; password: string | null; expect: string; alsoAcceptable?: string[]; truncateTo?: number }[]
  alternatePasswordChecks: { path: string; password: string | null; expect: string }[]
}

const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
const tally = { checks: 0, exact: 0, acceptable: 0 }

type Outcome = { ok: true; r: InspectResult } | { ok: false; code: string; message: string }

function run(mode: 'native' | 'forge', bytes: Buffer, password: string | null): Outcome {
  const p = createPrimitives({ forceFallback: mode === 'forge' })
  try {
    return { ok: true, r: inspectContainer(p, readContainer(p, bytes, password ?? undefined)) }
  } catch (e) {
    if (!(e instanceof AppError)) throw e // an uncoded exception is a defect, never acceptable
    return { ok: false, code: e.code, message: e.message }
  }
}

/** Known EKU names only: the manifest spells unknown OIDs in OpenSSL's long form. */
const KNOWN_EKU = new Set(['serverAuth', 'clientAuth', 'codeSigning', 'emailProtection', 'timeStamping', 'OCSPSigning'])

function assertFacts(f: ManifestFile, r: InspectResult) {
  expect(r.certificates.length).toBe(f.certs.length)
  f.certs.forEach((m, i) => {
    const c = r.certificates[i]!
    expect(c.thumbprint).toBe(m.sha1Thumbprint)
    expect(c.sha256).toBe(m.sha256Fingerprint)
    expect(c.subject).toBe(m.subject)
    expect(c.issuer).toBe(m.issuer)
    expect(c.serialNumber).toBe(m.serial)
    expect(c.serialDerHex).toBe(m.serialDerHex)
    expect(c.notBefore).toBe(m.notBefore)
    expect(c.notAfter).toBe(m.notAfter)
    expect(c.dnsNames).toEqual(m.sans)
    expect(c.isCA).toBe(m.isCA)
    expect(c.publicKey.type).toBe(m.publicKey.type)
    expect(c.publicKey.bits).toBe(m.publicKey.bits)
    if (m.publicKey.curve) expect(c.publicKey.curve).toBe(m.publicKey.curve)
    if (m.eku === null) expect(c.eku).toBeNull()
    else expect((c.eku ?? []).filter((e) => KNOWN_EKU.has(e))).toEqual(m.eku.filter((e) => KNOWN_EKU.has(e)))
  })
  expect(r.privateKeys.length > 0).toBe(f.hasPrivateKey)
  const keys = f.privateKeys ?? (f.privateKey ? [{ ...f.privateKey, matchesCertIndex: f.keyMatchesLeaf ? f.leafIndex! : -1 }] : [])
  expect(r.privateKeys.length).toBe(keys.length)
  keys.forEach((k, i) => {
    expect(r.privateKeys[i]!.type).toBe(k.type)
    expect(r.privateKeys[i]!.bits).toBe(k.bits)
    expect(r.privateKeys[i]!.matchesCertificate).toBe(k.matchesCertIndex >= 0 ? f.certs[k.matchesCertIndex]!.sha1Thumbprint : null)
  })
  expect(r.leaf).toBe(f.leafIndex === null ? null : f.certs[f.leafIndex]!.sha1Thumbprint)
}

function judge(outcome: Outcome, expected: Expected, f?: ManifestFile): void {
  tally.checks++
  const wanted = expected.parse === 'ok' ? 'ok' : expected.parseError!
  const got = outcome.ok ? 'ok' : outcome.code
  if (got === wanted) {
    if (outcome.ok && f) assertFacts(f, outcome.r)
    tally.exact++
    return
  }
  const acceptable = (expected.alsoAcceptable ?? []).some((a) => (a.parse === 'ok' ? 'ok' : a.parseError) === got)
  expect(acceptable, `got ${got}${outcome.ok ? '' : ` (${outcome.message})`}, expected ${wanted}`).toBe(true)
  if (outcome.ok && f && f.certs.length && expected.alsoAcceptable?.some((a) => a.parse === 'ok' && !('sameContentAs' in a))) assertFacts(f, outcome.r)
  tally.acceptable++
}

for (const mode of ['native', 'forge'] as const) {
  describe(`vectors (${mode} primitives)`, () => {
    for (const f of manifest.files) {
      it(`${f.path}`, () => {
        const bytes = readFileSync(path.join(dir, f.path))
        judge(run(mode, bytes, f.password), f.expected, f)
      })
    }
    for (const n of manifest.negativeChecks) {
      it(`negative: ${n.path} ${n.truncateTo ? `cut to ${n.truncateTo}` : `password ${JSON.stringify(n.password)}`}`, () => {
        let bytes = readFileSync(path.join(dir, n.path))
        if (n.truncateTo) bytes = bytes.subarray(0, n.truncateTo)
        judge(run(mode, bytes, n.password), { parse: 'error', parseError: n.expect, alsoAcceptable: (n.alsoAcceptable ?? []).map((c) => ({ parse: 'error', parseError: c })) })
      })
    }
    for (const a of manifest.alternatePasswordChecks) {
      it(`alternate password: ${a.path} with ${JSON.stringify(a.password)}`, () => {
        const f = manifest.files.find((x) => x.path === a.path)!
        judge(run(mode, readFileSync(path.join(dir, a.path)), a.password), { parse: 'ok' }, f)
      })
    }
  })
}

afterAll(() => {
  const line = `vectors: ${tally.checks} checks, ${tally.exact} as expected, ${tally.acceptable} acceptable, ${tally.checks - tally.exact - tally.acceptable} failed (${manifest.files.length} files x 2 primitive paths)`
  console.log(line)
  if (process.env.XGW_VECTORS_SUMMARY) writeFileSync(process.env.XGW_VECTORS_SUMMARY, `${line}\n`)
})

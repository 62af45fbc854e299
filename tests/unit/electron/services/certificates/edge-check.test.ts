/**
 * Every Edge finding from issue 3 on an openssl-made leaf, through the service's `check` route:
 * codes, severities, verdict rule, leaf choice and self-signed detection.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../../../electron/lib/logger'
import { checkCertificates, createCertificateService, SEVERITY, verdictOf } from '../../../../../electron/services/certificates'
import { type Leaf, TestPki, daysFromNow, pemToDer } from '../../../../helpers/openssl'

let pki: TestPki
let storeDir: string
let svc: ReturnType<typeof createCertificateService>
const L: Record<string, Leaf> = {}
const SANS = ['edge.contoso.com', 'webconf.contoso.com', 'sip.contoso.com', 'contoso.com']
const REQ = { sipDomains: ['contoso.com'], xmppDomains: ['contoso.com'], edgeFqdns: ['edge.contoso.com', 'webconf.contoso.com'] }

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64')

async function check(data: Buffer | string, opts: { password?: string; extra?: (Buffer | string)[]; anchors?: (Buffer | string)[]; at?: string; chainFiles?: (Buffer | string)[] } = {}) {
  return svc.check({
    file: { name: 'f', data: b64(data), ...(opts.password !== undefined ? { password: opts.password } : {}) },
    extraFiles: (opts.extra ?? []).map((d) => ({ name: 'x', data: b64(d) })),
    chainFiles: (opts.chainFiles ?? []).map((d) => ({ name: 'c', data: b64(d) })),
    fetchIssuers: false,
    // The test CA's root is the anchor unless a test says otherwise ([] = the runtime's roots).
    requirements: { ...REQ, trustAnchors: (opts.anchors ?? [pki.read('root.pem')]).map(b64), ...(opts.at ? { at: opts.at } : {}) },
  })
}
const codes = (r: { readonly findings: readonly { code: string }[] }) => r.findings.map((f) => f.code).sort()
const chain = () => pki.text('int.pem') + pki.text('root.pem')

beforeAll(() => {
  pki = new TestPki()
  storeDir = mkdtempSync(path.join(tmpdir(), 'xgw-store-'))
  svc = createCertificateService({ storeDir, log: silentLogger })
  const leaf = (name: string, extra: Partial<Parameters<TestPki['leaf']>[0]> = {}) => {
    L[name] = pki.leaf({ name, cn: 'edge.contoso.com', sans: SANS, ...extra })
  }
  leaf('good')
  leaf('expired', { start: daysFromNow(-400), end: daysFromNow(-5) })
  leaf('future', { start: daysFromNow(10), end: daysFromNow(400) })
  leaf('soon', { end: daysFromNow(10) })
  leaf('nosan', { sans: ['edge.contoso.com'] })
  leaf('wild', { cn: '*.contoso.com', sans: ['*.contoso.com', ...SANS] })
  leaf('client', { eku: 'clientAuth' })
  leaf('noeku', { eku: null })
  leaf('small', { key: 'rsa:1024' })
  leaf('ec', { key: 'ec' })
  leaf('sha1', { md: 'sha1' })
  L.self = pki.selfSigned('self', 'edge.contoso.com', SANS)
  L.other = pki.selfSigned('other', 'other.example.test', ['other.example.test'])
})
afterAll(() => {
  pki?.cleanup()
  rmSync(storeDir, { recursive: true, force: true })
})

describe('Edge check', () => {
  it('a good PFX with its chain and trust anchor passes with no findings', async () => {
    const r = await check(pki.pfx('good.pfx', L.good!, 'pw'), { password: 'pw', anchors: [pki.read('root.pem')] })
    expect(r.findings).toEqual([])
    expect(r.verdict).toBe('pass')
    expect(r.leaf).toBe(pki.facts('good.pem').sha1)
    expect(r.chain).toHaveLength(3)
    expect(r.requiredNames).toEqual(['edge.contoso.com', 'webconf.contoso.com', 'sip.contoso.com', 'contoso.com'])
  })

  it.each([
    ['expired', ['EXPIRED'], 'fail'],
    ['future', ['NOT_YET_VALID'], 'fail'],
    ['soon', ['EXPIRES_SOON'], 'warn'],
    ['wild', ['WILDCARD'], 'fail'],
    ['client', ['EKU_MISSING_SERVER_AUTH'], 'fail'],
    ['noeku', ['NO_EKU'], 'warn'],
    ['small', ['KEY_TOO_SMALL'], 'fail'],
    ['ec', ['NON_RSA_KEY'], 'warn'],
    ['sha1', ['WEAK_SIGNATURE'], 'warn'],
  ])('%s → %s (%s)', async (name, want, verdict) => {
    const r = await check(L[name]!.certPem + chain() + L[name]!.keyPem)
    expect(codes(r)).toEqual(want)
    expect(r.verdict).toBe(verdict)
    for (const f of r.findings) expect(f.severity).toBe(SEVERITY[f.code as keyof typeof SEVERITY])
  })

  it('SAN_MISSING names each missing name; wildcards never satisfy them', async () => {
    const r = await check(L.nosan!.certPem + chain())
    const f = r.findings.find((x) => x.code === 'SAN_MISSING')!
    expect(f.names).toEqual(['webconf.contoso.com', 'sip.contoso.com', 'contoso.com'])
    expect(f.message).toContain('webconf.contoso.com, sip.contoso.com, contoso.com')
    const wildOnly = pki.leaf({ name: 'wildonly', cn: 'edge.contoso.com', sans: ['edge.contoso.com', 'webconf.contoso.com', '*.contoso.com'] })
    const w = await check(wildOnly.certPem + chain())
    expect(codes(w)).toEqual(['SAN_MISSING', 'WILDCARD'])
    expect(w.findings.find((x) => x.code === 'SAN_MISSING')!.names).toEqual(['sip.contoso.com', 'contoso.com'])
  })

  it('self-signed leaf without keyCertSign is SELF_SIGNED (and not CHAIN_INCOMPLETE)', async () => {
    const r = await check(L.self!.certPem + L.self!.keyPem, { anchors: [] })
    expect(codes(r)).toEqual(['SELF_SIGNED'])
    expect(r.verdict).toBe('fail')
    expect(r.findings[0]!.message).toContain('Public CA for a multi-SAN certificate')
    // Against an explicit anchor list it is also "not one of them".
    const given = await check(L.self!.certPem + L.self!.keyPem)
    expect(codes(given)).toEqual(['SELF_SIGNED', 'UNTRUSTED_CHAIN'])
    expect(given.findings.find((f) => f.code === 'UNTRUSTED_CHAIN')!.message).toContain('not one of the trust anchors you gave')
  })

  it('CHAIN_INCOMPLETE is a notice with the CA Issuers URL; the verdict stays pass', async () => {
    const r = await check(L.good!.certPem)
    expect(codes(r)).toEqual(['CHAIN_INCOMPLETE'])
    expect(r.findings[0]!.severity).toBe('notice')
    expect(r.findings[0]!.urls).toEqual(['http://pki.example.test/int.cer'])
    expect(r.verdict).toBe('pass')
  })

  it('UNTRUSTED_CHAIN against a different trust anchor', async () => {
    const r = await check(L.good!.certPem + chain(), { anchors: [L.other!.certPem] })
    expect(codes(r)).toEqual(['UNTRUSTED_CHAIN'])
    const ok = await check(L.good!.certPem + chain(), { anchors: [pki.read('root.pem')] })
    expect(ok.verdict).toBe('pass')
  })

  it('KEY_CERT_MISMATCH when the key belongs to another certificate; leaf is then the first non-CA', async () => {
    const r = await check(pki.text('root.pem') + L.good!.certPem + L.ec!.keyPem + pki.text('int.pem'))
    expect(codes(r)).toEqual(['KEY_CERT_MISMATCH'])
    expect(r.leaf).toBe(pki.facts('good.pem').sha1)
  })

  it('leaf is chosen by key match even when another non-CA comes first', async () => {
    const r = await check(L.ec!.certPem + L.good!.certPem + chain(), { extra: [L.good!.keyPem] })
    expect(r.leaf).toBe(pki.facts('good.pem').sha1)
  })

  it('NO_PRIVATE_KEY only for a PFX; NO_MAC warns; NO_CERTIFICATE for a key alone', async () => {
    const certsOnly = await check(pki.pfx('co.pfx', L.good!, 'pw', ['-nokeys']), { password: 'pw' })
    expect(codes(certsOnly)).toEqual(['NO_PRIVATE_KEY'])
    expect(certsOnly.verdict).toBe('fail')
    const cer = await check(pemToDer(L.good!.certPem))
    expect(codes(cer)).toEqual(['CHAIN_INCOMPLETE'])
    const noMac = await check(pki.pfx('nm.pfx', L.good!, 'pw', ['-nomac']), { password: 'pw' })
    expect(codes(noMac)).toEqual(['NO_MAC'])
    expect(noMac.verdict).toBe('warn')
    const keyOnly = await check(L.good!.keyPem)
    expect(codes(keyOnly)).toEqual(['NO_CERTIFICATE'])
    expect(keyOnly.leaf).toBeNull()
  })

  it('--at moves the evaluation time', async () => {
    const r = await check(L.good!.certPem + chain(), { at: new Date(Date.now() + 400 * 86_400_000).toISOString() })
    expect(codes(r)).toEqual(['EXPIRED'])
  })

  it('the TLS probe entry point: certificates only, container "tls"; a live chain must reach an anchor', () => {
    const ders = [L.good!.certPem, pki.text('int.pem')].map(pemToDer)
    const r = checkCertificates({ container: 'tls', certificates: ders }, { ...REQ, trustAnchors: [pemToDer(pki.text('root.pem'))] })
    expect(r.verdict).toBe('pass')
    expect(codes(r)).toEqual([])
    expect(r.trust).toEqual({ status: 'trusted', anchors: 'given', sources: ['file', 'file', 'anchor'] })
    // Without anchors the runtime's public roots are the measure, and they are named as such.
    const rt = checkCertificates({ container: 'tls', certificates: ders }, REQ)
    expect(codes(rt)).toEqual(['UNTRUSTED_CHAIN'])
    expect(rt.findings[0]!.message).toContain('bundled with Node.js')
    expect(rt.findings[0]!.message).not.toContain('given')
  })

  it('verdict rule: notices never count', () => {
    expect(verdictOf([{ code: 'CHAIN_INCOMPLETE', severity: 'notice', message: '' }])).toBe('pass')
    expect(
      verdictOf([
        { code: 'NO_EKU', severity: 'warning', message: '' },
        { code: 'CHAIN_INCOMPLETE', severity: 'notice', message: '' },
      ]),
    ).toBe('warn')
    expect(
      verdictOf([
        { code: 'NO_EKU', severity: 'warning', message: '' },
        { code: 'EXPIRED', severity: 'error', message: '' },
      ]),
    ).toBe('fail')
  })
})

describe('Edge check: chain semantics (issue 10)', () => {
  it("the CA's usual answer, the leaf alone with the root as anchor, is incomplete (notice), never UNTRUSTED_CHAIN", async () => {
    const r = await check(L.good!.certPem)
    expect(codes(r)).toEqual(['CHAIN_INCOMPLETE'])
    expect(r.verdict).toBe('pass')
    expect(r.trust?.status).toBe('incomplete')
    const m = r.findings[0]!.message
    expect(m).toContain('was not evaluated')
    expect(m).toContain('Intermediate Certification Authorities')
    expect(m).toContain('http://pki.example.test/int.cer')
  })

  it('--chain (chain files) completes the path; the intermediate alone, a missing root goes to Trusted Root Certification Authorities', async () => {
    const r = await check(L.good!.certPem, { chainFiles: [pki.text('int.pem')] })
    expect(codes(r)).toEqual([])
    expect(r.trust).toEqual({ status: 'trusted', anchors: 'given', sources: ['file', 'picked', 'anchor'] })
    expect(r.completedChain).toHaveLength(3)
    const noRoot = await check(L.good!.certPem, { chainFiles: [pki.text('int.pem')], anchors: [L.other!.certPem] })
    expect(codes(noRoot)).toEqual(['CHAIN_INCOMPLETE'])
    expect(noRoot.findings[0]!.message).toContain('Trusted Root Certification Authorities store if it is a root')
  })

  it('without an anchor, a complete chain to a private root is UNTRUSTED_CHAIN that explains the public-CA prerequisite', async () => {
    const r = await check(L.good!.certPem + chain(), { anchors: [] })
    expect(codes(r)).toEqual(['UNTRUSTED_CHAIN'])
    expect(r.trust).toMatchObject({ status: 'untrusted', anchors: 'runtime' })
    const m = r.findings[0]!.message
    expect(m).toContain('bundled with Node.js')
    expect(m).toContain('private (enterprise) root')
    expect(m).toContain('Public CA for a multi-SAN certificate')
    expect(m).not.toMatch(/given trust anchor/)
  })

  it("NO_CRL_DP warns when the leaf has no CRL distribution point, naming Microsoft's page", async () => {
    const nocdp = pki.leaf({ name: 'nocdp', cn: 'edge.contoso.com', sans: SANS, noCdp: true })
    const r = await check(nocdp.certPem + chain())
    expect(codes(r)).toEqual(['NO_CRL_DP'])
    expect(r.verdict).toBe('warn')
    expect(r.findings[0]!.message).toContain('All server certificates must contain a CRL Distribution Point')
    expect(r.findings[0]!.urls).toEqual(['https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-certificate-infrastructure-requirements'])
  })

  it('an expired intermediate makes the chain untrusted and says which certificate expired', async () => {
    const r = await check(L.good!.certPem + chain(), { at: new Date(Date.now() + 3100 * 86_400_000).toISOString() })
    expect(codes(r)).toEqual(['EXPIRED', 'UNTRUSTED_CHAIN'])
    expect(r.findings.find((f) => f.code === 'UNTRUSTED_CHAIN')!.message).toMatch(/The CA certificate "[^"]*XGW Test Issuing CA[^"]*" on the chain expired/)
  })
})

/**
 * The `xgw` certificate commands over the real service (no stand-ins): JSON shapes exactly as
 * issue 3 writes them, exit 2 with {"error":{"code","message"}} on bad input, passwords only
 * from files or environment variables.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { certificateCommands } from '../../../../../electron/cli/commands/certificates'
import type { OptionValues } from '../../../../../electron/cli/command'
import { runCli } from '../../../../../electron/cli/run-cli'
import { createTestHost } from '../../../../helpers/test-host'
import { type Leaf, TestPki, opensslTry } from '../../../../helpers/openssl'

let pki: TestPki
let leaf: Leaf
let dataDir: string

/** Options as the shell passes them: --name value, repeated for lists, bare for booleans. */
function toArgv(opts: OptionValues): string[] {
  return Object.entries(opts).flatMap(([k, v]) => {
    if (v === true) return [`--${k}`]
    if (v === false || v === undefined) return []
    return (Array.isArray(v) ? v : [v]).flatMap((x) => [`--${k}`, x])
  })
}

/** Runs one command through the real runner and dispatcher, as `xgw` does. */
async function xgw(name: string, pos: string[], opts: OptionValues, env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(
    { argv: [...name.split(' '), ...pos, ...toArgv(opts)], cwd: pki.dir, env, out: (t) => out.push(t), err: (t) => err.push(t) },
    { commands: certificateCommands, version: 't', dispatcher: async () => (await createTestHost(dataDir, undefined, { cli: true })).dispatch },
  )
  const text = out.join('')
  return { code, out: text.replace(/\n$/, ''), err: err.join(''), json: () => JSON.parse(text) }
}

beforeAll(() => {
  pki = new TestPki()
  dataDir = mkdtempSync(path.join(tmpdir(), 'xgw-cli-'))
  leaf = pki.leaf({ name: 'leaf', cn: 'edge.contoso.com', sans: ['edge.contoso.com', 'sip.contoso.com', 'contoso.com'] })
  pki.pfx('edge.pfx', leaf, 'pfx-secret')
  pki.pw('pfx', 'pfx-secret')
  pki.pw('out', 'new-secret')
  pki.pw('store', 'store passphrase')
})
afterAll(() => {
  pki?.cleanup()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('xgw certificate commands', () => {
  it('inspect --json prints exactly the issue 3 shape', async () => {
    const r = await xgw('inspect', ['edge.pfx'], { 'password-file': 'pfx.pw', json: true })
    expect(r.code).toBe(0)
    const j = r.json()
    expect(Object.keys(j)).toEqual(['format', 'certificates', 'privateKey'])
    expect(j.format).toBe('pkcs12')
    expect(Object.keys(j.certificates[0])).toEqual(['subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'dnsNames', 'thumbprint', 'sha256', 'publicKey', 'isCA'])
    const f = pki.facts('leaf.pem')
    expect(j.certificates[0]).toEqual({
      subject: f.subject,
      issuer: f.issuer,
      serialNumber: f.serial,
      notBefore: f.notBefore,
      notAfter: f.notAfter,
      dnsNames: f.dnsNames,
      thumbprint: f.sha1,
      sha256: f.sha256,
      publicKey: { type: 'RSA', bits: 2048 },
      isCA: false,
    })
    expect(j.privateKey).toEqual({ type: 'RSA', bits: 2048, matchesCertificate: f.sha1 })
  })

  it('password from an environment variable; wrong/none → exit 2 with a coded JSON error', async () => {
    expect((await xgw('inspect', ['edge.pfx'], { 'password-env': 'PFXPW', json: true }, { PFXPW: 'pfx-secret' })).code).toBe(0)
    const wrong = await xgw('inspect', ['edge.pfx'], { 'password-env': 'PFXPW', json: true }, { PFXPW: 'nope' })
    expect(wrong.code).toBe(2)
    expect(wrong.json()).toEqual({ error: { code: 'WRONG_PASSWORD', message: expect.stringContaining('Wrong password or damaged file') } })
    const none = await xgw('inspect', ['edge.pfx'], { json: true })
    expect(none.json().error.code).toBe('PASSWORD_REQUIRED')
    const missing = await xgw('inspect', ['nope.pfx'], {})
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/^xgw: Cannot read nope.pfx.*\[NOT_FOUND\]\n$/)
    pki.write('cut.pfx', pki.read('edge.pfx').subarray(0, 500))
    expect((await xgw('inspect', ['cut.pfx'], { 'password-file': 'pfx.pw', json: true })).json().error.code).toBe('TRUNCATED')
  })

  it('check --json', async () => {
    const r = await xgw('check', ['edge.pfx'], {
      'password-file': 'pfx.pw',
      'sip-domain': ['contoso.com'],
      'xmpp-domain': ['contoso.com', 'fabrikam.com'],
      'edge-fqdn': ['edge.contoso.com'],
      'trust-anchor': ['root.pem'],
      json: true,
    })
    // The check ran and its verdict is fail: exit 4.
    expect(r.code).toBe(4)
    const j = r.json()
    expect(Object.keys(j)).toEqual(['verdict', 'findings', 'leaf', 'chain'])
    expect(j.chain).toEqual({
      status: 'trusted',
      anchors: 'given',
      certificates: [
        { thumbprint: pki.facts('leaf.pem').sha1, source: 'file' },
        { thumbprint: pki.facts('int.pem').sha1, source: 'file' },
        { thumbprint: pki.facts('root.pem').sha1, source: 'anchor' },
      ],
    })
    expect(j.verdict).toBe('fail')
    expect(j.findings).toEqual([{ code: 'SAN_MISSING', severity: 'error', message: expect.stringContaining('fabrikam.com') }])
    expect(j.leaf).toBe(pki.facts('leaf.pem').sha1)
    const late = await xgw('check', ['leaf.pem'], { 'edge-fqdn': ['edge.contoso.com'], at: '2099-01-01T00:00:00Z', json: true })
    expect(late.json().findings.map((f: { code: string }) => f.code)).toContain('EXPIRED')
    expect((await xgw('check', ['leaf.pem'], { at: 'yesterday', json: true })).code).toBe(2)
  })

  it("check exit codes follow the verdict: the CA's usual answer (leaf alone + anchor) is incomplete, exit 0; --chain completes it", async () => {
    pki.run(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.cer'])
    const req = { 'sip-domain': ['contoso.com'], 'xmpp-domain': ['contoso.com'], 'edge-fqdn': ['edge.contoso.com'], 'trust-anchor': ['root.pem'] }
    const alone = await xgw('check', ['leaf.cer'], { ...req, json: true })
    expect(alone.code).toBe(0)
    expect(alone.json().verdict).toBe('pass')
    expect(alone.json().chain.status).toBe('incomplete')
    expect(alone.json().findings.map((f: { code: string }) => f.code)).toEqual(['CHAIN_INCOMPLETE'])
    expect(alone.json().findings[0].message).toContain('was not evaluated')
    const withChain = await xgw('check', ['leaf.cer'], { ...req, chain: ['int.pem'] })
    expect(withChain.code).toBe(0)
    expect(withChain.out).toContain('chain: trusted, 3 certificate(s) (file > picked > anchor), anchors given with --trust-anchor')
    expect(withChain.out).not.toContain('CHAIN_INCOMPLETE')
    // A warning is still exit 0: no CRL distribution point.
    const nocdp = pki.leaf({ name: 'nocdp', cn: 'edge.contoso.com', sans: ['edge.contoso.com', 'sip.contoso.com', 'contoso.com'], noCdp: true })
    const warn = await xgw('check', [path.basename(nocdp.certFile)], { ...req, chain: ['int.pem'], json: true })
    expect(warn.json().verdict).toBe('warn')
    expect(warn.json().findings.map((f: { code: string }) => f.code)).toEqual(['NO_CRL_DP'])
    expect(warn.code).toBe(0)
    // Against another root the chain is untrusted: fail, exit 4.
    pki.selfSigned('otherroot', 'Other Root', ['other.example.test'])
    const other = await xgw('check', ['leaf.cer'], { ...req, 'trust-anchor': ['otherroot.pem'], chain: ['int.pem', 'root.pem'], json: true })
    expect(other.json().findings.map((f: { code: string }) => f.code)).toEqual(['UNTRUSTED_CHAIN'])
    expect(other.code).toBe(4)
  })

  it('xgw --help documents the exit codes; exit 1 for an internal error (a damaged store)', async () => {
    const help = await xgw('--help', [], {})
    expect(help.code).toBe(0)
    expect(help.out).toContain('4  check, probe or dns-check ran and the verdict is fail; store import: a file was not imported')
    expect(help.out).toContain('3  the target could not be reached')
    expect(help.out).toContain('2  bad input')
    expect(help.out).toContain('1  internal error')
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const broken = mkdtempSync(path.join(tmpdir(), 'xgw-broken-'))
    try {
      mkdirSync(path.join(broken, 'store'), { recursive: true })
      writeFileSync(path.join(broken, 'store', 'index.json'), '{ not json')
      const out: string[] = []
      const code = await runCli(
        { argv: ['store', 'list', '--json'], cwd: pki.dir, env: {}, out: (t) => out.push(t), err: () => {} },
        { commands: certificateCommands, version: 't', dispatcher: async () => (await createTestHost(broken, undefined, { cli: true })).dispatch },
      )
      expect(JSON.parse(out.join('')).error.code).toBe('STORE_IO')
      expect(code).toBe(1)
    } finally {
      rmSync(broken, { recursive: true, force: true })
    }
  })

  it('convert PEM + key + chain → PFX (compatible and modern), openssl reads it', async () => {
    for (const profile of ['compatible', 'modern']) {
      const out = `conv-${profile}.pfx`
      const r = await xgw('convert', ['leaf.pem'], { key: 'leaf.key', chain: ['int.pem', 'root.pem'], to: 'pfx', out, 'out-password-file': 'out.pw', 'pfx-profile': profile, json: true })
      expect(r.code).toBe(0)
      expect(r.json()).toMatchObject({ format: 'pfx', includesKey: true, certificates: [pki.facts('leaf.pem').sha1, pki.facts('int.pem').sha1, pki.facts('root.pem').sha1] })
      expect(statSync(pki.path(out)).mode & 0o777).toBe(0o600)
      const info = opensslTry(pki.dir, ['pkcs12', '-in', out, '-info', '-noout', '-passin', `file:${pki.path('out.pw')}`])
      expect(info.status, info.stderr).toBe(0)
      expect(info.stderr + info.stdout).toContain(profile === 'modern' ? 'MAC: sha256' : 'MAC: sha1')
    }
    const noPw = await xgw('convert', ['leaf.pem'], { key: 'leaf.key', to: 'pfx', out: 'x.pfx', json: true })
    expect(noPw.code).toBe(2)
    expect((await xgw('convert', ['leaf.pem'], { to: 'zip', out: 'x', json: true })).json().error.code).toBe('USAGE')
  })

  it('csr writes the request and an encrypted key; store import/list/export/remove', async () => {
    const c = await xgw('csr', [], {
      'access-edge': 'sip.contoso.com',
      'sip-domain': ['contoso.com'],
      'xmpp-domain': ['contoso.com'],
      out: 'edge.req',
      'key-out': 'edge.key.pem',
      'out-password-file': 'out.pw',
      organization: 'Contoso',
      country: 'US',
      json: true,
    })
    expect(c.code).toBe(0)
    expect(c.json().sans).toEqual(['sip.contoso.com', 'contoso.com'])
    expect(c.json().requestCsCertificate).toContain("-DomainName 'sip.contoso.com,contoso.com'")
    expect(opensslTry(pki.dir, ['req', '-in', 'edge.req', '-verify', '-noout']).status).toBe(0)
    expect(opensslTry(pki.dir, ['pkey', '-in', 'edge.key.pem', '-passin', `file:${pki.path('out.pw')}`, '-noout']).status).toBe(0)
    expect((await xgw('csr', [], { 'access-edge': 'sip.contoso.com', out: 'x.req', json: true })).code).toBe(2)

    const imp = await xgw('store import', ['edge.pfx', 'root.pem'], { 'password-file': 'pfx.pw', 'store-passphrase-file': 'store.pw', json: true })
    expect(imp.code).toBe(0)
    expect(imp.json().added).toHaveLength(3)
    expect(imp.json().duplicates).toHaveLength(1)
    const list = await xgw('store list', [], { query: 'edge.contoso', json: true })
    expect(list.json().entries.map((e: { thumbprint: string }) => e.thumbprint)).toEqual([pki.facts('leaf.pem').sha1])
    const exp = await xgw('store export', [pki.facts('leaf.pem').sha1], { to: 'pfx', out: 'store.pfx', 'out-password-file': 'out.pw', 'store-passphrase-file': 'store.pw', json: true })
    expect(exp.code).toBe(0)
    expect(exp.json().includesKey).toBe(true)
    expect(opensslTry(pki.dir, ['pkcs12', '-in', 'store.pfx', '-noout', '-passin', `file:${pki.path('out.pw')}`]).status).toBe(0)
    // No terminal, no key password: the key is not written unencrypted unless --no-encrypt says so.
    const refused = await xgw('store export', [pki.facts('leaf.pem').sha1], { to: 'pem', out: 'plain.pem', 'store-passphrase-file': 'store.pw', json: true })
    expect(refused.code).toBe(2)
    expect(refused.json().error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('--no-encrypt') })
    expect(existsSync(pki.path('plain.pem'))).toBe(false)
    const plain = await xgw('store export', [pki.facts('leaf.pem').sha1], { to: 'pem', out: 'plain.pem', 'store-passphrase-file': 'store.pw', 'no-encrypt': true, json: true })
    expect(plain.code).toBe(0)
    expect(readFileSync(pki.path('plain.pem'), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----')
    expect((await xgw('store remove', [pki.facts('leaf.pem').sha1], { json: true })).code).toBe(0)
    expect((await xgw('store remove', [pki.facts('leaf.pem').sha1], { json: true })).json().error.code).toBe('NOT_FOUND')
  })

  it('store import reads a whole folder', async () => {
    const dir = path.join(pki.dir, 'folder')
    pki.run(['x509', '-in', 'int.pem', '-outform', 'DER', '-out', 'int.der'])
    const { mkdirSync, copyFileSync } = await import('node:fs')
    mkdirSync(dir)
    copyFileSync(pki.path('int.der'), path.join(dir, 'a.cer'))
    copyFileSync(pki.path('leaf.pem'), path.join(dir, 'b.crt'))
    copyFileSync(pki.path('ca.cnf'), path.join(dir, 'c.txt'))
    const r = await xgw('store import', ['folder'], { json: true })
    expect(r.json().errors.map((e: { name: string }) => e.name)).toEqual(['c.txt'])
    // A file was not imported: exit 4, and the text output names it with its code.
    expect(r.code).toBe(4)
    const text = await xgw('store import', ['folder'], {})
    expect(text.code).toBe(4)
    expect(text.out).toMatch(/not imported: c\.txt: [A-Z_]+ /)
    const ok = await xgw('store import', ['folder/a.cer'], { json: true })
    expect(ok.code).toBe(0)
    expect(r.json().added.length + r.json().duplicates.length).toBe(2)
  })
})

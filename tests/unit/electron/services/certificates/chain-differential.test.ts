/**
 * Differential test: our trusted / incomplete / untrusted against `openssl verify` over chains
 * this test makes with the openssl CLI (issue 10 "Proof"). Intermediates go to openssl as
 * -untrusted, anchors as -CAfile, and -partial_chain where the anchor is an intermediate.
 * Every case must agree; the table is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkCertificates } from '../../../../../electron/services/certificates'
import { OpensslCa, opensslTry, daysFromNow, pemToDer } from '../../../../helpers/openssl'

let ca: OpensslCa
const REQ = { sipDomains: [], xmppDomains: [], edgeFqdns: [] }

/** A self-signed root (openssl req -x509 adds SKI/AKI). */
function root(name: string, cn: string) {
  ca.selfSign(name, { subject: `/CN=${cn}`, extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] })
}

/** Issues `name` (new key unless `reuseKey`) signed by `issuer`, as a CA or a server leaf. */
function issue(name: string, cn: string, issuer: string, opts: { ca: boolean; keyIds?: boolean; start?: string; end?: string; reuseKey?: string }) {
  const extensions = opts.ca ? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] : ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth']
  // openssl 3 adds key identifiers by default; 'none' leaves them out.
  extensions.push(...(opts.keyIds === false ? ['subjectKeyIdentifier=none', 'authorityKeyIdentifier=none'] : ['subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid']))
  ca.issue(name, { subject: `/CN=${cn}`, issuer, extensions, start: opts.start, end: opts.end, reuseKey: opts.reuseKey })
}

interface Case {
  readonly name: string
  readonly target: string
  readonly untrusted: readonly string[]
  readonly anchors: readonly string[]
  readonly partial?: boolean
  /** What a PKI engineer expects; openssl must say the same, and so must we. */
  readonly expect: 'trusted' | 'incomplete' | 'untrusted'
}

const CASES: readonly Case[] = [
  { name: 'complete (leaf + intermediate, root anchor)', target: 'leaf', untrusted: ['int'], anchors: ['root'], expect: 'trusted' },
  { name: 'leaf only', target: 'leaf', untrusted: [], anchors: ['root'], expect: 'incomplete' },
  { name: 'intermediate only', target: 'int', untrusted: [], anchors: ['root'], expect: 'trusted' },
  { name: 'wrong intermediate (another CA)', target: 'leaf', untrusted: ['otherint'], anchors: ['root'], expect: 'incomplete' },
  { name: 'wrong intermediate (same name, other key, key ids)', target: 'leaf', untrusted: ['twinint'], anchors: ['root'], expect: 'incomplete' },
  { name: 'wrong intermediate (same name, other key, no key ids)', target: 'nkleaf', untrusted: ['nktwin'], anchors: ['root'], expect: 'untrusted' },
  { name: 'cross-signed (old root anchor)', target: 'xleaf', untrusted: ['xint', 'xcross'], anchors: ['oldroot'], expect: 'trusted' },
  { name: 'expired intermediate', target: 'eleaf', untrusted: ['expint'], anchors: ['root'], expect: 'untrusted' },
  { name: 'self-signed leaf', target: 'self', untrusted: [], anchors: ['root'], expect: 'untrusted' },
  { name: 'anchor = intermediate (-partial_chain)', target: 'leaf', untrusted: [], anchors: ['int'], partial: true, expect: 'trusted' },
  { name: 'complete chain to a foreign root', target: 'leaf', untrusted: ['int', 'root'], anchors: ['otherroot'], expect: 'untrusted' },
]

/**
 * Where we differ from openssl 3.0 on purpose: with the new root's self-signed copy in the bundle
 * as well as its cross-certificate, openssl stops at the first self-signed certificate (error 19),
 * while a path builder that tries every candidate issuer (CryptoAPI, NSS, Go) finds the path to
 * the anchor through the cross-certificate. We do what Windows does; the row is printed too.
 */
const DIVERGENT: readonly (Case & { readonly openssl: Case['expect'] })[] = [
  { name: 'cross-signed, new root also in bundle', target: 'xleaf', untrusted: ['xint', 'newroot', 'xcross'], anchors: ['oldroot'], expect: 'trusted', openssl: 'untrusted' },
]

/** openssl's verdict in our three words: 0 = trusted; 2/20 = no issuer found; anything else untrusted. */
function opensslVerdict(c: Case): { status: Case['expect']; detail: string } {
  const bundle = (names: readonly string[], file: string) => {
    ca.write(file, names.map((n) => ca.text(`${n}.pem`)).join(''))
    return file
  }
  const args = ['verify', '-CAfile', bundle(c.anchors, 'anchors.pem')]
  if (c.untrusted.length) args.push('-untrusted', bundle(c.untrusted, 'untrusted.pem'))
  if (c.partial) args.push('-partial_chain')
  args.push(`${c.target}.pem`)
  const out = opensslTry(ca.dir, args)
  if (out.status === 0) return { status: 'trusted', detail: 'OK' }
  const m = /error (\d+) at (\d+) depth lookup: ([^\n]+)/.exec(out.stderr + out.stdout)
  const code = Number(m?.[1] ?? -1)
  return { status: code === 2 || code === 20 ? 'incomplete' : 'untrusted', detail: m ? `error ${m[1]} at depth ${m[2]}: ${m[3]}` : (out.stderr.trim().split('\n')[0] ?? '') }
}

function ours(c: Case) {
  const der = (n: string) => pemToDer(ca.text(`${n}.pem`))
  const res = checkCertificates({ container: 'pem', certificates: [der(c.target)], issuers: c.untrusted.map((n) => ({ der: der(n), source: 'picked' as const })) }, { ...REQ, trustAnchors: c.anchors.map(der) })
  return { status: res.trust!.status, codes: res.findings.filter((f) => f.code === 'UNTRUSTED_CHAIN' || f.code === 'CHAIN_INCOMPLETE').map((f) => f.code) }
}

beforeAll(() => {
  ca = new OpensslCa({ prefix: 'xgw-diff-', key: 'ec' })
  root('root', 'Diff Root')
  issue('int', 'Diff Issuing CA', 'root', { ca: true })
  issue('leaf', 'edge.diff.test', 'int', { ca: false })
  root('otherroot', 'Other Root')
  issue('otherint', 'Other Issuing CA', 'otherroot', { ca: true })
  // Same name as "int", another key: the leaf's authority key id rules it out.
  issue('twinint', 'Diff Issuing CA', 'root', { ca: true })
  // Without key identifiers only the signature can tell the twin apart.
  issue('nkint', 'NoKeyId Issuing CA', 'root', { ca: true, keyIds: false })
  issue('nkleaf', 'nokeyid.diff.test', 'nkint', { ca: false, keyIds: false })
  issue('nktwin', 'NoKeyId Issuing CA', 'root', { ca: true, keyIds: false })
  // Cross-signing: a new root, and the same name and key certified by the old root.
  root('oldroot', 'Old Root')
  root('newroot', 'New Root')
  issue('xcross', 'New Root', 'oldroot', { ca: true, reuseKey: 'newroot' })
  issue('xint', 'Cross Issuing CA', 'newroot', { ca: true })
  issue('xleaf', 'cross.diff.test', 'xint', { ca: false })
  // An intermediate whose validity ended yesterday, with a leaf still inside its own dates.
  issue('expint', 'Expired Issuing CA', 'root', { ca: true, start: daysFromNow(-400), end: daysFromNow(-1) })
  issue('eleaf', 'expired-int.diff.test', 'expint', { ca: false, start: daysFromNow(-300), end: daysFromNow(300) })
  ca.selfSign('self', { subject: '/CN=self.diff.test', extensions: ['basicConstraints=CA:FALSE'], days: 365 })
}, 120_000)

afterAll(() => {
  if (!process.env.KEEP) ca?.cleanup()
  else console.log(ca.dir)
})

describe('chain verdicts agree with openssl verify', () => {
  it('on every case, and the table is printed', () => {
    const rows = CASES.map((c) => ({ c, o: opensslVerdict(c), us: ours(c) }))
    const div = DIVERGENT.map((c) => ({ c, o: opensslVerdict(c), us: ours(c) }))
    const table = [
      `${'case'.padEnd(56)} ${'openssl'.padEnd(11)} ${'xgw'.padEnd(11)} openssl says`,
      ...rows.map(({ c, o, us }) => `${c.name.padEnd(56)} ${o.status.padEnd(11)} ${us.status.padEnd(11)} ${o.detail}`),
      'on purpose like Windows (every candidate path tried):',
      ...div.map(({ c, o, us }) => `${c.name.padEnd(56)} ${o.status.padEnd(11)} ${us.status.padEnd(11)} ${o.detail}`),
    ].join('\n')
    for (const { c, o, us } of div) {
      expect.soft(o.status, `openssl on "${c.name}"`).toBe(c.openssl)
      expect.soft(us.status, `xgw on "${c.name}"`).toBe(c.expect)
    }
    console.log(`\n${table}\n`)
    for (const { c, o, us } of rows) {
      expect.soft(o.status, `openssl on "${c.name}"`).toBe(c.expect)
      expect.soft(us.status, `xgw on "${c.name}"`).toBe(o.status)
      // The finding follows the status: incomplete is a notice, untrusted an error, trusted nothing.
      expect.soft(us.codes, `finding on "${c.name}"`).toEqual(us.status === 'incomplete' ? ['CHAIN_INCOMPLETE'] : us.status === 'untrusted' ? ['UNTRUSTED_CHAIN'] : [])
    }
  })
})

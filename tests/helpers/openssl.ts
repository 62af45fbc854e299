/**
 * Test fixtures made with the openssl CLI (never downloaded, never copied from ../shared):
 * a small CA (root + intermediate), leaves for every Edge finding, every container and PFX
 * variant of issue 3, and openssl's own read-back for asserting facts; and a bare `openssl ca`
 * for tests that build their own hierarchies (AIA, cross-signing, twins). Passwords reach
 * openssl through `-passin file:` / `-passout file:`, not argv.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'

export const OPENSSL = process.env.OPENSSL ?? 'openssl'

/** Runs openssl in `cwd`; throws with its stderr on failure. */
export function openssl(cwd: string, args: readonly string[], input?: Buffer | string): Buffer {
  const r = spawnSync(OPENSSL, args, { cwd, input, maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr.toString()}`)
  return r.stdout
}

/** Like openssl() but returns status and output instead of throwing. */
export function opensslTry(cwd: string, args: readonly string[], input?: Buffer | string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(OPENSSL, args, { cwd, input, maxBuffer: 64 * 1024 * 1024 })
  return { status: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() }
}

export interface LeafSpec {
  readonly name: string
  readonly cn: string
  readonly sans?: readonly string[]
  /** 'rsa:2048' (default), 'rsa:1024', 'ec' (P-256). */
  readonly key?: 'rsa:2048' | 'rsa:1024' | 'ec'
  /** extendedKeyUsage value; null = no EKU extension. Default serverAuth,clientAuth. */
  readonly eku?: string | null
  /** openssl ca -startdate / -enddate (YYYYMMDDHHMMSSZ); default now-1d .. now+365d. */
  readonly start?: string
  readonly end?: string
  readonly md?: 'sha256' | 'sha1'
  /** Issued by the root instead of the intermediate. */
  readonly byRoot?: boolean
  /** Non-ASCII organisation (UTF8String). */
  readonly org?: string
  /** Leave out the CRL distribution point (NO_CRL_DP). */
  readonly noCdp?: boolean
}

export interface Leaf {
  readonly name: string
  readonly certPem: string
  readonly keyPem: string
  readonly certFile: string
  readonly keyFile: string
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
/** YYYYMMDDHHMMSSZ for now + days. */
export const daysFromNow = (days: number) => stamp(new Date(Date.now() + days * 86_400_000))

export type KeyKind = 'rsa:2048' | 'rsa:1024' | 'ec'

/** A self-signed certificate: a root, or a leaf that vouches for itself. */
export interface SelfSignedSpec {
  /** openssl -subj, e.g. '/CN=Test Root'. */
  readonly subject: string
  /** -addext values, e.g. 'basicConstraints=critical,CA:TRUE'. */
  readonly extensions: readonly string[]
  readonly key?: KeyKind
  readonly days?: number
}

/** A certificate issued by a CA of the same directory through `openssl ca`. */
export interface IssueSpec {
  readonly subject: string
  /** Name of the issuer: `<issuer>.pem` and `<issuer>.key` in the directory. */
  readonly issuer: string
  /** Extension lines, e.g. 'basicConstraints=CA:FALSE'. */
  readonly extensions: readonly string[]
  readonly key?: KeyKind
  /** Certify the key of an earlier certificate (cross-signing) instead of a new one. */
  readonly reuseKey?: string
  /** -startdate / -enddate (YYYYMMDDHHMMSSZ); default now-2d .. now+365d. */
  readonly start?: string
  readonly end?: string
  readonly md?: 'sha256' | 'sha1'
}

/**
 * A throwaway `openssl ca` in a temp directory, with no certificate yet: tests make the roots,
 * intermediates and leaves they need. Through `openssl ca` because (unlike `openssl x509` in 3.0)
 * it takes explicit -startdate/-enddate, so expired and not-yet-valid certificates are real.
 * Call cleanup() in afterAll.
 */
export class OpensslCa {
  readonly dir: string
  private serial = 0x1000
  private readonly defaultKey: KeyKind

  constructor(opts: { prefix?: string; key?: KeyKind } = {}) {
    this.dir = mkdtempSync(path.join(tmpdir(), opts.prefix ?? 'xgw-ca-'))
    this.defaultKey = opts.key ?? 'rsa:2048'
    writeFileSync(path.join(this.dir, 'index.txt'), '')
    writeFileSync(
      path.join(this.dir, 'ca.cnf'),
      [
        '[ca]',
        'default_ca = ca_default',
        '[ca_default]',
        `dir = ${this.dir}`,
        'database = $dir/index.txt',
        'new_certs_dir = $dir',
        'serial = $dir/serial',
        'default_md = sha256',
        'policy = policy_any',
        'unique_subject = no',
        'copy_extensions = none',
        'email_in_dn = no',
        '[policy_any]',
        'commonName = supplied',
        'countryName = optional',
        'organizationName = optional',
        '[req]',
        'distinguished_name = dn',
        '[dn]',
      ].join('\n'),
    )
  }

  path(name: string): string {
    return path.join(this.dir, name)
  }
  read(name: string): Buffer {
    return readFileSync(this.path(name))
  }
  text(name: string): string {
    return readFileSync(this.path(name), 'utf8')
  }
  write(name: string, data: Buffer | string): string {
    writeFileSync(this.path(name), data)
    return this.path(name)
  }
  run(args: readonly string[], input?: Buffer | string): Buffer {
    return openssl(this.dir, args, input)
  }
  /** Writes a password file (UTF-8, no newline) and returns its `file:` argument. */
  pw(name: string, password: string): string {
    this.write(`${name}.pw`, Buffer.from(password, 'utf8'))
    return `file:${this.path(`${name}.pw`)}`
  }

  key(name: string, kind: KeyKind = this.defaultKey): string {
    const args = kind === 'ec' ? ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`] : ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind.split(':')[1]}`, '-out', `${name}.key`]
    this.run(args)
    return this.path(`${name}.key`)
  }

  /** `openssl req -x509` with a new key: `<name>.pem` and `<name>.key`. */
  selfSign(name: string, spec: SelfSignedSpec): Leaf {
    this.key(name, spec.key)
    this.run(['req', '-x509', '-new', '-key', `${name}.key`, '-subj', spec.subject, '-days', String(spec.days ?? 3650), '-sha256', ...spec.extensions.flatMap((e) => ['-addext', e]), '-out', `${name}.pem`])
    return this.files(name, name)
  }

  /** A CSR for `<name>` signed by `spec.issuer`: `<name>.pem`, and `<name>.key` unless the key is reused. */
  issue(name: string, spec: IssueSpec): Leaf {
    const keyName = spec.reuseKey ?? name
    if (!spec.reuseKey) this.key(keyName, spec.key)
    this.run(['req', '-new', '-key', `${keyName}.key`, '-utf8', '-subj', spec.subject, '-out', `${name}.csr`])
    this.write(`${name}.ext`, ['[ext]', ...spec.extensions].join('\n'))
    this.write('serial', (this.serial++).toString(16).toUpperCase().padStart(4, '0') + '\n')
    this.run([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-notext',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-cert',
      `${spec.issuer}.pem`,
      '-keyfile',
      `${spec.issuer}.key`,
      '-extfile',
      `${name}.ext`,
      '-extensions',
      'ext',
      '-startdate',
      spec.start ?? daysFromNow(-2),
      '-enddate',
      spec.end ?? daysFromNow(365),
      '-md',
      spec.md ?? 'sha256',
    ])
    return this.files(name, keyName)
  }

  private files(name: string, keyName: string): Leaf {
    return { name, certPem: this.text(`${name}.pem`), keyPem: this.text(`${keyName}.key`), certFile: this.path(`${name}.pem`), keyFile: this.path(`${keyName}.key`) }
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/**
 * The shared fixture PKI: an RSA root ("XGW Test Root") and an intermediate ("XGW Test Issuing
 * CA", AIA to the root), leaves for every Edge finding, and the containers of issue 3.
 */
export class TestPki extends OpensslCa {
  constructor() {
    super({ prefix: 'xgw-pki-' })
    this.selfSign('root', { subject: '/C=US/O=XGW Test/CN=XGW Test Root', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] })
    this.issue('int', {
      subject: '/C=US/O=XGW Test/CN=XGW Test Issuing CA',
      issuer: 'root',
      extensions: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign', 'authorityInfoAccess=caIssuers;URI:http://pki.example.test/root.cer'],
      end: daysFromNow(3000),
    })
  }

  /** Issues a leaf certificate per spec (key kept unencrypted as PKCS#8 PEM). */
  leaf(spec: LeafSpec): Leaf {
    const extensions = ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment']
    if (spec.sans?.length) extensions.push(`subjectAltName=${spec.sans.map((s) => `DNS:${s}`).join(',')}`)
    const eku = spec.eku === undefined ? 'serverAuth,clientAuth' : spec.eku
    if (eku) extensions.push(`extendedKeyUsage=${eku}`)
    if (!spec.byRoot) extensions.push('authorityInfoAccess=caIssuers;URI:http://pki.example.test/int.cer')
    if (!spec.noCdp) extensions.push('crlDistributionPoints=URI:http://pki.example.test/int.crl')
    return this.issue(spec.name, {
      subject: `/C=US${spec.org ? `/O=${spec.org}` : ''}/CN=${spec.cn}`,
      issuer: spec.byRoot ? 'root' : 'int',
      extensions,
      key: spec.key ?? 'rsa:2048',
      start: spec.start ?? daysFromNow(-1),
      end: spec.end ?? daysFromNow(365),
      md: spec.md ?? 'sha256',
    })
  }

  /** A self-signed leaf without keyCertSign (what Node's checkIssued misses). */
  selfSigned(name: string, cn: string, sans: readonly string[]): Leaf {
    return this.selfSign(name, {
      subject: `/CN=${cn}`,
      days: 365,
      extensions: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `subjectAltName=${sans.map((s) => `DNS:${s}`).join(',')}`, 'extendedKeyUsage=serverAuth'],
    })
  }

  /** `openssl pkcs12 -export` with extra args; password via file. Returns the PFX bytes. */
  pfx(out: string, leaf: Leaf | null, password: string | null, extra: readonly string[] = [], chain = true): Buffer {
    const args = ['pkcs12', '-export', '-out', out]
    if (leaf) args.push('-in', leaf.certFile, '-inkey', leaf.keyFile)
    if (chain) {
      this.write('chain.pem', this.text('int.pem') + this.text('root.pem'))
      args.push('-certfile', 'chain.pem')
    }
    args.push('-passout', password === null ? 'pass:' : this.pw(out, password), ...extra)
    this.run(args)
    return this.read(out)
  }

  /** openssl's own read-back of a certificate (PEM or DER file). */
  facts(file: string, inform: 'PEM' | 'DER' = 'PEM'): OpensslFacts {
    const out = this.run(['x509', '-in', file, '-inform', inform, '-noout', '-subject', '-issuer', '-serial', '-dates', '-dateopt', 'iso_8601', '-fingerprint', '-sha1', '-nameopt', 'RFC2253,-esc_msb,utf8']).toString('utf8')
    const get = (re: RegExp) => re.exec(out)?.[1]?.trim() ?? ''
    const sha256 = this.run(['x509', '-in', file, '-inform', inform, '-noout', '-fingerprint', '-sha256']).toString()
    const san = this.run(['x509', '-in', file, '-inform', inform, '-noout', '-ext', 'subjectAltName']).toString()
    const iso = (s: string) => s.replace(' ', 'T').replace(/Z?$/, 'Z').replace('ZZ', 'Z')
    return {
      subject: get(/^subject=(.*)$/m),
      issuer: get(/^issuer=(.*)$/m),
      serial: get(/^serial=(.*)$/m),
      notBefore: iso(get(/^notBefore=(.*)$/m)),
      notAfter: iso(get(/^notAfter=(.*)$/m)),
      sha1: get(/sha1 Fingerprint=(.*)$/im).replace(/:/g, ''),
      sha256: (/sha256 Fingerprint=(.*)$/im.exec(sha256)?.[1] ?? '').trim().replace(/:/g, ''),
      dnsNames: [...san.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]!),
    }
  }
}

export interface OpensslFacts {
  subject: string
  issuer: string
  serial: string
  notBefore: string
  notAfter: string
  sha1: string
  sha256: string
  dnsNames: string[]
}

/** PEM → DER of the first block. */
export function pemToDer(pem: string): Buffer {
  const m = /-----BEGIN [^-]+-----([\s\S]*?)-----END/.exec(pem)
  if (!m) throw new Error('no PEM block')
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')
}

/**
 * A throw-away PKI made with the openssl CLI for the live-check tests: a root, an intermediate
 * and leaf certificates issued by the intermediate through `openssl ca`, which (unlike
 * `openssl x509` in 3.0) takes explicit -startdate/-enddate, so an expired leaf is real.
 */
import { execFile } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const OPENSSL = '/usr/bin/openssl'

/** One issued leaf: PEM files on disk and the DER of the certificate. */
export interface TestLeaf {
  readonly name: string
  readonly certFile: string
  /** Leaf followed by the intermediate: what a server presents. */
  readonly chainFile: string
  readonly keyFile: string
  readonly certPem: string
  readonly keyPem: string
  readonly chainPem: string
  readonly der: Buffer
  readonly dnsNames: readonly string[]
  readonly notBefore: Date
  readonly notAfter: Date
}

export interface TestCa {
  readonly dir: string
  readonly rootPem: string
  readonly rootDer: Buffer
  readonly rootFile: string
  readonly intermediatePem: string
  readonly intermediateDer: Buffer
  /** Issues a leaf from the intermediate. Dates default to yesterday … in a year. */
  issue(name: string, opts: LeafOptions): Promise<TestLeaf>
}

export interface LeafOptions {
  readonly commonName: string
  readonly dnsNames: readonly string[]
  /** openssl ca time format YYYYMMDDHHMMSSZ. */
  readonly startDate?: string
  readonly endDate?: string
  /** @default 'serverAuth,clientAuth' */
  readonly eku?: string
}

const CA_CONF = (dir: string, name: string) => `
[ ca ]
default_ca = testca
[ testca ]
dir = ${dir}/${name}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
certificate = $dir/ca.pem
private_key = $dir/ca.key
default_md = sha256
default_days = 365
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
commonName = supplied
`

/** openssl ca date string for a Date. */
export function caDate(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`
}

const pemToDer = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')

async function initCaDir(dir: string, name: string): Promise<string> {
  const d = join(dir, name)
  await mkdir(join(d, 'newcerts'), { recursive: true })
  await writeFile(join(d, 'index.txt'), '')
  // openssl reads the serial file as hex pairs: an odd number of digits fails ("odd number of chars").
  await writeFile(join(d, 'serial'), `${(Math.floor(Math.random() * 0xffffff) + 0x100000).toString(16).toUpperCase().padStart(8, '0')}\n`)
  await writeFile(join(d, 'ca.cnf'), CA_CONF(dir, name))
  return d
}

async function newKeyAndCsr(dir: string, base: string, cn: string): Promise<void> {
  await run(OPENSSL, ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${base}.key`), '-out', join(dir, `${base}.csr`), '-subj', `/CN=${cn}`])
}

/** Makes root and intermediate in `dir` (which must exist and be empty of a previous CA). */
export async function createTestCa(dir: string): Promise<TestCa> {
  const rootDir = await initCaDir(dir, 'root')
  const interDir = await initCaDir(dir, 'inter')
  const now = new Date()
  const yesterday = new Date(now.getTime() - 86_400_000)
  const later = new Date(now.getTime() + 5 * 365 * 86_400_000)
  await run(OPENSSL, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    join(rootDir, 'ca.key'),
    '-out',
    join(rootDir, 'ca.pem'),
    '-days',
    '3650',
    '-subj',
    '/CN=XGW Test Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
  await newKeyAndCsr(interDir, 'ca', 'XGW Test Issuing CA')
  await writeFile(join(interDir, 'ext.cnf'), '[ v3_ca ]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n')
  await run(OPENSSL, [
    'ca',
    '-batch',
    '-config',
    join(rootDir, 'ca.cnf'),
    '-in',
    join(interDir, 'ca.csr'),
    '-out',
    join(interDir, 'ca.pem'),
    '-notext',
    '-startdate',
    caDate(yesterday),
    '-enddate',
    caDate(later),
    '-extfile',
    join(interDir, 'ext.cnf'),
    '-extensions',
    'v3_ca',
  ])
  const rootFile = join(rootDir, 'ca.pem')
  const rootPem = await readFile(rootFile, 'utf8')
  const intermediatePem = await readFile(join(interDir, 'ca.pem'), 'utf8')

  let lock: Promise<unknown> = Promise.resolve()
  async function issue(name: string, o: LeafOptions): Promise<TestLeaf> {
    const start = o.startDate ?? caDate(yesterday)
    const end = o.endDate ?? caDate(new Date(now.getTime() + 365 * 86_400_000))
    const ext = [
      '[ leaf ]',
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage=${o.eku ?? 'serverAuth,clientAuth'}`,
      `subjectAltName=${o.dnsNames.map((n) => `DNS:${n}`).join(',')}`,
      'crlDistributionPoints=URI:http://crl.test.invalid/issuing.crl',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid',
      '',
    ].join('\n')
    await writeFile(join(dir, `${name}.ext`), ext)
    await newKeyAndCsr(dir, name, o.commonName)
    const certFile = join(dir, `${name}.pem`)
    // `openssl ca` rewrites its index and serial files: one signing at a time (keys are made in parallel).
    const signing = lock.then(() =>
      run(OPENSSL, ['ca', '-batch', '-config', join(interDir, 'ca.cnf'), '-in', join(dir, `${name}.csr`), '-out', certFile, '-notext', '-startdate', start, '-enddate', end, '-extfile', join(dir, `${name}.ext`), '-extensions', 'leaf']),
    )
    lock = signing.catch(() => undefined)
    await signing
    const certPem = await readFile(certFile, 'utf8')
    const keyPem = await readFile(join(dir, `${name}.key`), 'utf8')
    const chainPem = certPem + intermediatePem
    const chainFile = join(dir, `${name}-chain.pem`)
    await writeFile(chainFile, chainPem)
    const x = new X509Certificate(certPem)
    return {
      name,
      certFile,
      chainFile,
      keyFile: join(dir, `${name}.key`),
      certPem,
      keyPem,
      chainPem,
      der: x.raw,
      dnsNames: o.dnsNames,
      notBefore: new Date(x.validFrom),
      notAfter: new Date(x.validTo),
    }
  }

  return {
    dir,
    rootPem,
    rootDer: pemToDer(rootPem),
    rootFile,
    intermediatePem,
    intermediateDer: pemToDer(intermediatePem),
    issue,
  }
}

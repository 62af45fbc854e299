/**
 * `npm run bench`: like-for-like figures, printed as one table with every goal of issue 12.
 *
 * - Whole process vs whole process: `xgw inspect|check|convert|csr|store list` against the
 *   nearest `openssl` command on the same input, with `node -e 0` in the same run so start-up
 *   and work can be told apart.
 * - Engine vs the runtime's limit, in process: each engine operation against Node's native
 *   crypto doing the minimum equivalent work (same KDF iterations, cipher, MAC, key size).
 * - Interleaved repetitions (the order flips every round), median and min; ratios use medians.
 * - The main-thread figure is perf_hooks.monitorEventLoopDelay while each route runs through
 *   the certificate service as the app runs it (worker runner), so synchronous work counts.
 *
 * Built to dist-electron/bench.js (next to crypto-worker.js; the command line is in dist-electron/cli). `--json FILE` also
 * writes the rows. A benchmark, not a test: it exits 0 whatever the figures.
 */
import { spawnSync } from 'node:child_process'
import * as crypto from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import * as tls from 'node:tls'
import { fileURLToPath } from 'node:url'
import { createPrimitives } from '../../electron/services/certificates/primitives'
import { readContainer } from '../../electron/services/certificates/read-container'
import { PEM_KEY_ITERATIONS } from '../../electron/services/certificates/keys'

const OPENSSL = process.env.OPENSSL ?? 'openssl'
const here = path.dirname(fileURLToPath(import.meta.url))
const XGW = path.join(here, '..', 'bin', 'xgw.cjs')

interface Stat {
  readonly median: number
  readonly min: number
}
interface Row {
  readonly section: string
  readonly name: string
  readonly ours: Stat
  readonly base: Stat
  readonly baseName: string
  /** Ratio shown (medians unless the goal says otherwise). */
  readonly ratio: number
  readonly goal: string
  readonly met: boolean | null
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const stat = (xs: readonly number[]): Stat => ({ median: median(xs), min: Math.min(...xs) })

async function timed(fn: () => unknown): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

/** `reps` rounds of a and b, the order flipping every round. */
async function interleave(reps: number, a: () => unknown, b: () => unknown): Promise<[Stat, Stat]> {
  const ta: number[] = []
  const tb: number[] = []
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      ta.push(await timed(a))
      tb.push(await timed(b))
    } else {
      tb.push(await timed(b))
      ta.push(await timed(a))
    }
  }
  return [stat(ta), stat(tb)]
}

function run(cwd: string, cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: env ?? process.env })
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} failed (${r.status}): ${String(r.stderr).slice(0, 400)}`)
}
const ossl = (cwd: string, args: readonly string[]) => run(cwd, OPENSSL, args)

/** Peak resident memory (KiB) and wall time of one whole process, via GNU time when present. */
function peak(cwd: string, cmd: string, args: readonly string[]): { ms: number; kib: number | null } {
  const t = performance.now()
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    const ms = performance.now() - t
    if (r.status !== 0) throw new Error(`${cmd} failed: ${String(r.stderr).slice(0, 300)}`)
    const lines = String(r.stderr).trim().split('\n')
    return { ms, kib: Number(lines[lines.length - 1]) || null }
  }
  run(cwd, cmd, args)
  return { ms: performance.now() - t, kib: null }
}

/** Event-loop delay histogram around one operation; max in ms. */
async function loopMax(fn: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  try {
    // Let the histogram's timer start first: a block before its first tick would go unseen.
    await new Promise((r) => setTimeout(r, 20))
    await fn()
    // One more turn so a block at the very end is recorded.
    await new Promise((r) => setTimeout(r, 10))
  } finally {
    h.disable()
  }
  return h.max / 1e6
}

/** PKCS#12 KDF cost on native hashing: Node has no PKCS#12 KDF, so the minimum is the same hash chain. */
function nativeHashChain(alg: 'sha1' | 'sha256', iterations: number, blocks: number): void {
  const oneShot = (crypto as unknown as { hash?: (a: string, d: Buffer, enc: 'buffer') => Buffer }).hash
  for (let b = 0; b < blocks; b++) {
    let x: Buffer = crypto.createHash(alg).update(Buffer.alloc(128, b)).digest()
    for (let i = 1; i < iterations; i++) x = oneShot ? oneShot(alg, x, 'buffer') : crypto.createHash(alg).update(x).digest()
  }
}

function fixtures(dir: string) {
  writeFileSync(path.join(dir, 'pw'), 'bench-password')
  ossl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=Bench CA',
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
  ossl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=sip.contoso.com'])
  writeFileSync(path.join(dir, 'ext'), 'subjectAltName=DNS:sip.contoso.com,DNS:contoso.com\nextendedKeyUsage=serverAuth\n')
  ossl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '1', '-days', '30', '-extfile', 'ext', '-out', 'leaf.pem'])
  const p12 = (out: string, extra: string[]) => ossl(dir, ['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'ca.pem', '-passout', 'file:pw', ...extra, '-out', out])
  const legacy = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']
  p12('3des.pfx', legacy)
  p12('aes.pfx', [])
  p12('3des-100k.pfx', [...legacy, '-iter', '100000']) // OpenSSL 3 uses -iter for the MAC too
  writeFileSync(path.join(dir, 'bundle.pem'), readFileSync(path.join(dir, 'leaf.pem'), 'utf8') + readFileSync(path.join(dir, 'ca.pem'), 'utf8') + readFileSync(path.join(dir, 'leaf.key'), 'utf8'))
}

function machine(): string {
  const cpus = os.cpus()
  const v = spawnSync(OPENSSL, ['version'], { encoding: 'utf8' }).stdout.trim()
  return `${cpus[0]?.model ?? 'unknown CPU'} x${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.versions.node} (OpenSSL ${process.versions.openssl}), ${v}`
}

export interface BenchResult {
  readonly rows: readonly Row[]
  readonly machine: string
  readonly load: readonly [number, number]
  readonly loopMaxMs: Readonly<Record<string, number>>
}

/** Runs every measurement and prints the table. */
export async function runBench(opts: { reps?: number; print?: (s: string) => void } = {}): Promise<BenchResult> {
  const reps = opts.reps ?? 9
  const [{ silentLogger }, { convert }, { buildCsr, generateRsaKey }, { createWorkerRunner }, { createCertificateService }, { buildExportBundle }, { projectWithPartners }, { syntheticStoreIndex }] = await Promise.all([
    import('../../electron/lib/logger'),
    import('../../electron/services/certificates/convert'),
    import('../../electron/services/certificates/csr'),
    import('../../electron/services/certificates/crypto-runner'),
    import('../../electron/services/certificates/service'),
    import('../../shared/export/export-bundle'),
    import('../../tests/helpers/many-partners'),
    import('../../tests/helpers/store-index'),
  ])
  const [{ configScript }, { rollbackScript }, { distinctCertificateBundle }, { createExportService }] = await Promise.all([
    import('../../shared/export/config-script'),
    import('../../shared/export/rollback-script'),
    import('../../tests/helpers/hostile-files'),
    import('../../electron/services/export/export-service'),
  ])
  const print = opts.print ?? ((s: string) => process.stdout.write(`${s}\n`))
  const loadBefore = os.loadavg()[0]!
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xgw-bench-'))
  const rows: Row[] = []
  const add = (r: Omit<Row, 'ratio' | 'met'> & { ratio?: number; limit?: number }) => {
    const ratio = r.ratio ?? r.ours.median / r.base.median
    rows.push({ section: r.section, name: r.name, ours: r.ours, base: r.base, baseName: r.baseName, goal: r.goal, ratio, met: r.limit === undefined ? null : ratio <= r.limit })
  }
  const workerFile = path.join(here, 'crypto-worker.js')
  const runner = createWorkerRunner(new URL(`file://${workerFile}`))
  const loop: Record<string, number> = {}
  try {
    print('Preparing fixtures with openssl …')
    fixtures(dir)
    const p = createPrimitives()
    const file = (f: string) => readFileSync(path.join(dir, f))
    const PW = 'bench-password'
    const dataDir = path.join(dir, 'data')
    const store10k = path.join(dir, 'data10k')
    mkdirSync(path.join(store10k, 'store'), { recursive: true })
    writeFileSync(path.join(store10k, 'store', 'index.json'), JSON.stringify(syntheticStoreIndex(10_000, 3)))
    const node = process.execPath
    // xgw's V8 code caches (electron/cli/code-cache.ts) in a folder of this run: each command's
    // first run writes them (one untimed warm-up run each), as an admin's first run of it does.
    const xgwEnv = { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache') }
    const xgw = (...args: string[]) => {
      const once = () => run(dir, node, [XGW, ...args, ...(args[0] === '--help' ? [] : ['--data-dir', dataDir])], xgwEnv)
      once()
      return once
    }

    // ---- Whole process vs whole process ---------------------------------------------------
    print('Whole-process timings …')
    const S1 = 'whole process'
    const node0Samples: number[] = []
    const nodeZero = () => {
      const t = performance.now()
      run(dir, node, ['-e', '0'])
      node0Samples.push(performance.now() - t)
    }
    const [help, n0a] = await interleave(reps, xgw('--help'), nodeZero)
    add({ section: S1, name: 'xgw --help', ours: help, base: n0a, baseName: 'node -e 0', goal: '<= 1.3x node -e 0', limit: 1.3 })
    const [insp, n0b] = await interleave(reps, xgw('inspect', 'aes.pfx', '--password-file', 'pw'), nodeZero)
    add({ section: S1, name: 'xgw inspect (PFX, AES-256, 2048 it.)', ours: insp, base: n0b, baseName: 'node -e 0', goal: '<= 1.5x node -e 0', limit: 1.5 })
    const [inspCold, n0c] = await interleave(reps, () => run(dir, node, [XGW, 'inspect', 'aes.pfx', '--password-file', 'pw', '--data-dir', dataDir], { ...xgwEnv, XGW_CODE_CACHE: 'off' }), nodeZero)
    add({ section: S1, name: 'xgw inspect (PFX), code cache off', ours: inspCold, base: n0c, baseName: 'node -e 0', goal: 'info' })
    const [, osInsp] = await interleave(
      reps,
      () => undefined,
      () => ossl(dir, ['pkcs12', '-in', 'aes.pfx', '-passin', 'file:pw', '-nodes', '-out', 'o.pem']),
    )
    add({ section: S1, name: 'xgw inspect (PFX) vs openssl', ours: insp, base: osInsp, baseName: 'openssl pkcs12 -nodes', goal: 'info' })
    const [chk, osChk] = await interleave(reps, xgw('check', 'leaf.pem', '--sip-domain', 'contoso.com', '--xmpp-domain', 'contoso.com', '--edge-fqdn', 'sip.contoso.com', '--trust-anchor', 'ca.pem'), () =>
      ossl(dir, ['verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver', 'leaf.pem']),
    )
    add({ section: S1, name: 'xgw check (leaf + anchor)', ours: chk, base: osChk, baseName: 'openssl verify', goal: 'info' })
    const [cnv, osCnv] = await interleave(reps, xgw('convert', 'bundle.pem', '--to', 'pfx', '--out', 'x.pfx', '--out-password-file', 'pw'), () =>
      ossl(dir, ['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'ca.pem', '-passout', 'file:pw', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', 'y.pfx']),
    )
    add({ section: S1, name: 'xgw convert PEM -> PFX (3DES)', ours: cnv, base: osCnv, baseName: 'openssl pkcs12 -export', goal: 'info' })
    const [csr, osCsr] = await interleave(Math.max(3, Math.ceil(reps / 2)), xgw('csr', '--access-edge', 'sip.contoso.com', '--sip-domain', 'contoso.com', '--out', 'r.csr', '--key-out', 'r.key', '--out-password-file', 'pw'), () =>
      ossl(dir, ['req', '-new', '-newkey', 'rsa:2048', '-keyout', 's.key', '-passout', 'file:pw', '-subj', '/CN=sip.contoso.com', '-addext', 'subjectAltName=DNS:sip.contoso.com', '-addext', 'extendedKeyUsage=serverAuth', '-out', 's.csr']),
    )
    add({ section: S1, name: 'xgw csr (RSA-2048 key + request)', ours: csr, base: osCsr, baseName: 'openssl req -newkey', goal: `info (key file: ours ${PEM_KEY_ITERATIONS.toLocaleString('en-US')} PBKDF2 it., openssl 2048)` })

    // store list: the in-process work measured in the same run.
    const svc10k = createCertificateService({ storeDir: path.join(store10k, 'store'), log: silentLogger, runner })
    const listWork: number[] = []
    const list = () => run(dir, node, [XGW, 'store', 'list', '--json', '--data-dir', store10k], xgwEnv)
    list()
    const [lst] = await interleave(reps, list, async () => listWork.push(await timed(() => svc10k.storeList({}))))
    const work = stat(listWork)
    const node0 = stat(node0Samples)
    add({
      section: S1,
      name: 'xgw store list --json (10,000)',
      ours: lst,
      base: { median: node0.median + work.median, min: node0.min + work.min },
      baseName: `node -e 0 + listing work (${work.median.toFixed(0)} ms)`,
      goal: '<= 1.5x node -e 0 + work',
      ratio: (lst.median - work.median) / node0.median,
      limit: 1.5,
    })

    // ---- Engine vs Node's native minimum, in process ---------------------------------------
    print('Engine vs native timings …')
    const S2 = 'engine vs native'
    const imp = async (f: string, label: string, r = reps) => {
      const bytes = file(f)
      const [e, n] = await interleave(
        r,
        () => readContainer(p, bytes, PW),
        () => tls.createSecureContext({ pfx: bytes, passphrase: PW }),
      )
      add({ section: S2, name: `PFX import, ${label}`, ours: e, base: n, baseName: 'tls.createSecureContext({pfx}) (OpenSSL PKCS12_parse)', goal: '<= 1.2x', limit: 1.2 })
      return e
    }
    // The first PFX reads of the process: V8 has not optimised the hash module yet (iterated-hash.ts).
    await imp('3des.pfx', '3DES, 2048 it. (first reads of the process)')
    await imp('aes.pfx', 'AES-256, 2048 it.')
    const e100k = await imp('3des-100k.pfx', '3DES, 100,000 it.', Math.max(3, Math.ceil(reps / 2)))
    // The same file again once the 100,000-iteration reads have left everything optimised.
    await imp('3des.pfx', '3DES, 2048 it. (warm process)')
    const [, os100k] = await interleave(
      Math.max(3, Math.ceil(reps / 2)),
      () => undefined,
      () => ossl(dir, ['pkcs12', '-in', '3des-100k.pfx', '-passin', 'file:pw', '-nodes', '-out', 'o.pem']),
    )
    add({ section: S2, name: 'PFX import, 100,000 it. (in process)', ours: e100k, base: os100k, baseName: 'openssl pkcs12 (whole process)', goal: '<= 1.2x', limit: 1.2 })

    const material = readContainer(p, file('bundle.pem'))
    const certs = material.certificates
    const keys = material.keys.map((k) => k.pkcs8)
    const key = crypto.createPrivateKey({ key: keys[0]!, format: 'der', type: 'pkcs8' })
    const safeCerts = Buffer.concat(certs.map((c) => Buffer.concat([c, Buffer.alloc(40)])))
    // What an export checks before it writes, done with Node's native calls: the certificates
    // parsed, the key imported and paired with the leaf, the chain's signatures verified.
    const nativeInputChecks = () => {
      const x = certs.map((c) => new crypto.X509Certificate(c))
      const k = crypto.createPrivateKey({ key: keys[0]!, format: 'der', type: 'pkcs8' })
      x[0]!.checkPrivateKey(k)
      for (let i = 0; i < x.length; i++) x[i]!.verify(x[Math.min(i + 1, x.length - 1)]!.publicKey)
    }
    const [ex3, nx3] = await interleave(
      reps,
      () => convert(p, { certificates: certs, keys, to: 'pfx', password: PW, profile: 'compatible' }),
      () => {
        nativeInputChecks()
        // 2 safes x (3DES key: 2 blocks + IV: 1) + MAC key: 7 PKCS#12 KDF chains of 2048 SHA-1.
        nativeHashChain('sha1', 2048, 7)
        const enc = (d: Buffer) => crypto.createCipheriv('des-ede3-cbc', Buffer.alloc(24, 1), Buffer.alloc(8, 2)).update(d)
        const auth = Buffer.concat([enc(safeCerts), enc(keys[0]!)])
        crypto.createHmac('sha1', Buffer.alloc(20)).update(auth).digest()
      },
    )
    add({ section: S2, name: 'PFX export, compatible (3DES, SHA-1 MAC)', ours: ex3, base: nx3, baseName: 'native: input checks, same KDF chains (crypto.hash), 3DES, HMAC', goal: '<= 1.2x', limit: 1.2 })
    const [exA, nxA] = await interleave(
      reps,
      () => convert(p, { certificates: certs, keys, to: 'pfx', password: PW, profile: 'modern' }),
      () => {
        nativeInputChecks()
        const k1 = crypto.pbkdf2Sync(PW, Buffer.alloc(16, 1), 2048, 32, 'sha256')
        const k2 = crypto.pbkdf2Sync(PW, Buffer.alloc(16, 2), 2048, 32, 'sha256')
        nativeHashChain('sha256', 2048, 1)
        const enc = (k: Buffer, d: Buffer) => crypto.createCipheriv('aes-256-cbc', k, Buffer.alloc(16, 3)).update(d)
        crypto
          .createHmac('sha256', Buffer.alloc(32))
          .update(Buffer.concat([enc(k1, safeCerts), enc(k2, keys[0]!)]))
          .digest()
      },
    )
    add({ section: S2, name: 'PFX export, modern (AES-256, SHA-256 MAC)', ours: exA, base: nxA, baseName: 'native: input checks, pbkdf2Sync x2, KDF chain, AES, HMAC', goal: '<= 1.2x', limit: 1.2 })
    const [kg, nkg] = await interleave(
      Math.max(3, Math.ceil(reps / 2)),
      () => generateRsaKey(2048),
      () => new Promise((res, rej) => crypto.generateKeyPair('rsa', { modulusLength: 2048 }, (e, k) => (e ? rej(e) : res(k)))),
    )
    add({ section: S2, name: 'RSA-2048 key generation', ours: kg, base: nkg, baseName: 'crypto.generateKeyPair', goal: 'info (random prime search)' })
    const tbs = Buffer.alloc(600, 7)
    const [cs, ncs] = await interleave(
      reps,
      () => buildCsr(p, { accessEdgeFqdn: 'sip.contoso.com', sans: [] }, ['sip.contoso.com', 'contoso.com'], keys[0]!),
      () => crypto.sign('sha256', tbs, key),
    )
    add({ section: S2, name: 'CSR with an existing key', ours: cs, base: ncs, baseName: 'crypto.sign (one RSA signature)', goal: 'info' })

    // ---- Big PEM bundle, whole process, time and memory -------------------------------------
    print('10 MB PEM bundle …')
    {
      // 8,200 distinct certificates, validly signed (the generator the tests use): a CA's dump.
      const big = path.join(dir, 'big.pem')
      writeFileSync(big, distinctCertificateBundle(8200))
      const bigMb = (readFileSync(big).length / 2 ** 20).toFixed(1)
      const oursT: number[] = []
      const theirsT: number[] = []
      let oursKib = 0
      let theirsKib = 0
      for (let i = 0; i < 3; i++) {
        const a = peak(dir, node, [XGW, 'inspect', big, '--json', '--data-dir', dataDir])
        const b = peak(dir, OPENSSL, ['crl2pkcs7', '-nocrl', '-certfile', big, '-out', '/dev/null'])
        oursT.push(a.ms)
        theirsT.push(b.ms)
        oursKib = Math.max(oursKib, a.kib ?? 0)
        theirsKib = Math.max(theirsKib, b.kib ?? 0)
      }
      add({ section: 'PEM bundle', name: `xgw inspect ${bigMb} MB PEM, 8,200 certificates: time`, ours: stat(oursT), base: stat(theirsT), baseName: 'openssl crl2pkcs7 -certfile (whole process)', goal: '<= 3x', limit: 3 })
      if (oursKib && theirsKib) {
        const m = (k: number) => ({ median: k / 1024, min: k / 1024 })
        add({ section: 'PEM bundle', name: '  … peak memory (MiB, not ms)', ours: m(oursKib), base: m(theirsKib), baseName: 'openssl (peak RSS)', goal: '<= 3x', limit: 3 })
      }
    }

    // ---- Partners and scripts ---------------------------------------------------------------
    print('Script generation for 5,000 partners …')
    const project = projectWithPartners(5000)
    const so = { generatedAt: new Date().toISOString(), appVersion: 'bench' }
    const gen: number[] = []
    const scripts: number[] = []
    for (let i = 0; i < Math.max(5, reps); i++) {
      gen.push(await timed(() => buildExportBundle(project, { ...so, sanNames: null, existing: null })))
      scripts.push(await timed(() => [configScript(project, so), rollbackScript(project, so, null)]))
    }
    const goalRow = (name: string, v: number[]) => {
      const g = stat(v)
      rows.push({ section: 'partners', name, ours: g, base: { median: 200, min: 200 }, baseName: 'goal 200 ms', goal: '<= 200 ms', ratio: g.median / 200, met: g.median <= 200 })
    }
    goalRow('scripts (config + rollback), 5,000 partners (ms)', scripts)
    goalRow('whole export (9 files, runbooks included), 5,000 partners (ms)', gen)

    // ---- Main thread: event-loop delay while each route runs as the app runs it --------------
    print('Event-loop delay per route …')
    const app = createCertificateService({ storeDir: path.join(dataDir, 'appstore'), log: silentLogger, runner })
    const b64 = (f: string) => file(f).toString('base64')
    loop['certificates.inspect (PFX)'] = await loopMax(() => app.inspect({ name: 'aes.pfx', data: b64('aes.pfx'), password: PW, extraFiles: [] }))
    loop['certificates.inspect (100,000 it.)'] = await loopMax(() => app.inspect({ name: '100k.pfx', data: b64('3des-100k.pfx'), password: PW, extraFiles: [] }))
    loop['certificates.convert (to PFX)'] = await loopMax(() => app.convert({ file: { name: 'b.pem', data: b64('bundle.pem') }, extraFiles: [], to: 'pfx', profile: 'compatible', outPassword: PW, includeKey: true }))
    loop['certificates.storeList (10,000)'] = await loopMax(() => svc10k.storeList({}))
    loop['certificates.storeList query (10,000)'] = await loopMax(() => svc10k.storeList({ query: 'host-0424' }))
    // As the shells run it: the export service hands the build to the worker.
    const exports = createExportService({ now: () => new Date(), log: silentLogger, appVersion: 'bench', chooseExportFolder: async () => null, build: (p, options) => runner.run('exportBundle', { project: p, options }) })
    await exports.preview({ projectData: projectWithPartners(1), sanNames: null, existing: null })
    loop['artifacts.preview (5,000 partners, worker)'] = await loopMax(() => exports.preview({ projectData: project, sanNames: null, existing: null }))

    const loadAfter = os.loadavg()[0]!
    const m = machine()
    printTable(print, rows, loop, m, [loadBefore, loadAfter])
    return { rows, machine: m, load: [loadBefore, loadAfter], loopMaxMs: loop }
  } finally {
    await runner.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function printTable(print: (s: string) => void, rows: readonly Row[], loop: Readonly<Record<string, number>>, machine: string, load: readonly [number, number]): void {
  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
  print('')
  print(`Machine: ${machine}`)
  print(`Load average (1 min) before/after: ${load[0].toFixed(2)} / ${load[1].toFixed(2)} — a shared machine inflates every figure; ratios come from the same run.`)
  print('Times in ms, median (min) over interleaved repetitions; ratio = median ÷ median.')
  print('')
  print(`| section | operation | ours | baseline | baseline is | ratio | goal | met |`)
  print(`| --- | --- | ---: | ---: | --- | ---: | --- | --- |`)
  for (const r of rows) {
    const met = r.met === null ? '–' : r.met ? 'met' : 'NOT MET'
    print(`| ${r.section} | ${r.name} | ${f(r.ours.median)} (${f(r.ours.min)}) | ${f(r.base.median)} (${f(r.base.min)}) | ${r.baseName} | ${r.ratio.toFixed(2)} | ${r.goal} | ${met} |`)
  }
  print('')
  print('| route (main thread, as the app runs it) | longest event-loop delay ms | goal | met |')
  print('| --- | ---: | --- | --- |')
  for (const [k, v] of Object.entries(loop)) print(`| ${k} | ${f(v)} | < 100 ms | ${v < 100 ? 'met' : 'NOT MET'} |`)
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
if (invoked) {
  const jsonAt = process.argv.indexOf('--json')
  const reps = Number(process.env.BENCH_REPS ?? 9)
  runBench({ reps }).then(
    (r) => {
      if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, JSON.stringify(r, null, 2))
    },
    (e) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
      process.exitCode = 1
    },
  )
}

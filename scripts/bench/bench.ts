/**
 * `npm run bench`: our engine against the openssl CLI, side by side in one run (issue 3
 * "Proof"): RSA-2048 key generation, PFX import (3DES and AES, 2048 iterations), PFX export,
 * CSR, and importing a folder of 500 certificates (against 500 `openssl x509` runs), plus the
 * longest main-thread event-loop block while our operations ran (target < 100 ms).
 *
 * openssl times are whole-process times (spawn included), as certificates.md §3 measured them.
 * Built to dist-electron/bench.js next to crypto-worker.js, whose worker runner is then used;
 * run from elsewhere it falls back to the in-process runner and says so.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { silentLogger } from '../../electron/lib/logger'
import { createCertificateService } from '../../electron/services/certificates/service'
import { convert } from '../../electron/services/certificates/convert'
import { buildCsr, generateRsaKey } from '../../electron/services/certificates/csr'
import { type CryptoRunner, createInProcessRunner, createWorkerRunner } from '../../electron/services/certificates/crypto-runner'
import { createPrimitives } from '../../electron/services/certificates/primitives'

const OPENSSL = process.env.OPENSSL ?? 'openssl'

export interface BenchRow { readonly name: string; readonly oursMs: number; readonly opensslMs: number; readonly ratio: number; readonly target: string }

function ossl(cwd: string, args: string[]): void {
  const r = spawnSync(OPENSSL, args, { cwd })
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.toString()}`)
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Interleaves ours and openssl `reps` times; returns per-op medians. */
async function pair(reps: number, ours: () => unknown, theirs: () => void, loop: LoopWatch): Promise<[number, number]> {
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < reps; i++) {
    loop.start()
    let t = performance.now()
    await ours()
    a.push(performance.now() - t)
    loop.stop()
    t = performance.now()
    theirs()
    b.push(performance.now() - t)
  }
  return [median(a), median(b)]
}

/** Event-loop delay histogram, enabled only while our code runs (spawnSync blocks on purpose). */
class LoopWatch {
  private readonly h = monitorEventLoopDelay({ resolution: 5 })
  private maxNs = 0
  start() {
    this.h.reset()
    this.h.enable()
  }
  stop() {
    this.h.disable()
    this.maxNs = Math.max(this.maxNs, this.h.max)
  }
  get maxMs() {
    return this.maxNs / 1e6
  }
}

/** Runs the benchmark and prints a table. Returns the rows (for tests and CI logs). */
export async function runBench(opts: { reps?: number; folderSize?: number; print?: (s: string) => void } = {}): Promise<{ rows: BenchRow[]; maxBlockMs: number; runner: string }> {
  const reps = opts.reps ?? 9
  const folderSize = opts.folderSize ?? 500
  const print = opts.print ?? ((s: string) => process.stdout.write(`${s}\n`))
  const dir = mkdtempSync(path.join(tmpdir(), 'xgw-bench-'))
  const here = path.dirname(fileURLToPath(import.meta.url))
  const workerFile = path.join(here, 'crypto-worker.js')
  const runner: CryptoRunner = existsSync(workerFile) ? createWorkerRunner(new URL(`file://${workerFile}`)) : createInProcessRunner()
  const runnerName = existsSync(workerFile) ? 'worker' : 'in-process'
  const p = createPrimitives()
  const loop = new LoopWatch()
  const rows: BenchRow[] = []
  const row = (name: string, [o, t]: [number, number], target: string) => rows.push({ name, oursMs: o, opensslMs: t, ratio: o / t, target })
  try {
    // Fixtures: a CA and a leaf with its chain, made by openssl.
    writeFileSync(path.join(dir, 'pw'), 'bench-password')
    ossl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Bench CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE'])
    ossl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=sip.contoso.com'])
    writeFileSync(path.join(dir, 'ext'), 'subjectAltName=DNS:sip.contoso.com,DNS:contoso.com\nextendedKeyUsage=serverAuth\n')
    ossl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '1', '-days', '30', '-extfile', 'ext', '-out', 'leaf.pem'])
    ossl(dir, ['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'ca.pem', '-passout', 'file:pw', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', '3des.pfx'])
    ossl(dir, ['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'ca.pem', '-passout', 'file:pw', '-out', 'aes.pfx'])
    const bundle = readFileSync(path.join(dir, 'leaf.pem'), 'utf8') + readFileSync(path.join(dir, 'ca.pem'), 'utf8') + readFileSync(path.join(dir, 'leaf.key'), 'utf8')
    const material = await runner.read(Buffer.from(bundle))
    const pfx3 = readFileSync(path.join(dir, '3des.pfx'))
    const pfxA = readFileSync(path.join(dir, 'aes.pfx'))

    row('RSA-2048 key generation', await pair(reps, () => generateRsaKey(2048), () => ossl(dir, ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'k.pem']), loop), '<= 1.5x')
    row('PFX import, 3DES, 2048 it.', await pair(reps * 2, () => runner.read(pfx3, 'bench-password'), () => ossl(dir, ['pkcs12', '-in', '3des.pfx', '-nodes', '-passin', 'file:pw', '-out', 'o.pem']), loop), '<= 2x')
    row('PFX import, AES-256, 2048 it.', await pair(reps * 2, () => runner.read(pfxA, 'bench-password'), () => ossl(dir, ['pkcs12', '-in', 'aes.pfx', '-nodes', '-passin', 'file:pw', '-out', 'o.pem']), loop), '<= 2x')
    row('PFX export (compatible, 3DES)', await pair(reps * 2,
      () => convert(p, { certificates: material.certificates, keys: material.keys.map((k) => k.pkcs8), to: 'pfx', password: 'bench-password' }),
      () => ossl(dir, ['pkcs12', '-export', '-in', 'leaf.pem', '-inkey', 'leaf.key', '-certfile', 'ca.pem', '-passout', 'file:pw', '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1', '-out', 'x.pfx']), loop), '<= 1.5x')
    const keyPkcs8 = material.keys[0]!.pkcs8
    row('CSR (SAN+EKU, existing key)', await pair(reps * 2,
      () => buildCsr(p, { accessEdgeFqdn: 'sip.contoso.com', sans: [] }, ['sip.contoso.com', 'contoso.com'], keyPkcs8),
      () => ossl(dir, ['req', '-new', '-key', 'leaf.key', '-subj', '/CN=sip.contoso.com', '-addext', 'subjectAltName=DNS:sip.contoso.com,DNS:contoso.com', '-addext', 'extendedKeyUsage=serverAuth', '-out', 'r.csr']), loop), 'info')

    // A folder of N distinct certificates (one key, N serials), imported into a fresh store.
    const files: string[] = []
    for (let i = 0; i < folderSize; i++) {
      const f = `c${i}.cer`
      ossl(dir, ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', String(1000 + i), '-days', '30', '-outform', 'DER', '-out', f])
      files.push(f)
    }
    const svc = createCertificateService({ storeDir: path.join(dir, 'store'), log: silentLogger, runner })
    loop.start()
    let t = performance.now()
    const r = await svc.storeImport({ files: files.map((f) => ({ name: f, data: readFileSync(path.join(dir, f)).toString('base64') })) })
    const ours = performance.now() - t
    loop.stop()
    if (r.added.length !== folderSize) throw new Error(`folder import added ${r.added.length} of ${folderSize}`)
    t = performance.now()
    for (const f of files) ossl(dir, ['x509', '-in', f, '-inform', 'DER', '-noout', '-fingerprint', '-sha1', '-subject'])
    const theirs = performance.now() - t
    rows.push({ name: `Folder of ${folderSize} certificates (total)`, oursMs: ours, opensslMs: theirs, ratio: ours / theirs, target: '< 1x' })

    print(`XGW certificate benchmark (${runnerName} runner; medians over ${reps}-${reps * 2} interleaved repetitions; openssl = whole process)`)
    print(`${'operation'.padEnd(38)}${'ours ms'.padStart(10)}${'openssl ms'.padStart(12)}${'ratio'.padStart(8)}  target`)
    for (const x of rows) print(`${x.name.padEnd(38)}${x.oursMs.toFixed(1).padStart(10)}${x.opensslMs.toFixed(1).padStart(12)}${x.ratio.toFixed(2).padStart(8)}  ${x.target}`)
    print(`max main-thread event-loop block during our operations: ${loop.maxMs.toFixed(1)} ms (target < 100 ms)`)
    return { rows, maxBlockMs: loop.maxMs, runner: runnerName }
  } finally {
    await runner.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const invoked = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
if (invoked) {
  runBench().then(
    (r) => process.exit(r.maxBlockMs < 100 ? 0 : 1),
    (e) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`)
      process.exit(1)
    },
  )
}

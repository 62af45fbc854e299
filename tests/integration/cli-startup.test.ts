/**
 * The built `xgw` as an admin runs it (issue 12): `--help` and `inspect` load neither zod nor
 * node-forge nor a worker thread, and `xgw … | head` ends quietly when the reader has gone.
 * Needs the built bundles (node scripts/build-if-needed.mjs).
 */
import { spawnSync, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestPki } from '../helpers/openssl'
import { syntheticStoreIndex } from '../helpers/store-index'
import { MAX_CERTIFICATE_FILE_BYTES } from '../../shared/domain/file-limits'
import { distinctCertificateBundle } from '../helpers/hostile-files'

const root = resolve(__dirname, '..', '..')
const XGW = join(root, 'bin', 'xgw.mjs')
let pki: TestPki

beforeAll(() => {
  pki = new TestPki()
  const leaf = pki.leaf({ name: 'leaf', cn: 'sip.contoso.com', sans: ['sip.contoso.com'] })
  pki.pfx('leaf.pfx', leaf, 'secret')
  // Records every module the process resolves (ESM through a loader hook, CommonJS through
  // Module._load): zod is imported as ESM, node-forge required, the worker is its own module.
  const loader = ["import { appendFileSync } from 'node:fs'", 'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.XGW_TRACE, r.url + "\\n"); return r }'].join('\n')
  writeFileSync(
    join(pki.dir, 'trace.mjs'),
    [
      "import { register } from 'node:module'",
      "import Module from 'node:module'",
      "import { appendFileSync } from 'node:fs'",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(loader)}))`,
      'const load = Module._load',
      'Module._load = function (request, ...rest) { appendFileSync(process.env.XGW_TRACE, request + "\\n"); return load.call(this, request, ...rest) }',
    ].join('\n'),
  )
})
afterAll(() => pki?.cleanup())

function xgw(args: string[], traced = false) {
  const trace = join(pki.dir, `trace-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(trace, '')
  const r = spawnSync(process.execPath, [...(traced ? ['--import', pathToFileURL(join(pki.dir, 'trace.mjs')).href] : []), XGW, ...args, '--data-dir', join(pki.dir, 'data')], {
    cwd: pki.dir,
    encoding: 'utf8',
    env: { ...process.env, XGW_TRACE: trace },
    maxBuffer: 64 * 1024 * 1024,
  })
  const loaded = readFileSync(trace, 'utf8')
  return { ...r, loaded }
}

describe('xgw start-up', () => {
  it('--help loads no zod, no node-forge, no worker', () => {
    const r = xgw(['--help'], true)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Usage: xgw <command>/)
    expect(r.loaded).toMatch(/xgw\.js/) // the trace does see the bundle…
    expect(r.loaded).not.toMatch(/zod|node-forge|crypto-worker/) // …and none of these
  })

  it('inspect of a PFX runs in process without zod, node-forge or a worker, and is right', () => {
    const r = xgw(['inspect', 'leaf.pfx', '--password-file', pki.pw('leaf.pfx', 'secret').replace(/^file:/, ''), '--json'], true)
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { format: string; certificates: { thumbprint: string }[]; privateKey: { matchesCertificate: string } }
    expect(out.format).toBe('pkcs12')
    expect(out.certificates[0]!.thumbprint).toBe(pki.facts('leaf.pem').sha1)
    expect(out.privateKey.matchesCertificate).toBe(pki.facts('leaf.pem').sha1)
    expect(r.loaded).toMatch(/inspect/) // the trace does see the engine…
    expect(r.loaded).not.toMatch(/zod|node-forge|crypto-worker/) // …and nothing heavier
  })

  it('a command that needs the contract still validates its input through it', () => {
    const r = xgw(['store', 'list', '--json'], true)
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ entries: [], pending: [] })
    expect(r.loaded).toMatch(/zod/)
  })
})

describe('xgw … | head', () => {
  it('ends quietly (exit 0, nothing on stderr) when the reader closes the pipe early', async () => {
    // A store of 10,000 certificates lists 10,000 lines; the reader takes one chunk and closes, as `head -1` does.
    mkdirSync(join(pki.dir, 'big', 'store'), { recursive: true })
    writeFileSync(join(pki.dir, 'big', 'store', 'index.json'), JSON.stringify(syntheticStoreIndex(10_000)))
    const child = spawn(process.execPath, [XGW, 'store', 'list', '--data-dir', join(pki.dir, 'big')], { cwd: pki.dir })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.once('data', () => child.stdout.destroy())
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)))
    expect(err).toBe('')
    expect(code).toBe(0)
  })
})

describe('xgw inspect of a large PEM bundle', () => {
  it('reads a 10 MB bundle of 8,000+ distinct certificates, and refuses a file over the limit with its size and the limit', () => {
    const pem = distinctCertificateBundle(8200)
    const bundle = join(pki.dir, 'bundle.pem')
    writeFileSync(bundle, pem)
    expect(pem.length).toBeGreaterThanOrEqual(10 * 1024 * 1024)
    // openssl, the oracle, reads the same 8,200 certificates from the file.
    expect(spawnSync('openssl', ['storeutl', '-noout', '-certs', bundle], { encoding: 'utf8' }).stdout).toMatch(/Total found: 8200\b/)
    const r = xgw(['inspect', bundle, '--json'])
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { format: string; certificates: { serialNumber: string }[] }
    expect(out.format).toBe('pem')
    expect(out.certificates).toHaveLength(8200)
    expect(new Set(out.certificates.map((c) => c.serialNumber)).size).toBe(8200)

    const over = join(pki.dir, 'over.pem')
    writeFileSync(over, Buffer.alloc(MAX_CERTIFICATE_FILE_BYTES + 1, 0x41))
    const refused = xgw(['inspect', over])
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/TOO_LARGE/)
    expect(refused.stderr).toMatch(/16\.0 MB \(16,777,217 bytes\); a certificate file may be at most 16\.0 MB/)
  }, 120_000)
})

/**
 * The built `xgw` as an admin runs it (issue 12): `--help` and `inspect` load neither zod nor
 * node-forge nor a worker thread, `store list` on a store whose index is sealed loads neither zod
 * nor the app's services and prints what the dispatcher answers, and `xgw … | head` ends quietly
 * when the reader has gone. Needs the built bundles (node scripts/build-if-needed.mjs).
 */
import { spawnSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TestPki } from '../helpers/openssl'
import { syntheticStoreIndex } from '../helpers/store-index'
import { MAX_CERTIFICATE_FILE_BYTES } from '../../shared/domain/file-limits'
import { distinctCertificateBundle } from '../helpers/hostile-files'
import { createTestHost } from '../helpers/test-host'
import { silentLogger } from '../../electron/lib/logger'
import { WRAP_HEAD, WRAP_TAIL } from '../../electron/cli/code-cache'

const root = resolve(__dirname, '..', '..')
const XGW = join(root, 'bin', 'xgw.cjs')
let pki: TestPki

beforeAll(() => {
  pki = new TestPki()
  const leaf = pki.leaf({ name: 'leaf', cn: 'sip.contoso.com', sans: ['sip.contoso.com'] })
  pki.pfx('leaf.pfx', leaf, 'secret')
  // Records every module the process resolves (ESM through a loader hook, CommonJS through
  // Module._load, the command line's own files through vm.Script, which its loader compiles them
  // with: electron/cli/code-cache.ts): zod and node-forge are required, the worker is its own module.
  const loader = ["import { appendFileSync } from 'node:fs'", 'export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.XGW_TRACE, r.url + "\\n"); return r }'].join('\n')
  writeFileSync(
    join(pki.dir, 'trace.mjs'),
    [
      "import { register } from 'node:module'",
      "import Module from 'node:module'",
      "import { appendFileSync } from 'node:fs'",
      "import vm from 'node:vm'",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(loader)}))`,
      'const Script = vm.Script',
      'vm.Script = class extends Script { constructor(code, options) { super(code, options); appendFileSync(process.env.XGW_TRACE, (options?.filename ?? "") + "\\n") } }',
      'const load = Module._load',
      'Module._load = function (request, ...rest) { appendFileSync(process.env.XGW_TRACE, request + "\\n"); return load.call(this, request, ...rest) }',
    ].join('\n'),
  )
})
afterAll(() => pki?.cleanup())

function xgw(args: string[], traced = false, dataDir = join(pki.dir, 'data')) {
  const trace = join(pki.dir, `trace-${Math.random().toString(36).slice(2)}.txt`)
  writeFileSync(trace, '')
  const r = spawnSync(process.execPath, [...(traced ? ['--import', pathToFileURL(join(pki.dir, 'trace.mjs')).href] : []), XGW, ...args, '--data-dir', dataDir], {
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
    expect(r.loaded).toMatch(/cli\/xgw\.cjs/) // the trace does see the bundle…
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

  it('inspect of a PFX without WebAssembly (node --jitless) falls back to node:crypto and answers the same', () => {
    const args = ['inspect', 'leaf.pfx', '--password-file', pki.pw('leaf.pfx', 'secret').replace(/^file:/, ''), '--json', '--data-dir', join(pki.dir, 'data')]
    const run = (flags: string[]) => spawnSync(process.execPath, [...flags, XGW, ...args], { cwd: pki.dir, encoding: 'utf8' })
    const usual = run([])
    const jitless = run(['--jitless'])
    expect(usual.status, usual.stderr).toBe(0)
    expect(jitless.status, jitless.stderr).toBe(0)
    expect(jitless.stdout).toBe(usual.stdout)
    const out = JSON.parse(jitless.stdout) as { format: string; certificates: { thumbprint: string }[] }
    expect(out.format).toBe('pkcs12')
    expect(out.certificates[0]!.thumbprint).toBe(pki.facts('leaf.pem').sha1)
  })

  it('a command that needs the contract still validates its input through it', () => {
    const r = xgw(['store', 'remove', '00', '--json'], true)
    expect(r.status).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'VALIDATION', message: expect.stringContaining('SHA-1 thumbprint expected') as unknown } })
    expect(r.loaded).toMatch(/zod/)
  })

  it('store list --json of 10,000 certificates: zod once to validate and seal the index, then neither zod nor the services, printed from the index bytes; byte for byte what the dispatcher answers', async () => {
    const data = join(pki.dir, 'list10k')
    mkdirSync(join(data, 'store'), { recursive: true })
    writeFileSync(join(data, 'store', 'index.json'), JSON.stringify(syntheticStoreIndex(10_000, 3)))
    const lastRoute = () =>
      readFileSync(join(data, 'logs', 'xgw.log'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.message === 'route')
        .at(-1)
    const first = xgw(['store', 'list', '--json'], true, data)
    expect(first.status, first.stderr).toBe(0)
    expect(first.loaded).toMatch(/zod/) // an index never validated is validated
    expect(lastRoute()).toMatchObject({ route: 'certificates.storeList', ok: true })
    expect(lastRoute()).not.toHaveProperty('bytes')
    const again = xgw(['store', 'list', '--json'], true, data)
    expect(again.status, again.stderr).toBe(0)
    expect(again.loaded).toMatch(/cert-store/) // the trace does see the store…
    expect(again.loaded).not.toMatch(/zod|create-services|node-forge|crypto-worker/) // …and none of these
    expect(lastRoute()).toMatchObject({ route: 'certificates.storeList', ok: true, bytes: true }) // cut from the sealed index
    expect(again.stdout).toBe(first.stdout)
    const { dispatch } = await createTestHost(data, silentLogger, { cli: true })
    const all = await dispatch('certificates.storeList', {})
    expect(all.ok && all.value).toMatchObject({ entries: { length: 10_000 }, pending: { length: 3 } })
    expect(again.stdout).toBe(`${JSON.stringify(all.ok && all.value)}\n`)
    const found = xgw(['store', 'list', '--json', '--query', 'HOST-0424'], true, data)
    expect(found.loaded).not.toMatch(/zod|create-services/)
    const query = await dispatch('certificates.storeList', { query: 'HOST-0424' })
    expect(found.stdout).toBe(`${JSON.stringify(query.ok && query.value)}\n`)
    expect(JSON.parse(found.stdout)).toMatchObject({ entries: { length: 10 } })
  })
})

describe('xgw to a slow reader', () => {
  it('delivers all of a large output to a reader that waits before reading, though the process ends at once after answering', async () => {
    mkdirSync(join(pki.dir, 'slow', 'store'), { recursive: true })
    writeFileSync(join(pki.dir, 'slow', 'store', 'index.json'), JSON.stringify(syntheticStoreIndex(10_000)))
    const whole = xgw(['store', 'list', '--json'], false, join(pki.dir, 'slow')).stdout // read as it comes
    expect(whole.length).toBeGreaterThan(1_000_000)
    const child = spawn(process.execPath, [XGW, 'store', 'list', '--json', '--data-dir', join(pki.dir, 'slow')], { cwd: pki.dir })
    child.stdout.pause() // the pipe fills; xgw's writes wait
    const chunks: Buffer[] = []
    await new Promise((r) => setTimeout(r, 700))
    child.stdout.on('data', (d: Buffer) => chunks.push(d))
    child.stdout.resume()
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)))
    expect(code).toBe(0)
    expect(Buffer.concat(chunks).toString('utf8')).toBe(whole)
  })
})

describe('xgw … | head', () => {
  it('ends quietly (exit 0, nothing on stderr) when the reader closes the pipe early', async () => {
    // A store of 10,000 certificates lists 10,000 lines; the reader takes one chunk and closes, as `head -1` does.
    mkdirSync(join(pki.dir, 'big', 'store'), { recursive: true })
    writeFileSync(join(pki.dir, 'big', 'store', 'index.json'), JSON.stringify(syntheticStoreIndex(10_000)))
    expect(xgw(['store', 'list'], false, join(pki.dir, 'big')).status).toBe(0) // validated and sealed: --json prints from the index bytes
    for (const json of [[], ['--json']]) {
      const child = spawn(process.execPath, [XGW, 'store', 'list', ...json, '--data-dir', join(pki.dir, 'big')], { cwd: pki.dir })
      let err = ''
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      child.stdout.once('data', () => child.stdout.destroy())
      const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)))
      expect(err, json.join()).toBe('')
      expect(code, json.join()).toBe(0)
    }
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

describe('xgw start-up: modules and streams', () => {
  it('--help loads the bundle in five files (the cache loader, the entry, commands, their shared base, the bundler runtime)', () => {
    const r = xgw(['--help'], true)
    expect(r.status).toBe(0)
    const bundle = new Set(r.loaded.split('\n').filter((url) => /dist-electron\/.+\.cjs$/.test(url)))
    expect(bundle.size).toBeGreaterThan(0)
    expect(bundle.size).toBeLessThanOrEqual(5)
  })

  it('inspect builds only process.stdout: stdin and stderr (net on a pipe) are left alone when nothing asks or fails', () => {
    // Records the first use of each standard stream, before xgw runs.
    const probe = join(pki.dir, 'streams.mjs')
    writeFileSync(
      probe,
      [
        "import { appendFileSync } from 'node:fs'",
        "for (const name of ['stdin', 'stdout', 'stderr']) {",
        '  const d = Object.getOwnPropertyDescriptor(process, name)',
        '  let seen = false',
        '  Object.defineProperty(process, name, { configurable: true, enumerable: d.enumerable, get() { if (!seen) { seen = true; appendFileSync(process.env.XGW_STREAMS, name + "\\n") } return d.get.call(process) } })',
        '}',
      ].join('\n'),
    )
    const log = join(pki.dir, 'streams.txt')
    writeFileSync(log, '')
    const pw = pki.pw('leaf.pfx', 'secret').replace(/^file:/, '')
    const r = spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, XGW, 'inspect', 'leaf.pfx', '--password-file', pw, '--json', '--data-dir', join(pki.dir, 'data')], {
      cwd: pki.dir,
      encoding: 'utf8',
      env: { ...process.env, XGW_STREAMS: log },
    })
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'pkcs12' })
    expect(readFileSync(log, 'utf8')).toBe('stdout\n')
    // A failure still reaches stderr.
    writeFileSync(log, '')
    const bad = spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, XGW, 'inspect', 'missing.pfx', '--data-dir', join(pki.dir, 'data')], { cwd: pki.dir, encoding: 'utf8', env: { ...process.env, XGW_STREAMS: log } })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/Cannot read missing\.pfx/)
    expect(readFileSync(log, 'utf8')).toBe('stderr\n')
  })

  it('inspect loads at most eight files of the bundle and neither node:tls, net nor worker_threads', () => {
    const r = xgw(['inspect', 'leaf.pfx', '--password-file', pki.pw('leaf.pfx', 'secret').replace(/^file:/, ''), '--json'], true)
    expect(r.status, r.stderr).toBe(0)
    const lines = r.loaded.split('\n')
    const bundle = new Set(lines.filter((url) => /dist-electron\/.+\.cjs$/.test(url)))
    expect(bundle.size).toBeGreaterThan(0)
    expect(bundle.size).toBeLessThanOrEqual(8)
    expect(lines.filter((l) => /^(node:)?(tls|net|worker_threads)$/.test(l))).toEqual([])
  })
})

describe('xgw from its code caches', () => {
  it('answers the same with and without them; first runs of several processes at once leave whole, private caches and no temporary files', async () => {
    const cacheHome = join(pki.dir, 'cache-home')
    const args = [XGW, 'inspect', 'leaf.pfx', '--password-file', pki.pw('leaf.pfx', 'secret').replace(/^file:/, ''), '--json', '--data-dir', join(pki.dir, 'data')]
    const runOnce = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => {
        const child = spawn(process.execPath, args, { cwd: pki.dir, env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env } })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
        child.on('close', (code) => res({ code, stdout, stderr }))
      })
    const uncached = await runOnce({ XGW_CODE_CACHE: 'off' })
    expect(uncached.code, uncached.stderr).toBe(0)
    expect(existsSync(cacheHome)).toBe(false) // off writes nothing
    const firsts = await Promise.all([0, 1, 2, 3].map(() => runOnce({})))
    for (const r of firsts) expect(r, r.stderr).toMatchObject({ code: 0, stdout: uncached.stdout })
    const runtimeDir = join(cacheHome, 'XMPP Gateway Wizard', 'xgw', `node-${process.version}-${process.arch}`)
    // One folder for this installed copy: named by its chunks folder's path.
    const copy = createHash('sha256')
      .update(join(root, 'dist-electron', 'cli', 'chunks'))
      .digest('hex')
      .slice(0, 16)
    expect(readdirSync(runtimeDir)).toEqual([copy])
    const dir = join(runtimeDir, copy)
    const files = readdirSync(dir)
    expect(files.filter((f) => !f.endsWith('.inspect.v8'))).toEqual([])
    const chunks = new Set(readdirSync(join(root, 'dist-electron', 'cli', 'chunks')))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const f of files) {
      const built = f.replace(/\.inspect\.v8$/, '')
      expect(chunks.has(built), f).toBe(true)
      // Whole: the SHA-256 of the built file's path, the text V8 compiled (the file in the loader's wrapper) and the cache, as the first 32 bytes.
      const bytes = readFileSync(join(dir, f))
      const path = join(root, 'dist-electron', 'cli', 'chunks', built)
      const digest = createHash('sha256').update(path).update('\0').update(WRAP_HEAD).update(readFileSync(path, 'utf8')).update(WRAP_TAIL).update('\0').update(bytes.subarray(32)).digest()
      expect(digest.equals(bytes.subarray(0, 32)), f).toBe(true)
      expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    }
    for (const d of [dir, runtimeDir]) expect(statSync(d).mode & 0o777).toBe(0o700)
    // A run that compiled from them writes none again: every cache was taken.
    const written = files.map((f) => statSync(join(dir, f)).mtimeMs)
    const cached = await runOnce({})
    expect(cached, cached.stderr).toMatchObject({ code: 0, stdout: uncached.stdout })
    expect(files.map((f) => statSync(join(dir, f)).mtimeMs)).toEqual(written)
  })

  it('the built command line asks its loader for nothing it does not provide (require.resolve, require.main, import(), JSON files)', () => {
    const cli = join(root, 'dist-electron', 'cli')
    const files = [
      join(cli, 'xgw.cjs'),
      ...readdirSync(join(cli, 'chunks'))
        .filter((f) => f.endsWith('.cjs'))
        .map((f) => join(cli, 'chunks', f)),
    ]
    expect(files.length).toBeGreaterThan(5)
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      expect(text, f).not.toMatch(/\brequire\.(resolve|main|cache|extensions)\b|\bimport\(|require\("[^"]+\.json"\)|\bmodule\.(parent|children|paths)\b/)
      // Relative requires stay within the build: the loader resolves them itself.
      for (const m of text.matchAll(/require\("(\.[^"]*)"\)/g)) expect(existsSync(resolve(join(f, '..'), m[1]!)), `${f}: ${m[1]}`).toBe(true)
    }
  })

  it('runs from source, quietly, where the cache folder cannot be written', () => {
    const readOnly = join(pki.dir, 'read-only-cache')
    mkdirSync(readOnly, { mode: 0o500 })
    const r = spawnSync(process.execPath, [XGW, 'inspect', 'leaf.pfx', '--password-file', pki.pw('leaf.pfx', 'secret').replace(/^file:/, ''), '--json', '--data-dir', join(pki.dir, 'data')], {
      cwd: pki.dir,
      encoding: 'utf8',
      // As root the folder's mode does not stop a write, so the cache folder is under a file instead.
      env: { ...process.env, XDG_CACHE_HOME: process.getuid?.() === 0 ? join(pki.dir, 'leaf.pfx') : readOnly },
    })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'pkcs12' })
  })
})

describe('xgw inspect: nothing asynchronous to start', () => {
  it.skipIf(process.platform !== 'linux')('starts no thread beyond what node -e 0 starts (no libuv thread pool) and loads no fs/promises', () => {
    // At exit: the process's threads (Linux lists them in /proc/self/task) and Node's own modules.
    const probe = join(pki.dir, 'threads.cjs')
    writeFileSync(probe, "process.on('exit', () => require('fs').writeFileSync(process.env.XGW_THREADS, JSON.stringify({ threads: require('fs').readdirSync('/proc/self/task').length, modules: process.moduleLoadList })))\n")
    const out = join(pki.dir, 'threads.json')
    const at = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--require', probe, ...args], { cwd: pki.dir, encoding: 'utf8', env: { ...process.env, XGW_THREADS: out } })
      expect(r.status, r.stderr).toBe(0)
      return JSON.parse(readFileSync(out, 'utf8')) as { threads: number; modules: string[] }
    }
    const baseline = at(['-e', '0'])
    const inspect = at([XGW, 'inspect', 'leaf.pfx', '--password-file', pki.pw('leaf.pfx', 'secret').replace(/^file:/, ''), '--data-dir', join(pki.dir, 'data')])
    expect(inspect.threads).toBe(baseline.threads)
    expect(inspect.modules).not.toContain('NativeModule fs/promises')
    expect(inspect.modules).toContain('NativeModule crypto') // the probe does see what xgw loads
    // …and a command that reads asynchronously does start the pool: the probe can tell.
    const pooled = at(['-e', "require('fs').stat('.', () => {})"])
    expect(pooled.threads).toBeGreaterThan(baseline.threads)
    expect(readFileSync(join(pki.dir, 'data', 'logs', 'xgw.log'), 'utf8')).toMatch(/"route":"certificates.inspect"/) // the log is written, synchronously
  })
})

describe('xgw inspect of a 10 MB bundle: peak memory', () => {
  it('stays under three times what openssl crl2pkcs7 needs for the same file', () => {
    const bundle = join(pki.dir, 'bundle-mem.pem')
    writeFileSync(bundle, distinctCertificateBundle(8200))
    // GNU time's maximum resident set size, in KiB; the lower of two runs each (the collector's timing varies).
    const peakKib = (cmd: string, args: string[]) =>
      Math.min(
        ...[0, 1].map(() => {
          const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { cwd: pki.dir, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 })
          expect(r.status, r.stderr).toBe(0)
          return Number(/(\d+)\s*$/.exec(r.stderr)![1])
        }),
      )
    const ours = peakKib(process.execPath, [XGW, 'inspect', bundle, '--json', '--data-dir', join(pki.dir, 'data')])
    const theirs = peakKib('openssl', ['crl2pkcs7', '-nocrl', '-certfile', bundle, '-out', '/dev/null'])
    expect(ours / theirs, `ours ${ours} KiB, openssl ${theirs} KiB`).toBeLessThan(3)
  }, 120_000)
})

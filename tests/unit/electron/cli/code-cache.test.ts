import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WRAP_HEAD, WRAP_TAIL, codeCacheDir, commandKey, createCachedLoader, installCacheDir } from '../../../../electron/cli/code-cache'
import { tempDir } from '../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
let chunks: string
let cache: string
/** This copy's folder in the runtime's cache folder: where its cache files are. */
let store: string
let entry: string

/** A small build like dist-electron/cli: an entry beside a chunks folder of content-named files. */
beforeEach(async () => {
  ;({ dir, cleanup } = await tempDir('xgw-code-cache-'))
  chunks = join(dir, 'cli', 'chunks')
  mkdirSync(chunks, { recursive: true })
  entry = join(dir, 'cli', 'entry.cjs')
  writeFileSync(entry, 'const a = require("./chunks/a-AAAA1111.cjs");\nmodule.exports = { total: a.sum(20, 22), base: a.base(__filename) };\n')
  writeFileSync(
    join(chunks, 'a-AAAA1111.cjs'),
    [
      'const path = require("node:path");',
      'const b = require("./b-BBBB2222.cjs");',
      'function sum(x, y) { let s = 0; for (let i = x; i <= y; i++) s += i; return s + b.offset; }',
      'exports.sum = sum;',
      'exports.base = (f) => path.basename(f);',
    ].join('\n'),
  )
  writeFileSync(join(chunks, 'b-BBBB2222.cjs'), 'exports.offset = 1000;\n')
  cache = join(dir, 'cache', 'xgw', `node-${process.version}-${process.arch}`)
  store = installCacheDir(cache, chunks)
})
afterEach(() => cleanup())

const requirePackage = (id: string): unknown => {
  throw new Error(`no package ${id} here`)
}
const loader = (cacheDir: string | null = cache, key = 'inspect') => createCachedLoader({ cacheDir, chunksDir: chunks, key, requirePackage })
const names = (l: ReturnType<typeof loader>) => l.report().map((r) => ({ file: r.file.slice(dir.length + 1), cacheable: r.cacheable, fromCache: r.fromCache }))

describe('the command line code cache folder', () => {
  const home = '/home/admin'
  it('is the per-user cache folder of each OS, by runtime, and none when turned off', () => {
    const rt = 'node-v20.20.2-x64'
    expect(codeCacheDir({ env: {}, platform: 'linux', home }, rt)).toBe('/home/admin/.cache/XMPP Gateway Wizard/xgw/node-v20.20.2-x64')
    expect(codeCacheDir({ env: { XDG_CACHE_HOME: '/var/cache/admin' }, platform: 'linux', home }, rt)).toBe('/var/cache/admin/XMPP Gateway Wizard/xgw/node-v20.20.2-x64')
    // A relative XDG_CACHE_HOME is invalid by the XDG specification: the default applies.
    expect(codeCacheDir({ env: { XDG_CACHE_HOME: 'cache' }, platform: 'linux', home }, rt)).toBe('/home/admin/.cache/XMPP Gateway Wizard/xgw/node-v20.20.2-x64')
    expect(codeCacheDir({ env: {}, platform: 'darwin', home }, rt)).toBe('/home/admin/Library/Caches/XMPP Gateway Wizard/xgw/node-v20.20.2-x64')
    const win = 'C:\\Users\\admin'
    expect(codeCacheDir({ env: { LOCALAPPDATA: 'D:\\Profiles\\admin\\Local' }, platform: 'win32', home: win }, rt)).toBe('D:\\Profiles\\admin\\Local\\XMPP Gateway Wizard\\Cache\\xgw\\node-v20.20.2-x64')
    expect(codeCacheDir({ env: {}, platform: 'win32', home: win }, rt)).toBe('C:\\Users\\admin\\AppData\\Local\\XMPP Gateway Wizard\\Cache\\xgw\\node-v20.20.2-x64')
    for (const off of ['off', 'OFF', '0', 'false', 'no']) expect(codeCacheDir({ env: { XGW_CODE_CACHE: off }, platform: 'linux', home }, rt)).toBeNull()
    expect(codeCacheDir({ env: { XGW_CODE_CACHE: 'on' }, platform: 'linux', home }, rt)).not.toBeNull()
    // HOME empty or relative: no per-user folder, so no cache (never a folder under the working folder).
    for (const bad of ['', 'rel', './home']) expect(codeCacheDir({ env: {}, platform: 'linux', home: bad }, rt)).toBeNull()
  })

  it('keys a run by its first lower-case word (the command as usually typed), never by a path', () => {
    expect(commandKey(['inspect', 'edge.pfx', '--password-file', 'pw'])).toBe('inspect')
    expect(commandKey(['--data-dir', '/srv/xgw', 'store', 'list'])).toBe('store')
    expect(commandKey(['--data-dir', 'data', 'inspect'])).toBe('data') // a cache of its own, nothing worse
    expect(commandKey(['--help'])).toBe('_')
    expect(commandKey(['../../etc/passwd', 'C:\\x', 'Inspect'])).toBe('_')
    expect(commandKey([])).toBe('_')
  })
})

describe('the cached loader', () => {
  const v8files = () => readdirSync(store).sort()
  const mtimes = () => readdirSync(store).map((f) => [f, lstatSync(join(store, f)).mtimeMs])

  it('runs the files, writes a private cache of each chunk after the run, and compiles from it the next time', () => {
    const first = loader()
    expect(first.load(entry)).toEqual({ total: 1000 + 20 + 21 + 22, base: 'entry.cjs' })
    expect(names(first)).toEqual([
      { file: 'cli/entry.cjs', cacheable: false, fromCache: false },
      { file: 'cli/chunks/a-AAAA1111.cjs', cacheable: true, fromCache: false },
      { file: 'cli/chunks/b-BBBB2222.cjs', cacheable: true, fromCache: false },
    ])
    first.save()
    // The build's chunks, in this copy's own folder of the runtime's folder.
    expect(readdirSync(cache)).toEqual([store.slice(cache.length + 1)])
    expect(v8files()).toEqual(['a-AAAA1111.cjs.inspect.v8', 'b-BBBB2222.cjs.inspect.v8'])
    if (process.platform !== 'win32') {
      for (const d of [store, cache, join(cache, '..')]) expect(lstatSync(d).mode & 0o777).toBe(0o700)
      for (const f of v8files()) expect(lstatSync(join(store, f)).mode & 0o777).toBe(0o600)
    }

    const second = loader()
    expect(second.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(second).map((r) => r.fromCache)).toEqual([false, true, true])
    const before = mtimes()
    second.save() // nothing new to write
    expect(mtimes()).toEqual(before)
  })

  it('keeps one cache per command, so each holds what its own command compiled', () => {
    const a = loader(cache, 'inspect')
    a.load(entry)
    a.save()
    const b = loader(cache, 'store')
    b.load(entry)
    expect(names(b).map((r) => r.fromCache)).toEqual([false, false, false])
    b.save()
    expect(v8files()).toEqual(['a-AAAA1111.cjs.inspect.v8', 'a-AAAA1111.cjs.store.v8', 'b-BBBB2222.cjs.inspect.v8', 'b-BBBB2222.cjs.store.v8'])
  })

  it('compiles from source when a cache is damaged (cut short, empty, one bit changed), and writes a whole one', () => {
    const first = loader()
    first.load(entry)
    first.save()
    const a = join(store, 'a-AAAA1111.cjs.inspect.v8')
    const good = readFileSync(a)
    const flipped = Buffer.from(good)
    flipped[good.length - 40]! ^= 0x01
    // V8 checks a cache's header only: it takes a cache with a changed bit in its code. The file's own digest does not.
    for (const bad of [flipped, good.subarray(0, good.length >> 1), good.subarray(0, 20), Buffer.alloc(0), Buffer.alloc(good.length, 0x5a)]) {
      writeFileSync(a, bad, { mode: 0o600 })
      const l = loader()
      expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
      expect(names(l).map((r) => r.fromCache)).toEqual([false, false, true])
      l.save()
      expect(readFileSync(a).equals(bad)).toBe(false)
      expect(readFileSync(a).length).toBeGreaterThan(32)
    }
  })

  it('runs a chunk changed in place, even to text of the same length, not its old cache', () => {
    const first = loader()
    first.load(entry)
    first.save()
    const b = join(chunks, 'b-BBBB2222.cjs')
    const text = readFileSync(b, 'utf8')
    writeFileSync(b, text.replace('1000', '2000'))
    expect(readFileSync(b, 'utf8').length).toBe(text.length) // V8 alone would take the old cache
    const l = loader()
    expect(l.load(entry)).toEqual({ total: 2063, base: 'entry.cjs' })
    expect(names(l).map((r) => r.fromCache)).toEqual([false, true, false])
  })

  it("does not use another file's cache, even a whole one", () => {
    const first = loader()
    first.load(entry)
    first.save()
    writeFileSync(join(store, 'b-BBBB2222.cjs.inspect.v8'), readFileSync(join(store, 'a-AAAA1111.cjs.inspect.v8')), { mode: 0o600 })
    const l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, true, false])
  })

  it("gives each installed copy its own folder: two copies of one build use their own caches, name their own files and keep the other's", () => {
    const copy = join(dir, 'copy')
    mkdirSync(join(copy, 'cli'), { recursive: true })
    cpSync(join(dir, 'cli'), join(copy, 'cli'), { recursive: true })
    writeFileSync(join(chunks, 'c-CCCC3333.cjs'), 'exports.where = () => new Error("here").stack;\n')
    writeFileSync(join(copy, 'cli', 'chunks', 'c-CCCC3333.cjs'), 'exports.where = () => new Error("here").stack;\n')
    const run = (root: string) => {
      const l = createCachedLoader({ cacheDir: cache, chunksDir: join(root, 'cli', 'chunks'), key: 'inspect', requirePackage })
      const c = l.load(join(root, 'cli', 'chunks', 'c-CCCC3333.cjs')) as { where(): string }
      l.load(join(root, 'cli', 'entry.cjs'))
      l.save()
      return { stack: c.where(), fromCache: l.report().map((r) => r.fromCache) }
    }
    expect(run(dir).fromCache).toEqual([false, false, false, false])
    expect(run(copy).fromCache).toEqual([false, false, false, false])
    const again = run(dir)
    expect(again.fromCache).toEqual([true, false, true, true])
    expect(again.stack).toContain(join(chunks, 'c-CCCC3333.cjs'))
    // One copy's cache put in the other's folder: the same text, another path, so not used.
    const otherStore = installCacheDir(cache, join(copy, 'cli', 'chunks'))
    const theirs = readFileSync(join(store, 'b-BBBB2222.cjs.inspect.v8'))
    writeFileSync(join(otherStore, 'b-BBBB2222.cjs.inspect.v8'), theirs, { mode: 0o600 })
    expect(run(copy).fromCache).toEqual([true, false, true, false])
    expect(readFileSync(join(otherStore, 'b-BBBB2222.cjs.inspect.v8')).equals(theirs)).toBe(false) // written again, for this copy
    const copyAgain = run(copy)
    expect(copyAgain.fromCache).toEqual([true, false, true, true])
    expect(copyAgain.stack).toContain(join(copy, 'cli', 'chunks', 'c-CCCC3333.cjs'))
    expect(readdirSync(cache).sort()).toEqual([installCacheDir(cache, chunks), installCacheDir(cache, join(copy, 'cli', 'chunks'))].map((d) => d.slice(cache.length + 1)).sort())
  })

  it("compiles from source when V8 rejects a whole cache (another source's, as after a change of runtime)", () => {
    // A chunk no earlier test compiled: V8 keeps what a process compiled and would not even look at the cache.
    const name = `d-${Date.now().toString(36).slice(-8)}.cjs`
    const file = join(chunks, name)
    const source = `exports.d = ${JSON.stringify(name)};\n`
    writeFileSync(file, source)
    const other = loader()
    other.load(entry)
    other.save()
    // The other file's cache, whole, under this file's name and with a digest made for this file: V8's own check.
    const payload = readFileSync(join(store, 'a-AAAA1111.cjs.inspect.v8')).subarray(32)
    const digest = createHash('sha256').update(file).update('\0').update(WRAP_HEAD).update(source).update(WRAP_TAIL).update('\0').update(payload).digest()
    writeFileSync(join(store, `${name}.inspect.v8`), Buffer.concat([digest, payload]), { mode: 0o600 })
    const l = loader()
    expect(l.load(file)).toEqual({ d: name })
    expect(names(l)).toEqual([{ file: `cli/chunks/${name}`, cacheable: true, fromCache: false }])
    l.save()
    expect(
      readFileSync(join(store, `${name}.inspect.v8`))
        .subarray(32)
        .equals(payload),
    ).toBe(false)
  })

  it('does not keep a file that failed to load half loaded: the next require fails the same way', () => {
    writeFileSync(join(chunks, 'e-EEEE5555.cjs'), 'exports.partial = 1;\nthrow new Error("boom");\n')
    const l = loader()
    expect(() => l.load(join(chunks, 'e-EEEE5555.cjs'))).toThrow('boom')
    expect(() => l.load(join(chunks, 'e-EEEE5555.cjs'))).toThrow('boom')
    expect(l.report()).toEqual([]) // and no cache is written for it
    l.save()
    expect(existsSync(join(store, 'e-EEEE5555.cjs.inspect.v8'))).toBe(false)
  })

  it('writes the other caches when one cannot be written, and is not stopped by what a killed run left', () => {
    mkdirSync(store, { recursive: true, mode: 0o700 })
    chmodSync(join(store, '..'), 0o700)
    chmodSync(join(store, '..', '..'), 0o700)
    // A folder where a's cache would go, and a leftover temporary file as an earlier run of this pid would have named it.
    mkdirSync(join(store, 'a-AAAA1111.cjs.inspect.v8'))
    writeFileSync(join(store, `b-BBBB2222.cjs.inspect.v8.${process.pid}.tmp`), 'half', { mode: 0o600 })
    const l = loader()
    l.load(entry)
    l.save()
    expect(lstatSync(join(store, 'b-BBBB2222.cjs.inspect.v8')).isFile()).toBe(true)
    expect(readdirSync(store).filter((f) => f.endsWith('.tmp') && !f.includes(`.${process.pid}.tmp`))).toEqual([])
  })

  it.skipIf(process.platform === 'win32')('reads no cache another user could have written: a writable folder or file, a link, and makes nothing through a link', () => {
    const first = loader()
    first.load(entry)
    first.save()
    const a = join(store, 'a-AAAA1111.cjs.inspect.v8')

    chmodSync(a, 0o666)
    let l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, false, true])
    chmodSync(a, 0o600)

    // This copy's folder, the runtime's and xgw's: each made by the loader, each checked.
    for (const folder of [store, cache, join(cache, '..')]) {
      chmodSync(folder, 0o777)
      l = loader()
      expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
      expect(names(l).map((r) => r.fromCache)).toEqual([false, false, false])
      const written = mtimes()
      l.save() // a folder others can write to gets nothing either
      expect(mtimes()).toEqual(written)
      chmodSync(folder, 0o700)
    }

    // A cache file that is a link to a file elsewhere, even to its own good cache.
    const b = join(store, 'b-BBBB2222.cjs.inspect.v8')
    const elsewhere = join(dir, 'elsewhere.v8')
    writeFileSync(elsewhere, readFileSync(b), { mode: 0o600 })
    rmSync(b)
    symlinkSync(elsewhere, b)
    l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, true, false])

    // The runtime folder itself a link to a folder elsewhere: nothing is made in it.
    const other = join(dir, 'other-runtime')
    mkdirSync(other, { mode: 0o700 })
    const linked = join(dir, 'cache', 'xgw', 'node-v0.0.0-linked')
    symlinkSync(other, linked)
    l = loader(linked)
    l.load(entry)
    l.save()
    expect(readdirSync(other)).toEqual([])
  })

  it.skipIf(process.getuid?.() !== 0)('reads no cache owned by another user (runs as root, which can give a file away)', () => {
    const first = loader()
    first.load(entry)
    first.save()
    chownSync(join(store, 'a-AAAA1111.cjs.inspect.v8'), 65534, 65534)
    const l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, false, true])
    chownSync(cache, 65534, 65534)
    const m = loader()
    m.load(entry)
    expect(names(m).map((r) => r.fromCache)).toEqual([false, false, false])
  })

  it.skipIf(process.getuid?.() !== 0)("creates nothing in another user's folder (sudo with the admin's HOME; runs as root)", () => {
    const adminCache = join(dir, 'admin-cache')
    mkdirSync(adminCache)
    chownSync(adminCache, 65534, 65534)
    const l = loader(join(adminCache, 'XMPP Gateway Wizard', 'xgw', `node-${process.version}-${process.arch}`))
    expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(l).map((r) => r.cacheable)).toEqual([false, false, false])
    l.save()
    expect(readdirSync(adminCache)).toEqual([])
  })

  it.skipIf(process.platform === 'win32')('uses no folder it could not write in (0600), and saving there throws nothing', () => {
    const first = loader()
    first.load(entry)
    first.save()
    chmodSync(store, 0o600)
    const l = loader()
    expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(l).map((r) => r.cacheable)).toEqual([false, false, false])
    expect(() => l.save()).not.toThrow()
    chmodSync(store, 0o700)
  })

  it('marks its folder as used when a run took every cache, so other copies do not prune it as unused', () => {
    const first = loader()
    first.load(entry)
    first.save()
    const monthAgo = (Date.now() - 31 * 24 * 3_600_000) / 1000
    for (const d of [store, cache]) utimesSync(d, monthAgo, monthAgo)
    const l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, true, true])
    l.save()
    for (const d of [store, cache]) expect(lstatSync(d).mtimeMs).toBeGreaterThan(Date.now() - 60_000)
  })

  it('turned off, compiles from source and writes nothing', () => {
    const l = loader(null)
    expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(l).map((r) => r.cacheable)).toEqual([false, false, false])
    l.save()
    expect(existsSync(join(dir, 'cache'))).toBe(false)
  })

  it('when it writes, removes the caches of chunks no longer built, and other copies and runtimes only once unused for 30 days', () => {
    mkdirSync(store, { recursive: true, mode: 0o700 })
    writeFileSync(join(store, 'a-OLDHASH0.cjs.inspect.v8'), 'stale', { mode: 0o600 })
    writeFileSync(join(store, 'notes.txt'), 'not ours to remove', { mode: 0o600 })
    const monthAgo = (Date.now() - 31 * 24 * 3_600_000) / 1000
    const folder = (path: string, old: boolean) => {
      mkdirSync(path, { recursive: true, mode: 0o700 })
      writeFileSync(join(path, 'a-AAAA1111.cjs.inspect.v8'), 'x', { mode: 0o600 })
      if (old) utimesSync(path, monthAgo, monthAgo)
      return path
    }
    const oldRuntime = folder(join(cache, '..', 'node-v18.20.0-x64'), true)
    const recentRuntime = folder(join(cache, '..', 'node-v22.22.0-x64'), false)
    const oldCopy = folder(join(cache, '0123456789abcdef'), true)
    const recentCopy = folder(join(cache, 'fedcba9876543210'), false)
    const unrelated = folder(join(cache, '..', 'something-else'), true)
    // A cache of the first layout, straight in the runtime's folder.
    writeFileSync(join(cache, 'a-AAAA1111.cjs.inspect.v8'), 'x', { mode: 0o600 })
    const l = loader()
    l.load(entry)
    l.save()
    expect(v8files()).toEqual(['a-AAAA1111.cjs.inspect.v8', 'b-BBBB2222.cjs.inspect.v8', 'notes.txt'])
    expect([oldRuntime, recentRuntime, oldCopy, recentCopy, unrelated, join(cache, 'a-AAAA1111.cjs.inspect.v8')].map(existsSync)).toEqual([false, true, false, true, true, false])
  })

  it('leaves packages and node: modules to Node, and a failing package surfaces as the error it is', () => {
    writeFileSync(join(chunks, 'c-CCCC3333.cjs'), 'exports.z = require("zod");\n')
    const l = createCachedLoader({ cacheDir: cache, chunksDir: chunks, key: 'x', requirePackage: (id) => ({ pkg: id }) })
    expect(l.load(join(chunks, 'c-CCCC3333.cjs'))).toEqual({ z: { pkg: 'zod' } })
    const m = loader()
    expect(() => m.load(join(chunks, 'c-CCCC3333.cjs'))).toThrow('no package zod here')
  })
})

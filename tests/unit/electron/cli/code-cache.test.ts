import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { codeCacheDir, commandKey, createCachedLoader } from '../../../../electron/cli/code-cache'
import { tempDir } from '../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
let chunks: string
let cache: string
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
  })

  it('keys a run by its command word, and never by a path or anything else the admin typed', () => {
    expect(commandKey(['inspect', 'edge.pfx', '--password-file', 'pw'])).toBe('inspect')
    expect(commandKey(['--data-dir', '/srv/xgw', 'store', 'list'])).toBe('store')
    expect(commandKey(['--help'])).toBe('_')
    expect(commandKey(['../../etc/passwd', 'C:\\x', 'Inspect'])).toBe('_')
    expect(commandKey([])).toBe('_')
  })
})

describe('the cached loader', () => {
  it('runs the files, writes a private cache of each chunk after the run, and compiles from it the next time', () => {
    const first = loader()
    expect(first.load(entry)).toEqual({ total: 1000 + 20 + 21 + 22, base: 'entry.cjs' })
    expect(names(first)).toEqual([
      { file: 'cli/entry.cjs', cacheable: false, fromCache: false },
      { file: 'cli/chunks/a-AAAA1111.cjs', cacheable: true, fromCache: false },
      { file: 'cli/chunks/b-BBBB2222.cjs', cacheable: true, fromCache: false },
    ])
    first.save()
    // Only the content-named chunks: the entry's name says nothing about its content.
    expect(readdirSync(cache).sort()).toEqual(['a-AAAA1111.cjs.inspect.v8', 'b-BBBB2222.cjs.inspect.v8'])
    if (process.platform !== 'win32') {
      expect(lstatSync(cache).mode & 0o777).toBe(0o700)
      for (const f of readdirSync(cache)) expect(lstatSync(join(cache, f)).mode & 0o777).toBe(0o600)
    }

    const second = loader()
    expect(second.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(second).map((r) => r.fromCache)).toEqual([false, true, true])
    const before = readdirSync(cache).map((f) => lstatSync(join(cache, f)).mtimeMs)
    second.save() // nothing new to write
    expect(readdirSync(cache).map((f) => lstatSync(join(cache, f)).mtimeMs)).toEqual(before)
  })

  it('keeps one cache per command, so each holds what its own command compiled', () => {
    const a = loader(cache, 'inspect')
    a.load(entry)
    a.save()
    const b = loader(cache, 'store')
    b.load(entry)
    expect(names(b).map((r) => r.fromCache)).toEqual([false, false, false])
    b.save()
    expect(readdirSync(cache).sort()).toEqual(['a-AAAA1111.cjs.inspect.v8', 'a-AAAA1111.cjs.store.v8', 'b-BBBB2222.cjs.inspect.v8', 'b-BBBB2222.cjs.store.v8'])
  })

  it('compiles from source when a cache is damaged (cut short, empty, one bit changed), and writes a whole one', () => {
    const first = loader()
    first.load(entry)
    first.save()
    const a = join(cache, 'a-AAAA1111.cjs.inspect.v8')
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

  it("does not use another file's cache, even a whole one: the digest names the file it was made for", () => {
    const first = loader()
    first.load(entry)
    first.save()
    const a = join(cache, 'a-AAAA1111.cjs.inspect.v8')
    const b = join(cache, 'b-BBBB2222.cjs.inspect.v8')
    writeFileSync(b, readFileSync(a), { mode: 0o600 })
    const l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, true, false])
  })

  it("compiles from source when V8 rejects a whole cache (another source's, as after a change of runtime)", () => {
    // A chunk no earlier test compiled: V8 keeps what a process compiled and would not even look at the cache.
    const name = `d-${Date.now().toString(36).slice(-8)}.cjs`
    writeFileSync(join(chunks, name), `exports.d = ${JSON.stringify(name)};\n`)
    const other = loader()
    other.load(entry)
    other.save()
    // The other file's cache, whole, under this file's name and with a digest made for this name: V8's own check.
    const payload = readFileSync(join(cache, 'a-AAAA1111.cjs.inspect.v8')).subarray(32)
    writeFileSync(join(cache, `${name}.inspect.v8`), Buffer.concat([createHash('sha256').update(name).update(payload).digest(), payload]), { mode: 0o600 })
    const l = loader()
    expect(l.load(join(chunks, name))).toEqual({ d: name })
    expect(names(l)).toEqual([{ file: `cli/chunks/${name}`, cacheable: true, fromCache: false }])
    l.save()
    expect(readFileSync(join(cache, `${name}.inspect.v8`)).equals(readFileSync(join(cache, 'a-AAAA1111.cjs.inspect.v8')))).toBe(false)
  })

  it.skipIf(process.platform === 'win32')('reads no cache another user could have written: a writable folder, a writable file, a link', () => {
    const first = loader()
    first.load(entry)
    first.save()
    const a = join(cache, 'a-AAAA1111.cjs.inspect.v8')

    chmodSync(a, 0o666)
    let l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, false, true])
    chmodSync(a, 0o600)

    chmodSync(cache, 0o777)
    l = loader()
    expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(l).map((r) => r.fromCache)).toEqual([false, false, false])
    const written = readdirSync(cache).map((f) => [f, lstatSync(join(cache, f)).mtimeMs])
    l.save() // a folder others can write to gets nothing either
    expect(readdirSync(cache).map((f) => [f, lstatSync(join(cache, f)).mtimeMs])).toEqual(written)
    chmodSync(cache, 0o700)

    // The folder above the runtime's, which this created too.
    chmodSync(join(cache, '..'), 0o777)
    l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, false, false])
    chmodSync(join(cache, '..'), 0o700)

    // A cache file that is a link to a file elsewhere, even a good cache.
    const elsewhere = join(dir, 'elsewhere.v8')
    writeFileSync(elsewhere, readFileSync(a), { mode: 0o600 })
    const b = join(cache, 'b-BBBB2222.cjs.inspect.v8')
    rmSync(b)
    symlinkSync(elsewhere, b)
    l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, true, false])

    // The runtime folder itself a link to a folder elsewhere.
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
    chownSync(join(cache, 'a-AAAA1111.cjs.inspect.v8'), 65534, 65534)
    const l = loader()
    l.load(entry)
    expect(names(l).map((r) => r.fromCache)).toEqual([false, false, true])
    chownSync(join(cache, '..'), 65534, 65534)
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

  it('turned off, compiles from source and writes nothing', () => {
    const l = loader(null)
    expect(l.load(entry)).toEqual({ total: 1063, base: 'entry.cjs' })
    expect(names(l).map((r) => r.cacheable)).toEqual([false, false, false])
    l.save()
    expect(existsSync(join(dir, 'cache'))).toBe(false)
  })

  it('removes the caches of files no longer built and of other runtimes when it writes, and nothing else', () => {
    mkdirSync(cache, { recursive: true, mode: 0o700 })
    writeFileSync(join(cache, 'a-OLDHASH0.cjs.inspect.v8'), 'stale', { mode: 0o600 })
    writeFileSync(join(cache, 'notes.txt'), 'not ours to remove', { mode: 0o600 })
    const oldRuntime = join(cache, '..', 'node-v18.20.0-x64')
    mkdirSync(oldRuntime, { mode: 0o700 })
    writeFileSync(join(oldRuntime, 'a-AAAA1111.cjs.inspect.v8'), 'old', { mode: 0o600 })
    const unrelated = join(cache, '..', 'something-else')
    mkdirSync(unrelated)
    const l = loader()
    l.load(entry)
    l.save()
    expect(readdirSync(cache).sort()).toEqual(['a-AAAA1111.cjs.inspect.v8', 'b-BBBB2222.cjs.inspect.v8', 'notes.txt'])
    expect(existsSync(oldRuntime)).toBe(false)
    expect(existsSync(unrelated)).toBe(true)
  })

  it('leaves packages and node: modules to Node, and a failing package surfaces as the error it is', () => {
    writeFileSync(join(chunks, 'c-CCCC3333.cjs'), 'exports.z = require("zod");\n')
    const l = createCachedLoader({ cacheDir: cache, chunksDir: chunks, key: 'x', requirePackage: (id) => ({ pkg: id }) })
    expect(l.load(join(chunks, 'c-CCCC3333.cjs'))).toEqual({ z: { pkg: 'zod' } })
    const m = loader()
    expect(() => m.load(join(chunks, 'c-CCCC3333.cjs'))).toThrow('no package zod here')
  })
})

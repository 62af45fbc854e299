import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync, constants as fsConstants } from 'node:fs'
import { createHash, randomBytes } from 'node:crypto'
import { homedir } from 'node:os'
import { basename, dirname, join, posix, resolve, win32 } from 'node:path'
import { Script } from 'node:vm'

/**
 * Loads the command line's CommonJS files (dist-electron/cli, built by vite.electron.config.ts
 * --mode cli) with V8 code caches, so that a one-shot `xgw inspect` does not compile its modules
 * from source on every start (issue 12: within 1.5x of `node -e 0`). Node 20 has no compile cache
 * of its own (22.1's module.enableCompileCache is newer), so this does what it would: V8 compiles
 * a file's functions from the cache, checks the cache against its own version and flags and the
 * source's length, and compiles from source whenever it rejects one.
 *
 * A code cache is input V8 executes without further checks, so it is only read from a folder of
 * the user's own: not a shared temp folder another local account could write to. The folder is the
 * OS's per-user cache folder, one subfolder per Node version and per installed copy of the command
 * line; on POSIX each folder this makes must be a real directory owned by this user and writable by
 * no one else, and so must each file in it (opened without following a link), or the command line
 * just compiles from source. V8 does not check a cache's bytes, nor the source's beyond its length,
 * so each file starts with the SHA-256 of the built file's path, its source text and the cache, and
 * a file that does not match (cut short, damaged on disk, made for another file or for this file
 * before it changed) is not used. XGW_CODE_CACHE=off turns the cache off.
 */

/** The app's folder name in the OS cache folder, as the data folder's (electron/app/paths.ts). */
const APP_DIR_NAME = 'XMPP Gateway Wizard'
/** Larger cache files are not read: the whole command line's caches are a few hundred KB. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024
/** A cache file: the built file's name and the command it was made by. */
const CACHE_FILE = /^(.+\.cjs)\.([a-z][a-z-]{0,31}|_)\.v8$/
/** The folders of other runtimes and of other installed copies: removed once unused this long. */
const RUNTIME_DIR = /^node-v\d+\.\d+\.\d+-[a-z0-9]+$/
const INSTALL_DIR = /^[0-9a-f]{16}$/
const UNUSED_MS = 30 * 24 * 3_600_000

/** Node's CommonJS function wrapper (module.wrap), written out: importing node:module starts part of the ES module loader. */
export const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { '
export const WRAP_TAIL = '\n});'

interface Where {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
}

/** The per-user cache folder for this runtime's caches (each installed copy gets a folder in it), or null when caching is off. */
export function codeCacheDir({ env, platform, home }: Where, runtime = `node-${process.version}-${process.arch}`): string | null {
  const path = platform === 'win32' ? win32 : posix
  // Without an absolute home folder (HOME empty or relative) there is no per-user folder to use.
  if (/^(off|0|false|no)$/i.test(env.XGW_CODE_CACHE ?? '') || !path.isAbsolute(home)) return null
  // A relative folder in these variables is not one (XDG Base Directory specification): the default applies.
  const absolute = (p: string | undefined) => (p && path.isAbsolute(p) ? p : undefined)
  let root: string
  if (platform === 'win32') root = path.join(absolute(env.LOCALAPPDATA) ?? path.join(home, 'AppData', 'Local'), APP_DIR_NAME, 'Cache')
  else if (platform === 'darwin') root = path.join(home, 'Library', 'Caches', APP_DIR_NAME)
  else root = path.join(absolute(env.XDG_CACHE_HOME) ?? path.join(home, '.cache'), APP_DIR_NAME)
  return path.join(root, 'xgw', runtime)
}

/**
 * The cache key for a run: its first lower-case word, which is the command as it is usually typed
 * (`inspect`, `store`), so each command caches what it compiled. A value of an option typed before
 * the command (`--data-dir data inspect`) only makes a cache of its own; paths and anything with a
 * capital, a dot or a slash are never a key.
 */
export function commandKey(argv: readonly string[]): string {
  return argv.find((a) => /^[a-z][a-z-]{0,31}$/.test(a)) ?? '_'
}

/** Whether a file or folder, by its stat, is this user's alone to change (POSIX; Windows folders are per-user by their ACL). */
function ownedPrivately(st: { uid: number; mode: number }): boolean {
  return process.getuid === undefined || (st.uid === process.getuid() && (st.mode & 0o022) === 0)
}
/** A private folder this user can also list and write in (a 0600 folder would fail every write). */
const usableDir = (st: { uid: number; mode: number; isDirectory(): boolean }) => st.isDirectory() && ownedPrivately(st) && (process.getuid === undefined || (st.mode & 0o700) === 0o700)

/** The nearest folder at or above `dir` that exists. */
function nearestExisting(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d) || dirname(d) === d) return d
  }
}

/**
 * Makes the cache folder and the two above it (the runtime's and `xgw`) one at a time (0700),
 * each checked before anything is made in it: a folder of someone else's, or a link, in the chain
 * could swap what is below it. Null when any is not a private folder of this user.
 */
function privateDir(dir: string): string | null {
  try {
    const chain = [dirname(dirname(dir)), dirname(dir), dir]
    // Only under a folder of this user's: `sudo xgw …` with the admin's HOME would otherwise leave
    // root's folders in the admin's cache folder, where the admin's own runs could not use them.
    if (process.getuid !== undefined && statSync(nearestExisting(chain[0]!)).uid !== process.getuid()) return null
    mkdirSync(dirname(chain[0]!), { recursive: true, mode: 0o700 })
    for (const d of chain) {
      try {
        mkdirSync(d, { mode: 0o700 })
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      }
      if (!usableDir(lstatSync(d))) return null
    }
    return dir
  } catch {
    return null
  }
}

const DIGEST = 32
/**
 * What a cache file starts with: binds the cache to the file it was made for, by its path and the
 * exact text V8 compiled (the file's source in this loader's wrapper).
 */
export const cacheDigest = (built: string, source: string, payload: Uint8Array) => createHash('sha256').update(built).update('\0').update(WRAP_HEAD).update(source).update(WRAP_TAIL).update('\0').update(payload).digest()

/** The cache in `file` for `built` with this `source`, when it is a private regular file of this user, not too large, whole and made for it. */
function readCache(file: string, built: string, source: string): Buffer | undefined {
  const bytes = readPrivateFile(file)
  if (!bytes || bytes.length <= DIGEST) return undefined
  const payload = bytes.subarray(DIGEST)
  return cacheDigest(built, source, payload).equals(bytes.subarray(0, DIGEST)) ? payload : undefined
}

function readPrivateFile(file: string): Buffer | undefined {
  let fd: number | undefined
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0))
    const st = fstatSync(fd)
    if (!st.isFile() || !ownedPrivately(st) || st.size > MAX_CACHE_BYTES) return undefined
    return readFileSync(fd)
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

interface Loaded {
  file: string
  source: string
  script: Script
  cacheable: boolean
  /** Whether V8 compiled it from a cache. */
  fromCache: boolean
}

export interface CachedLoader {
  /** require() of a built file: its own relative requires load the same way, packages and node: modules through Node. */
  load(file: string): unknown
  /** Writes a cache for every file compiled from source in this run. Never throws. */
  save(): void
  /** What each loaded file was compiled from (the tests ask). */
  report(): { file: string; cacheable: boolean; fromCache: boolean }[]
}

/** The folder in a runtime's cache folder for the command line built in `chunksDir`: each installed copy has its own. */
export function installCacheDir(cacheDir: string, chunksDir: string): string {
  return join(cacheDir, createHash('sha256').update(chunksDir).digest('hex').slice(0, 16))
}

/**
 * A CommonJS loader for the built command line's own files. The files in `chunksDir` (the build's
 * chunks) are cached, in this copy's folder of `cacheDir`; `cacheDir` null compiles everything
 * from source and saves nothing.
 */
export function createCachedLoader(opts: { cacheDir: string | null; chunksDir: string; key: string; requirePackage: (id: string) => unknown }): CachedLoader {
  const { chunksDir, key, requirePackage } = opts
  const dir = opts.cacheDir === null ? null : privateDir(installCacheDir(opts.cacheDir, chunksDir))
  const modules = new Map<string, { exports: unknown }>()
  const loaded: Loaded[] = []
  const cacheFile = (file: string) => join(dir!, `${basename(file)}.${key}.v8`)

  const load = (file: string): unknown => {
    const known = modules.get(file)
    if (known) return known.exports
    const cacheable = dir !== null && dirname(file) === chunksDir
    const source = readFileSync(file, 'utf8')
    const cachedData = cacheable ? readCache(cacheFile(file), file, source) : undefined
    const script = new Script(WRAP_HEAD + source + WRAP_TAIL, { filename: file, cachedData })
    loaded.push({ file, source, script, cacheable, fromCache: cachedData !== undefined && !script.cachedDataRejected })
    const module = { exports: {} as unknown, filename: file, id: file, loaded: false }
    modules.set(file, module)
    const req = (id: string) => {
      if (id.startsWith('./') || id.startsWith('../')) return load(resolve(dirname(file), id))
      return id.startsWith('node:') ? process.getBuiltinModule(id) : requirePackage(id)
    }
    const fn = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void
    try {
      fn.call(module.exports, module.exports, req, module, file, dirname(file))
    } catch (e) {
      // As Node does: a file that failed to load is not kept half loaded; the next require tries again.
      modules.delete(file)
      loaded.splice(
        loaded.findIndex((l) => l.script === script),
        1,
      )
      throw e
    }
    module.loaded = true
    return module.exports
  }

  // A full disk, a read-only home or a race with another process only costs the speed-up: nothing
  // here throws into the process's exit.
  const save = () => {
    if (dir === null) return
    const fresh = loaded.filter((l) => l.cacheable && !l.fromCache)
    if (fresh.length === 0) {
      markUsed(dir)
      return
    }
    for (const l of fresh) {
      const target = cacheFile(l.file)
      // A name no other process (nor this pid's earlier run) can be writing.
      const temp = `${target}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`
      try {
        // Made after the run, so the cache holds every function this command compiled, not only the top level.
        const payload = l.script.createCachedData()
        writeFileSync(temp, Buffer.concat([cacheDigest(l.file, l.source, payload), payload]), { mode: 0o600, flag: 'wx' })
        renameSync(temp, target)
      } catch {
        ignoreErrors(() => rmSync(temp, { force: true }))
      }
    }
    try {
      prune(dir, new Set(readdirSync(chunksDir)))
    } catch {
      // Another process pruning at the same time.
    }
  }

  return { load, save, report: () => loaded.map(({ file, cacheable, fromCache }) => ({ file, cacheable, fromCache })) }
}

/**
 * Removes, in this copy's folder, the caches of files its build no longer has (every build names
 * its chunks by their content) and what a process stopped mid-write left; and the folders of other
 * copies and other runtimes once unused for 30 days (a copy or a Node version still in use only
 * has its caches written again). So a global `xgw` beside a development copy, or two Node versions
 * in turn, do not remove each other's caches on every run.
 */
function prune(dir: string, current: ReadonlySet<string>): void {
  const now = Date.now()
  const mtime = (p: string) => lstatSync(p).mtimeMs
  for (const name of readdirSync(dir)) {
    const m = CACHE_FILE.exec(name)
    // A recent temporary file may be another process's, about to be renamed.
    if ((m && !current.has(m[1]!)) || (!m && name.endsWith('.tmp') && mtime(join(dir, name)) < now - 3_600_000)) ignoreErrors(() => unlinkSync(join(dir, name)))
  }
  const runtime = dirname(dir)
  const xgw = dirname(runtime)
  const old = (folder: string, name: string, pattern: RegExp, self: string) => pattern.test(name) && name !== self && mtime(join(folder, name)) < now - UNUSED_MS
  for (const name of readdirSync(runtime)) {
    if (old(runtime, name, INSTALL_DIR, basename(dir))) ignoreErrors(() => rmSync(join(runtime, name), { recursive: true, force: true }))
    // Cache files of the first layout, which kept them straight in the runtime's folder.
    else if (CACHE_FILE.test(name)) ignoreErrors(() => unlinkSync(join(runtime, name)))
  }
  for (const name of readdirSync(xgw)) if (old(xgw, name, RUNTIME_DIR, basename(runtime))) ignoreErrors(() => rmSync(join(xgw, name), { recursive: true, force: true }))
}

function ignoreErrors(f: () => void): void {
  try {
    f()
  } catch {
    // Another process got there first, or the file system said no: only speed is lost.
  }
}

/**
 * Marks this copy's folder, and its runtime's, as in use when a run took every cache and so wrote
 * nothing: other copies prune folders by when they last changed. At most once a day.
 */
function markUsed(dir: string): void {
  const now = Date.now()
  for (const d of [dir, dirname(dir)]) {
    ignoreErrors(() => {
      if (lstatSync(d).mtimeMs < now - 24 * 3_600_000) utimesSync(d, now / 1000, now / 1000)
    })
  }
}

/**
 * What bin/xgw.cjs runs: the built command line (`entry`, beside its chunks folder) from cached
 * code, caches written at exit. `requirePackage` is the launcher's require, for the packages the
 * command line leaves in node_modules (zod, node-forge).
 */
export function runCommandLine(entry: string, argv: readonly string[], requirePackage: (id: string) => unknown): void {
  const cacheDir = codeCacheDir({ env: process.env, platform: process.platform, home: homedir() })
  const loader = createCachedLoader({ cacheDir, chunksDir: join(dirname(entry), 'chunks'), key: commandKey(argv), requirePackage })
  process.once('exit', () => loader.save())
  loader.load(entry)
}

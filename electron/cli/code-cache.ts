import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync, constants as fsConstants } from 'node:fs'
import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import { basename, dirname, join, posix, resolve, win32 } from 'node:path'
import { Script } from 'node:vm'

/**
 * Loads the command line's CommonJS files (dist-electron/cli, built by vite.electron.config.ts
 * --mode cli) with V8 code caches, so that a one-shot `xgw inspect` does not compile its modules
 * from source on every start (issue 12: within 1.5x of `node -e 0`). Node 20 has no compile cache
 * of its own (22.1's module.enableCompileCache is newer), so this does what it would: V8 compiles
 * a file's functions from the cache, checks the cache against the source, its own version and its
 * flags, and compiles from source whenever it rejects one.
 *
 * A code cache is input V8 executes without further checks, so it is only read from a folder of
 * the user's own: not a shared temp folder another local account could write to. The folder is the
 * OS's per-user cache folder; on POSIX it must be a real directory owned by this user and writable
 * by no one else, and so must each file in it, or the command line just compiles from source.
 * V8 itself does not check a cache's bytes beyond its header, so each file starts with the SHA-256
 * of the built file's name and the cache, and a file that does not match it (cut short, damaged on
 * disk, another file's cache) is not used.
 * XGW_CODE_CACHE=off turns the cache off.
 */

/** The app's folder name in the OS cache folder, as the data folder's (electron/app/paths.ts). */
const APP_DIR_NAME = 'XMPP Gateway Wizard'
/** Larger cache files are not read: the whole command line's caches are a few hundred KB. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024
/** The caches of one command line build and runtime: file names are the built files' (content-hashed) names. */
const CACHE_FILE = /^(.+\.cjs)\.([a-z][a-z-]{0,31}|_)\.v8$/
const RUNTIME_DIR = /^node-v\d+\.\d+\.\d+-[a-z0-9]+$/

interface Where {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
}

/** The per-user cache folder for this runtime's caches, or null when caching is off. */
export function codeCacheDir({ env, platform, home }: Where, runtime = `node-${process.version}-${process.arch}`): string | null {
  if (/^(off|0|false|no)$/i.test(env.XGW_CODE_CACHE ?? '')) return null
  const path = platform === 'win32' ? win32 : posix
  // A relative folder in these variables is not one (XDG Base Directory specification): the default applies.
  const absolute = (p: string | undefined) => (p && path.isAbsolute(p) ? p : undefined)
  let root: string
  if (platform === 'win32') root = path.join(absolute(env.LOCALAPPDATA) ?? path.join(home, 'AppData', 'Local'), APP_DIR_NAME, 'Cache')
  else if (platform === 'darwin') root = path.join(home, 'Library', 'Caches', APP_DIR_NAME)
  else root = path.join(absolute(env.XDG_CACHE_HOME) ?? path.join(home, '.cache'), APP_DIR_NAME)
  return path.join(root, 'xgw', runtime)
}

/** The cache key for a run: its command word (`inspect`, `store`), so each command caches what it compiled. */
export function commandKey(argv: readonly string[]): string {
  return argv.find((a) => /^[a-z][a-z-]{0,31}$/.test(a)) ?? '_'
}

/** Whether a file or folder, by its stat, is this user's alone to change (POSIX; Windows folders are per-user by their ACL). */
function ownedPrivately(st: { uid: number; mode: number }): boolean {
  return process.getuid === undefined || (st.uid === process.getuid() && (st.mode & 0o022) === 0)
}

/** The nearest folder at or above `dir` that exists. */
function nearestExisting(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d) || dirname(d) === d) return d
  }
}

/** Makes the cache folder (0700) and checks it; null when it is not a private folder of this user. */
function privateDir(dir: string): string | null {
  try {
    // Only under a folder of this user's: `sudo xgw …` with the admin's HOME would otherwise leave
    // root's folders in the admin's cache folder, where the admin's own runs could not use them.
    if (process.getuid !== undefined && lstatSync(nearestExisting(dir)).uid !== process.getuid()) return null
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    // Every folder this created, and the one above the runtime folder: an attacker's folder in the
    // chain could swap what is below it.
    for (const d of [dir, dirname(dir)]) {
      const st = lstatSync(d)
      if (!st.isDirectory() || !ownedPrivately(st)) return null
    }
    return dir
  } catch {
    return null
  }
}

const DIGEST = 32
/** What a cache file starts with: binds the cache to the (content-named) file it was made for. */
const digest = (builtName: string, payload: Uint8Array) => createHash('sha256').update(builtName).update(payload).digest()

/** The cache for `builtName` in `file`, when that is a private regular file of this user, not too large, whole and made for it. */
function readCache(file: string, builtName: string): Buffer | undefined {
  const bytes = readPrivateFile(file)
  if (!bytes || bytes.length <= DIGEST) return undefined
  const payload = bytes.subarray(DIGEST)
  return digest(builtName, payload).equals(bytes.subarray(0, DIGEST)) ? payload : undefined
}

function readPrivateFile(file: string): Buffer | undefined {
  let fd: number | undefined
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0))
    const st = fstatSync(fd)
    if (!st.isFile() || !ownedPrivately(st) || st.size > MAX_CACHE_BYTES) return undefined
    const buf = Buffer.allocUnsafe(st.size)
    let at = 0
    while (at < st.size) {
      const n = readSync(fd, buf, at, st.size - at, at)
      if (n === 0) return undefined
      at += n
    }
    return buf
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

interface Loaded {
  file: string
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

/** Node's CommonJS function wrapper (module.wrap), written out: importing node:module starts part of the ES module loader. */
const WRAP_HEAD = '(function (exports, require, module, __filename, __dirname) { '
const WRAP_TAIL = '\n});'

/**
 * A CommonJS loader for the built command line's own files. Only the files in `chunksDir` are
 * cached: the build names each by a hash of its content, and a cache must never outlive the text
 * it was made from, because V8 checks a cache against the length of the source, not its content.
 * `cacheDir` null compiles everything from source and saves nothing.
 */
export function createCachedLoader(opts: { cacheDir: string | null; chunksDir: string; key: string; requirePackage: (id: string) => unknown }): CachedLoader {
  const { chunksDir, key, requirePackage } = opts
  const dir = opts.cacheDir === null ? null : privateDir(opts.cacheDir)
  const modules = new Map<string, { exports: unknown }>()
  const loaded: Loaded[] = []
  const cacheFile = (file: string) => join(dir!, `${basename(file)}.${key}.v8`)

  const load = (file: string): unknown => {
    const known = modules.get(file)
    if (known) return known.exports
    const cacheable = dir !== null && dirname(file) === chunksDir
    const cachedData = cacheable ? readCache(cacheFile(file), basename(file)) : undefined
    const script = new Script(WRAP_HEAD + readFileSync(file, 'utf8') + WRAP_TAIL, { filename: file, cachedData })
    loaded.push({ file, script, cacheable, fromCache: cachedData !== undefined && !script.cachedDataRejected })
    const module = { exports: {} as unknown, filename: file, id: file, loaded: false }
    modules.set(file, module)
    const req = (id: string) => {
      if (id.startsWith('./') || id.startsWith('../')) return load(resolve(dirname(file), id))
      return id.startsWith('node:') ? process.getBuiltinModule(id) : requirePackage(id)
    }
    const fn = script.runInThisContext() as (exports: unknown, require: unknown, module: unknown, filename: string, dirname: string) => void
    fn.call(module.exports, module.exports, req, module, file, dirname(file))
    module.loaded = true
    return module.exports
  }

  const save = () => {
    if (dir === null) return
    try {
      const fresh = loaded.filter((l) => l.cacheable && !l.fromCache)
      if (fresh.length === 0) return
      for (const l of fresh) {
        const target = cacheFile(l.file)
        const temp = `${target}.${process.pid}.tmp`
        // Made after the run, so the cache holds every function this command compiled, not only the top level.
        const payload = l.script.createCachedData()
        writeFileSync(temp, Buffer.concat([digest(basename(l.file), payload), payload]), { mode: 0o600, flag: 'wx' })
        renameSync(temp, target)
      }
      prune(dir, new Set(readdirSync(chunksDir)))
    } catch {
      // A full disk or a read-only home only costs the speed-up.
    }
  }

  return { load, save, report: () => loaded.map(({ file, cacheable, fromCache }) => ({ file, cacheable, fromCache })) }
}

/**
 * Removes the caches of files no longer built (every build names its files by their content) and
 * of other runtimes, so the folder holds one build's caches for one runtime.
 */
function prune(dir: string, current: ReadonlySet<string>): void {
  const hourAgo = Date.now() - 3_600_000
  for (const name of readdirSync(dir)) {
    const m = CACHE_FILE.exec(name)
    if (m && !current.has(m[1]!)) unlinkSync(join(dir, name))
    // What a process stopped mid-write left; a recent one may be another process's, about to be renamed.
    else if (!m && name.endsWith('.tmp') && lstatSync(join(dir, name)).mtimeMs < hourAgo) unlinkSync(join(dir, name))
  }
  const runtimes = dirname(dir)
  for (const name of readdirSync(runtimes)) {
    if (RUNTIME_DIR.test(name) && name !== basename(dir)) rmSync(join(runtimes, name), { recursive: true, force: true })
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

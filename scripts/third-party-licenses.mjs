#!/usr/bin/env node
// Build step (after `vite build` of renderer and Electron bundles): writes dist/third-party-licenses.json
// and dist/build-info.json, which About shows. The list is made from the installed packages that ship:
//  - what the renderer and preload bundles really contain (.bundled-packages-*.json, written by
//    scripts/vite-bundled-packages.mjs during the builds);
//  - the runtime "dependencies" and everything they depend on, which electron-builder packs into
//    app.asar's node_modules (the Node bundles keep them external);
//  - Electron itself, whose executable carries Chromium and Node.js.
// Usage: node scripts/third-party-licenses.mjs [--root DIR]   (exit 1 when a shipped package has no licence at all)
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const args = process.argv.slice(2)
const root = resolve(args.includes('--root') ? args[args.indexOf('--root') + 1] : new URL('..', import.meta.url).pathname)
const readJson = (f) => JSON.parse(readFileSync(f, 'utf8'))
const pkg = readJson(join(root, 'package.json'))

/** Node's lookup: <dir>/node_modules/<name>, then each parent folder up to the project root. */
function findPackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dir === root || dir === dirname(dir)) return null
  }
}

const shipped = new Map() // package dir -> reasons
const add = (dir, why) => shipped.set(dir, [...new Set([...(shipped.get(dir) ?? []), why])])

// 1. Bundled into the renderer and the preload (recorded by the build itself).
for (const [file, why] of [
  ['dist/.bundled-packages-renderer.json', 'bundled in the window'],
  ['dist-electron/.bundled-packages-preload.json', 'bundled in the preload'],
  ['dist-electron/.bundled-packages-node.json', 'bundled in the main process'],
]) {
  const list = join(root, file)
  if (!existsSync(list)) {
    if (file.includes('renderer')) throw new Error(`${file} is missing: run the Vite builds first (npm run build)`)
    continue
  }
  for (const dir of readJson(list)) add(join(root, dir), why)
}

// 2. Runtime dependencies and their dependencies: packed into app.asar.
const queue = Object.keys(pkg.dependencies ?? {}).map((name) => [name, root])
while (queue.length) {
  const [name, from] = queue.shift()
  const dir = findPackageDir(name, from)
  if (!dir) throw new Error(`${name} (a runtime dependency) is not installed; run npm ci`)
  const seen = shipped.get(dir)?.includes('in app.asar')
  add(dir, 'in app.asar')
  if (seen) continue
  const p = readJson(join(dir, 'package.json'))
  for (const dep of Object.keys(p.dependencies ?? {})) queue.push([dep, dir])
}

// 3. Electron: the executable, with Chromium and Node.js inside.
const electronDir = findPackageDir('electron', root)
if (electronDir) add(electronDir, 'the executable (Chromium and Node.js; their notices ship as LICENSES.chromium.html next to it)')

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i
const entries = []
const missing = []
for (const [dir, reasons] of shipped) {
  const p = readJson(join(dir, 'package.json'))
  const license = typeof p.license === 'string' ? p.license : (p.license?.type ?? (Array.isArray(p.licenses) ? p.licenses.map((l) => l.type ?? l).join(' OR ') : 'UNKNOWN'))
  const files = readdirSync(dir)
    .filter((f) => LICENCE_FILE.test(f))
    .sort()
  const text = files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n')
  if (!text && license === 'UNKNOWN') missing.push(p.name)
  entries.push({
    name: p.name,
    version: p.version,
    license,
    text: text || `The package has no licence file; its package.json says: ${license}.`,
    usedBy: reasons.join(', '),
    path: relative(root, dir).split('\\').join('/'),
  })
}
entries.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
if (missing.length) {
  process.stderr.write(`third-party-licenses: no licence at all for ${missing.join(', ')}\n`)
  process.exit(1)
}

let commit = 'unknown'
try {
  const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  commit = git('rev-parse', '--short=12', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? '+local changes' : '')
} catch {
  // Not a git checkout (a source tarball): the build is still identified by its time.
}
writeFileSync(join(root, 'dist', 'third-party-licenses.json'), `${JSON.stringify(entries, null, 1)}\n`)
writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify({ version: pkg.version, commit, builtAt: new Date().toISOString() })}\n`)
process.stdout.write(`third-party-licenses: ${entries.length} packages\n`)

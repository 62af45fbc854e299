// Loads the BUILT dist-electron/main.js (vitest runs the sources, so bundle-only failures such as
// CJS-in-ESM interop would get past it) and checks its wiring and its contents.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'

const dir = mkdtempSync(join(tmpdir(), 'xgw-smoke-'))
process.env.XGW_SMOKE_DIR = dir
delete process.env.XGW_DATA_DIR
const electron = await import('electron')
await import(new URL('../../dist-electron/main.js', import.meta.url).href)
electron.fire()
for (let i = 0; i < 100 && electron.windows.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
assert.equal(electron.windows.length, 1, 'one window')
assert.deepEqual(electron.windows[0].loaded, ['app://wizard/index.html'])
const routes = [...electron.handlers.keys()]
assert.ok(routes.length > 5 && routes.includes('project.list'), 'routes registered')
const frame = { url: 'app://wizard/index.html' }
const info = await electron.handlers.get('app.info')({ senderFrame: frame, sender: { mainFrame: frame } }, {})
assert.equal(info.ok, true)
assert.equal(info.value.dataDir, dir)
const created = await electron.handlers.get('project.create')({ senderFrame: frame, sender: { mainFrame: frame } }, { name: 'Smoke' })
assert.equal(created.ok, true)

// The browser host never rides inside the Electron app (style.md §4.2 item 4).
const dist = new URL('../../dist-electron/', import.meta.url).pathname
const seen = new Set()
const visit = (file) => {
  if (seen.has(file)) return
  seen.add(file)
  const code = readFileSync(join(dist, file), 'utf8')
  assert.ok(!code.includes('startHttpHost'), `${file} (reached from main.js) contains the HTTP host`)
  for (const m of code.matchAll(/from\s+["'](\.\/[^"']+)["']|import\(["'](\.\/[^"']+)["']\)/g)) {
    const rel = (m[1] ?? m[2]).slice(2)
    visit(file.includes('/') ? join(file.split('/').slice(0, -1).join('/'), rel) : rel)
  }
}
visit('main.js')
assert.ok(readdirSync(join(dist)).includes('preload.cjs'), 'preload built')
// The preload carries the route names, not the contract: no zod, no schemas, and every UI route.
const preloadText = readFileSync(join(dist, 'preload.cjs'), 'utf8')
assert.ok(!/zod|ZodError|safeParse/.test(preloadText), 'the preload bundles no zod')
assert.ok(preloadText.length < 20_000, `the preload is small (${preloadText.length} bytes)`)
assert.ok(preloadText.includes('"project.list"') && preloadText.includes('"app.reportError"'), 'the preload lists the routes')
rmSync(dir, { recursive: true, force: true })
console.log(`smoke: built main.js loaded, ${routes.length} routes, ${seen.size} bundle files checked`)
process.exit(0)

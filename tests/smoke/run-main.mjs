// Loads the BUILT dist-electron/main.js (vitest runs the sources, so bundle-only failures such as
// CJS-in-ESM interop would get past it) and checks its wiring and its contents.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import assert from 'node:assert/strict'

const dir = mkdtempSync(join(tmpdir(), 'xgw-smoke-'))
const sources = mkdtempSync(join(tmpdir(), 'xgw-smoke-src-'))
process.env.XGW_SMOKE_DIR = join(dir, 'not-used')
process.env.XGW_DATA_DIR = dir

// Real .xgwproj files, written by the built command line from another data folder.
const xgw = new URL('../../bin/xgw.cjs', import.meta.url).pathname
const projectFile = (name) => {
  const file = join(sources, `${name.replace(/\W+/g, '-')}.xgwproj`)
  const env = { ...process.env, XGW_DATA_DIR: sources }
  execFileSync(process.execPath, [xgw, 'project', 'create', name], { env })
  execFileSync(process.execPath, [xgw, 'project', 'export', name, '--out', file], { env })
  return file
}
// Double-clicking a .xgwproj starts the app with the file in argv.
process.argv.push(projectFile('Opened at start'))

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

// File association: argv at start, the second instance's argv, macOS open-file.
const names = async () => (await electron.handlers.get('project.list')({ senderFrame: frame, sender: { mainFrame: frame } }, {})).value.projects.map((p) => p.name)
const until = async (name) => {
  for (let i = 0; i < 200 && !(await names()).includes(name); i++) await new Promise((r) => setTimeout(r, 25))
  assert.ok((await names()).includes(name), `${name} imported`)
}
await until('Opened at start')
electron.emit('second-instance', {}, ['XMPP Gateway Wizard.exe', projectFile('From a second instance')], sources, {})
await until('From a second instance')
electron.emit('open-file', { preventDefault: () => {} }, projectFile('From open-file'))
await until('From open-file')
assert.equal(electron.sent.filter((m) => m.channel === 'xgw:command' && m.args[0] === 'project-opened').length, 3)
assert.equal(electron.messages.length, 0, 'no file was refused')

// The installed app's menu: File, Edit, View, Help and no developer tools.
assert.deepEqual(
  electron.menus.application.map((m) => m.label.replace(/&/g, '')),
  ['File', 'Edit', 'View', 'Help'],
)
assert.ok(!JSON.stringify(electron.menus.application).includes('toggleDevTools'), 'no DevTools in the packaged menu')

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
rmSync(sources, { recursive: true, force: true })
console.log(`smoke: built main.js loaded, ${routes.length} routes, 3 project files opened, ${seen.size} bundle files checked`)
process.exit(0)

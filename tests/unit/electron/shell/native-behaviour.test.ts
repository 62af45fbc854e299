import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { uiRouteNames } from '../../../../shared/contract'
import { createHandlers, createServices } from '../../../../electron/app/create-services'
import { memoryLogger } from '../../../helpers/memory-logger'
import { createElectronStandIn } from '../../../helpers/electron-stand-in'
import { tempDir } from '../../../helpers/temp-dir'

// The installed app (isPackaged), a dark saved theme and a .xgwproj double-clicked to start it:
// main.ts is loaded with the stand-in electron module and every native hook is driven by hand.
const { dir, cleanup } = await tempDir()
const dataDir = join(dir, 'data')
const standIn = createElectronStandIn(join(dir, 'electron-userdata'), { isPackaged: true, systemDark: false })
vi.mock('electron', () => standIn.module)

/** A real project file, exported by the real project service from another data folder. */
async function projectFile(name: string): Promise<string> {
  const services = await createServices({ dataDir: join(dir, `source-${name}`), log: memoryLogger(), shell: 'cli', version: '0.1.0' })
  const handlers = createHandlers(services)
  const p = await handlers.project.create({ name })
  const out = await handlers.project.exportFile({ id: p.id })
  const file = join(dir, out.fileName)
  await writeFile(file, out.content)
  return file
}

const atStart = await projectFile('Double-clicked at start')
const { mkdir } = await import('node:fs/promises')
await mkdir(dataDir, { recursive: true })
await writeFile(join(dataDir, 'ui-settings.json'), '{"theme":"dark"}\n')
const saved = { argv: process.argv, dataDir: process.env.XGW_DATA_DIR }
process.env.XGW_DATA_DIR = dataDir
process.argv = ['/opt/XMPP Gateway Wizard/xmpp-gateway-wizard', '--some-chromium-switch', atStart]
afterAll(() => {
  process.argv = saved.argv
  if (saved.dataDir === undefined) delete process.env.XGW_DATA_DIR
  else process.env.XGW_DATA_DIR = saved.dataDir
  return cleanup()
})

const frame = { url: 'app://wizard/index.html' }
const call = (route: string, input: unknown = {}) => standIn.ipcHandlers.get(route)!({ senderFrame: frame, sender: { mainFrame: frame } }, input) as Promise<{ ok: boolean; value: any }> // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads its own route's value shape
const projectNames = async () => ((await call('project.list')).value.projects as { name: string }[]).map((p) => p.name)
const appEvent = (name: string, ...args: unknown[]) => standIn.appListeners.get(name)!.forEach((fn) => fn(...args))

describe('Electron shell: native behaviour (stand-in electron)', async () => {
  await import('../../../../electron/main')
  standIn.ready()
  await vi.waitFor(() => expect(standIn.windows).toHaveLength(1), { timeout: 5000 })
  await vi.waitFor(async () => expect(await projectNames()).toContain('Double-clicked at start'), { timeout: 5000 })

  it("puts Chromium's userData in the same data folder as the CLI", () => {
    expect(standIn.paths.get('userData')).toBe(dataDir)
  })

  it('installs the File/Edit/View/Help menu without Reload or DevTools in the installed app', () => {
    const menu = standIn.menus.application as { label?: string; submenu?: { role?: string }[] }[]
    expect(menu.map((m) => m.label?.replace(/&/g, ''))).toEqual(['File', 'Edit', 'View', 'Help'])
    const roles = menu.flatMap((m) => m.submenu ?? []).map((i) => i.role)
    expect(roles).not.toContain('toggleDevTools')
    expect(roles).not.toContain('reload')
    expect(standIn.windows[0]!.options.autoHideMenuBar).toBe(false)
  })

  it('applies the saved dark theme to nativeTheme and paints the window dark before the page loads', async () => {
    expect(standIn.nativeTheme.themeSource).toBe('dark')
    expect(standIn.windows[0]!.options.backgroundColor).toBe('#14171c')
    const res = await call('app.setTheme', { theme: 'light' })
    expect(res.value).toEqual({ theme: 'light', applied: true })
    expect(standIn.nativeTheme.themeSource).toBe('light')
    expect(standIn.windows[0]!.background.at(-1)).toBe('#f4f6f9')
    expect(JSON.parse(await readFile(join(dataDir, 'ui-settings.json'), 'utf8'))).toEqual({ theme: 'light' })
  })

  it('imported the .xgwproj from argv at start and told the window', () => {
    expect(standIn.sent).toContainEqual({ channel: 'xgw:command', args: ['project-opened'] })
  })

  it('imports a .xgwproj handed to the second instance, and one from macOS open-file', async () => {
    const second = await projectFile('From the second instance')
    appEvent('second-instance', {}, ['C:\\Program Files\\XMPP Gateway Wizard\\XMPP Gateway Wizard.exe', second], dir, {})
    await vi.waitFor(async () => expect(await projectNames()).toContain('From the second instance'), { timeout: 5000 })
    const mac = await projectFile('From open-file')
    let prevented = false
    appEvent('open-file', { preventDefault: () => (prevented = true) }, mac)
    await vi.waitFor(async () => expect(await projectNames()).toContain('From open-file'), { timeout: 5000 })
    expect(prevented).toBe(true)
  })

  it('says so when a double-clicked file is not a project, and imports nothing', async () => {
    const before = await projectNames()
    const bogus = join(dir, 'bogus.xgwproj')
    await writeFile(bogus, '{"not":"a project"}')
    appEvent('second-instance', {}, ['xgw.exe', bogus], dir, {})
    await vi.waitFor(() => expect(standIn.dialogs.messages.length).toBe(1), { timeout: 5000 })
    expect(standIn.dialogs.messages[0]).toMatchObject({ type: 'warning', detail: expect.stringContaining('bogus.xgwproj could not be opened') })
    expect(await projectNames()).toEqual(before)
  })

  it('File > Open imports the chosen file through the main process', async () => {
    const chosen = await projectFile('Chosen in the Open dialog')
    standIn.dialogs.openResults.push({ canceled: false, filePaths: [chosen] })
    const file = (standIn.menus.application as { submenu: { label?: string; click?: () => void }[] }[])[0]!.submenu
    file.find((i) => i.label?.replace(/&/g, '') === 'Open/Import project…')!.click!()
    await vi.waitFor(async () => expect(await projectNames()).toContain('Chosen in the Open dialog'), { timeout: 5000 })
  })

  it('pops the native context menu on a text field and not on bare page', () => {
    const handler = standIn.windows[0]!.contentsEvents.get('context-menu')!
    const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true }
    const popups = standIn.menus.popups
    handler({}, { isEditable: false, selectionText: '', editFlags: flags })
    expect(standIn.menus.popups).toBe(popups)
    handler({}, { isEditable: true, selectionText: '', editFlags: flags })
    expect(standIn.menus.popups).toBe(popups + 1)
    expect((standIn.menus.built.at(-1) as { role?: string }[]).map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll'])
  })
})

describe('preload: menu commands reach the page as a DOM event, unknown ones do not', async () => {
  const page = new EventTarget()
  const seen: unknown[] = []
  page.addEventListener('xgw-command', (e) => seen.push((e as CustomEvent).detail))
  const saved = (globalThis as unknown as { dispatchEvent: unknown }).dispatchEvent
  ;(globalThis as unknown as { dispatchEvent: EventTarget['dispatchEvent'] }).dispatchEvent = (e) => page.dispatchEvent(e)
  // The build writes the route list in (vite.electron.config.ts); here the same list is a global.
  Object.assign(globalThis, { __XGW_UI_ROUTES__: uiRouteNames })
  await import('../../../../electron/preload')
  it('forwards only known command names', () => {
    const listener = standIn.rendererListeners.get('xgw:command')!
    listener({}, 'about')
    listener({}, 'eval:alert(1)')
    listener({}, { command: 'about' })
    expect(seen).toEqual(['about'])
    ;(globalThis as unknown as { dispatchEvent: unknown }).dispatchEvent = saved
  })
})

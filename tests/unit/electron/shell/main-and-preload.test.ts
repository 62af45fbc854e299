import { afterAll, describe, expect, it, vi } from 'vitest'
import { routeNames, uiRouteNames } from '../../../../shared/contract'
import { createElectronStandIn } from '../../../helpers/electron-stand-in'
import { tempDir } from '../../../helpers/temp-dir'

const { dir, cleanup } = await tempDir()
const standIn = createElectronStandIn(dir)
vi.mock('electron', () => standIn.module)
// main.ts resolves the data folder itself (the one the CLI uses); keep it inside the temp dir.
const savedDataDir = process.env.XGW_DATA_DIR
process.env.XGW_DATA_DIR = dir
afterAll(() => {
  if (savedDataDir === undefined) delete process.env.XGW_DATA_DIR
  else process.env.XGW_DATA_DIR = savedDataDir
  return cleanup()
})

describe('Electron main process (loaded with a stand-in electron module)', async () => {
  await import('../../../../electron/main')
  standIn.ready()
  await vi.waitFor(() => expect(standIn.windows).toHaveLength(1), { timeout: 5000 })

  it('registers the app:// scheme before ready and serves it', () => {
    expect(standIn.schemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]])
    expect(standIn.protocolHandlers.has('app')).toBe(true)
  })

  it('registers exactly one IPC handler per UI route, and none for command-line-only routes', () => {
    expect([...standIn.ipcHandlers.keys()].sort()).toEqual([...uiRouteNames].sort())
    expect(routeNames.filter((r) => !uiRouteNames.includes(r))).toContain('artifacts.write')
    expect(standIn.ipcHandlers.has('artifacts.write')).toBe(false)
  })

  it('opens one hardened window on app://wizard', () => {
    const w = standIn.windows[0]!
    expect(w.loaded).toEqual(['app://wizard/index.html'])
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webviewTag: false })
    expect(String((w.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/)
  })

  it('denies every permission request', () => {
    let granted: boolean | undefined
    standIn.permission.request!(null, 'media', (ok) => (granted = ok))
    expect(granted).toBe(false)
    expect(standIn.permission.check!(null, 'notifications')).toBe(false)
  })

  it('answers real calls through IPC from the trusted frame and refuses others', async () => {
    const frame = { url: 'app://wizard/index.html' }
    const ok = await standIn.ipcHandlers.get('app.info')!({ senderFrame: frame, sender: { mainFrame: frame } }, {})
    expect(ok).toMatchObject({ ok: true, value: { shell: 'electron', dataDir: dir } })
    const foreign = { url: 'http://127.0.0.1:9/' }
    expect(await standIn.ipcHandlers.get('app.info')!({ senderFrame: foreign, sender: { mainFrame: foreign } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('serves only files under the renderer folder over app://', async () => {
    const handler = standIn.protocolHandlers.get('app')!
    expect((await handler(new Request('app://wizard/../../package.json'))).status).toBe(404)
    expect((await handler(new Request('app://wizard/%2e%2e/%2e%2e/package.json'))).status).toBe(404)
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404)
  })
})

describe('preload', async () => {
  // The build writes the list in (vite.electron.config.ts); here the same list is a global.
  Object.assign(globalThis, { __XGW_UI_ROUTES__: uiRouteNames })
  await import('../../../../electron/preload')
  it('exposes window.xgw with exactly one function per route, and nothing else', async () => {
    expect([...standIn.exposed.keys()]).toEqual(['xgw'])
    const bridge = standIn.exposed.get('xgw') as Record<string, (i: unknown) => Promise<unknown>>
    expect(Object.keys(bridge).sort()).toEqual([...uiRouteNames].sort())
    expect(Object.values(bridge).every((f) => typeof f === 'function')).toBe(true)
    await bridge['project.list']!({})
    expect(standIn.invoked).toEqual([{ channel: 'project.list', input: {} }])
  })
})

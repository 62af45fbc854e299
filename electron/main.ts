import { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, shell } from 'electron'
import { fileURLToPath } from 'node:url'
import pkg from '../package.json'
import { createHandlers, createServices } from './app/create-services'
import { resolveDataDir } from './app/paths'
import { registerIpcRoutes } from './ipc/electron-adapter'
import { createDispatcher } from './ipc/dispatcher'
import { createFileLogger } from './lib/file-logger'
import { logUncaught } from './lib/log-uncaught'
import { allowPermission } from './security/navigation'
import { createSenderCheck } from './security/sender'
import { isHelpUrl } from '../shared/domain/help-links'
import { APP_ORIGIN, APP_URL, handleAppProtocol, registerAppScheme } from './window/app-protocol'
import { guardWebContents, mainWindowOptions } from './window/main-window'
import { focusWindow, setupSingleInstance } from './window/single-instance'
import { captureWindowState, debounce, loadWindowState, resolveWindowState, saveWindowState } from './window/window-state'

// Composition root: the only module that knows about Electron and the services at once.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

registerAppScheme(protocol) // must happen before 'ready'

let mainWindow: BrowserWindow | null = null

// A second launch focuses the first window instead of opening another one (issue 6).
if (setupSingleInstance(app, () => focusWindow(mainWindow))) {
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, (url) => void shell.openExternal(url), isHelpUrl))
  app.on('window-all-closed', () => app.quit())

  app.whenReady().then(async () => {
    const dataDir = resolveDataDir({ electronUserData: app.getPath('userData'), env: process.env, platform: process.platform })
    const log = createFileLogger({ dataDir })
    logUncaught(process, log, () => void log.flush().finally(() => app.exit(1)))
    session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)))
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission))
    handleAppProtocol(protocol, here('../dist'))

    const services = await createServices({ dataDir, log, shell: 'electron', version: pkg.version, diagnostics: log, openPath: async (p) => (await shell.openPath(p)) === '',
      chooseExportFolder: async () => {
        const res = await dialog.showOpenDialog({ title: 'Export folder', properties: ['openDirectory', 'createDirectory'] })
        return res.canceled ? null : (res.filePaths[0] ?? null)
      }, cryptoWorker: new URL(/* @vite-ignore */ './crypto-worker.js', import.meta.url) })
    registerIpcRoutes(ipcMain, createDispatcher(createHandlers(services), log), createSenderCheck([APP_ORIGIN]))

    // Size and position come back as the admin left them, on a display that still exists.
    const state = resolveWindowState(await loadWindowState(dataDir), screen.getAllDisplays(), screen.getPrimaryDisplay())
    const win = new BrowserWindow(mainWindowOptions(here('./preload.cjs'), state.bounds))
    mainWindow = win
    const remember = debounce(() => void saveWindowState(dataDir, captureWindowState(win)).catch(() => {}), 500)
    win.on('resize', remember)
    win.on('move', remember)
    win.on('close', () => {
      remember.cancel()
      void saveWindowState(dataDir, captureWindowState(win)).catch(() => {})
    })
    win.once('ready-to-show', () => {
      if (state.isMaximized) win.maximize()
      win.show()
    })
    // The renderer blocks unload while a save is pending; the admin decides (Electron shows no prompt itself).
    win.webContents.on('will-prevent-unload', (event) => {
      const choice = dialog.showMessageBoxSync(win, {
        type: 'question',
        buttons: ['Close anyway', 'Stay'],
        defaultId: 1,
        cancelId: 1,
        title: 'Unsaved changes',
        message: 'Your last change is still being saved.',
        detail: 'Stay a moment and close again, or close now and lose the last change.',
      })
      if (choice === 0) event.preventDefault()
    })
    win.on('closed', () => (mainWindow = null))
    await win.loadURL(APP_URL)
    log.info('window loaded', { version: pkg.version })
  }).catch((err: unknown) => {
    process.stderr.write(`XMPP Gateway Wizard failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
    app.exit(1)
  })
}

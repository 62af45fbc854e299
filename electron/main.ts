import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron'
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
import { APP_COMMAND_CHANNEL, type AppCommand } from '../shared/ui/app-commands'
import { APP_ORIGIN, APP_URL, handleAppProtocol, registerAppScheme } from './window/app-protocol'
import { applicationMenuTemplate, contextMenuTemplate } from './window/app-menu'
import { cliArgsFromArgv, createProjectFileOpener, PROJECT_EXTENSION, projectFilesInArgv } from './window/file-open'
import { guardWebContents, mainWindowOptions } from './window/main-window'
import { focusWindow, setupSingleInstance } from './window/single-instance'
import { applyThemeSource, loadThemeSource, saveThemeSource } from './window/theme'
import { captureWindowState, debounce, loadWindowState, resolveWindowState, saveWindowState } from './window/window-state'

// Composition root: the only module that knows about Electron and the services at once.
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const cryptoWorker = new URL(/* @vite-ignore */ './crypto-worker.js', import.meta.url)

const cliArgs = cliArgsFromArgv(process.argv)
if (cliArgs) {
  // `xgw` of the installed app (docs/packaging.md): the bundled command line, no window, no lock,
  // so it also runs while the app is open. Only code from the app's own (integrity-checked) asar runs.
  void runCommandLine(cliArgs)
} else {
  startApp()
}

async function runCommandLine(args: string[]): Promise<void> {
  let code = 1
  try {
    const { runXgwProcess } = await import('./cli/xgw-process')
    code = await runXgwProcess(args, () => cryptoWorker)
  } catch (err) {
    process.stderr.write(`xgw: ${err instanceof Error ? err.message : String(err)}\n`)
  }
  // Everything written must reach a pipe or file before the process ends.
  await new Promise<void>((r) => process.stdout.write('', () => r()))
  app.exit(code)
}

function startApp(): void {
  registerAppScheme(protocol) // must happen before 'ready'
  // One data folder for the app and the xgw command line (electron/app/paths.ts); Chromium's own
  // files go there too, so nothing of the app is left in a second folder.
  const dataDir = resolveDataDir({ env: process.env, platform: process.platform })
  app.setPath('userData', dataDir)

  let mainWindow: BrowserWindow | null = null
  const send = (command: AppCommand) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(APP_COMMAND_CHANNEL, command)
  }
  const opener = createProjectFileOpener()
  const openFile = (file: string) => {
    void opener.open(file)
    focusWindow(mainWindow)
  }

  // Double-clicking a .xgwproj: in argv at the first start, in the second instance's argv after.
  for (const f of projectFilesInArgv(process.argv, process.cwd())) void opener.open(f)
  // macOS hands files over with 'open-file', possibly before 'ready'.
  app.on('open-file', (event, file) => {
    event.preventDefault()
    openFile(file)
  })

  const owner = setupSingleInstance(
    app,
    () => focusWindow(mainWindow),
    (argv, cwd) => {
      for (const f of projectFilesInArgv(argv, cwd)) openFile(f)
    },
  )
  if (!owner) return
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, (url) => void shell.openExternal(url), isHelpUrl))
  app.on('window-all-closed', () => app.quit())

  app
    .whenReady()
    .then(async () => {
      const log = createFileLogger({ dataDir })
      logUncaught(process, log, () => void log.flush().finally(() => app.exit(1)))
      session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)))
      session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission))
      handleAppProtocol(protocol, here('../dist'))

      // The admin's theme reaches title bar, dialogs and scroll bars, and the first paint (no white flash).
      const background = applyThemeSource(nativeTheme, await loadThemeSource(dataDir))

      const services = await createServices({
        dataDir,
        log,
        shell: 'electron',
        version: pkg.version,
        diagnostics: log,
        openPath: async (p) => (await shell.openPath(p)) === '',
        chooseExportFolder: async () => {
          const res = await dialog.showOpenDialog({ title: 'Export folder', properties: ['openDirectory', 'createDirectory'] })
          return res.canceled ? null : (res.filePaths[0] ?? null)
        },
        setTheme: async (theme) => {
          const bg = applyThemeSource(nativeTheme, theme)
          if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setBackgroundColor(bg)
          await saveThemeSource(dataDir, theme)
        },
        cryptoWorker,
      })
      const handlers = createHandlers(services)
      const dispatch = createDispatcher(handlers, log)
      registerIpcRoutes(ipcMain, dispatch, createSenderCheck([APP_ORIGIN]))

      const isDev = !app.isPackaged
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          applicationMenuTemplate(
            {
              send,
              openProject: () => {
                const parent = mainWindow ?? undefined
                const options = { title: 'Open project', properties: ['openFile' as const], filters: [{ name: 'XMPP Gateway Wizard project', extensions: [PROJECT_EXTENSION.slice(1), 'json'] }] }
                void (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options)).then((res) => {
                  if (!res.canceled && res.filePaths[0]) openFile(res.filePaths[0])
                })
              },
            },
            { isDev, platform: process.platform },
          ),
        ),
      )

      // Size and position come back as the admin left them, on a display that still exists.
      const state = resolveWindowState(await loadWindowState(dataDir), screen.getAllDisplays(), screen.getPrimaryDisplay())
      const win = new BrowserWindow({ ...mainWindowOptions(here('./preload.cjs'), state.bounds), backgroundColor: background })
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
      // Cut, Copy, Paste, Select all on text fields (code views bring the app's own menu).
      win.webContents.on('context-menu', (_event, params) => {
        const items = contextMenuTemplate(params)
        if (items.length) Menu.buildFromTemplate(items).popup({ window: win })
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

      // Files from argv, a second instance or open-file: imported now that the services and window exist.
      await opener.ready({
        importContent: async (content) => {
          const res = await dispatch('project.importFile', { content })
          return res.ok ? null : res.error.message
        },
        opened: () => send('project-opened'),
        failed: (message) => {
          log.warn('project file not opened', { message })
          if (mainWindow) void dialog.showMessageBox(mainWindow, { type: 'warning', title: 'Project file', message: 'The project file could not be opened.', detail: message })
        },
      })
    })
    .catch((err: unknown) => {
      process.stderr.write(`XMPP Gateway Wizard failed to start: ${err instanceof Error ? err.message : String(err)}\n`)
      app.exit(1)
    })
}

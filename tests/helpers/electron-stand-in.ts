/**
 * A stand-in for the `electron` module: records what the main process and the preload register,
 * so their wiring is checked in Node (the Electron binary cannot be downloaded here). It
 * implements only the calls those two files make, and records them; it pretends nothing else.
 */
export function createElectronStandIn(userData: string, opts: { isPackaged?: boolean; systemDark?: boolean } = {}) {
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>()
  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>()
  const windows: {
    options: Record<string, unknown>
    loaded: string[]
    events: Map<string, () => void>
    contentsEvents: Map<string, (...args: unknown[]) => void>
    background: string[]
  }[] = []
  const schemes: unknown[] = []
  const protocolHandlers = new Map<string, (req: Request) => Promise<Response>>()
  const permission = { request: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void), check: null as null | ((wc: unknown, p: string) => boolean) }
  const exposed = new Map<string, unknown>()
  const invoked: { channel: string; input: unknown }[] = []
  const paths = new Map<string, string>([['userData', userData]])
  const menus = { application: null as unknown[] | null, built: [] as unknown[][], popups: 0 }
  const sent: { channel: string; args: unknown[] }[] = []
  const rendererListeners = new Map<string, (event: unknown, ...args: unknown[]) => void>()
  const dialogs = { openResults: [] as { canceled: boolean; filePaths: string[] }[], messages: [] as unknown[] }
  const exits: number[] = []
  const nativeTheme = {
    themeSource: 'system' as 'system' | 'light' | 'dark',
    get shouldUseDarkColors() {
      return this.themeSource === 'dark' || (this.themeSource === 'system' && opts.systemDark === true)
    },
  }
  let ready!: () => void
  const whenReady = new Promise<void>((r) => (ready = r))

  class BrowserWindow {
    readonly record: (typeof windows)[number]
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], events: new Map(), contentsEvents: new Map(), background: [] }
      windows.push(this.record)
    }
    once(event: string, fn: () => void) {
      this.record.events.set(event, fn)
    }
    on(event: string, fn: () => void) {
      this.record.events.set(event, fn)
    }
    async loadURL(url: string) {
      this.record.loaded.push(url)
    }
    show() {}
    readonly webContents = {
      on: (event: string, fn: (...args: unknown[]) => void) => void this.record.contentsEvents.set(event, fn),
      send: (channel: string, ...args: unknown[]) => void sent.push({ channel, args }),
    }
    setBackgroundColor(c: string) {
      this.record.background.push(c)
    }
    isMinimized() {
      return false
    }
    isDestroyed() {
      return false
    }
    isVisible() {
      return true
    }
    maximize() {}
    getNormalBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 }
    }
    isMaximized() {
      return false
    }
    restore() {}
    focus() {}
  }

  const module = {
    app: {
      getPath: (name: string) => paths.get(name) ?? `/nonexistent/${name}`,
      setPath: (name: string, value: string) => void paths.set(name, value),
      isPackaged: opts.isPackaged ?? false,
      whenReady: () => whenReady,
      requestSingleInstanceLock: () => true,
      isReady: () => false,
      on: (event: string, fn: (...args: unknown[]) => void) => void appListeners.set(event, [...(appListeners.get(event) ?? []), fn]),
      quit: () => {},
      exit: (code: number) => void exits.push(code),
    },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, input: unknown) => unknown) => void ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => void schemes.push(s),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => void protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof permission.request) => void (permission.request = fn),
        setPermissionCheckHandler: (fn: typeof permission.check) => void (permission.check = fn),
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown[]) => (menus.built.push(template), { template, popup: () => void menus.popups++ }),
      setApplicationMenu: (menu: { template: unknown[] } | null) => void (menus.application = menu?.template ?? null),
    },
    nativeTheme,
    dialog: {
      showOpenDialog: async () => dialogs.openResults.shift() ?? { canceled: true, filePaths: [] },
      showMessageBox: async (...args: unknown[]) => (dialogs.messages.push(args.at(-1)), { response: 0 }),
      showMessageBoxSync: () => 1,
    },
    shell: { openExternal: async () => {}, openPath: async () => '' },
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    },
    BrowserWindow,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void exposed.set(key, value) },
    ipcRenderer: {
      on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => void rendererListeners.set(channel, fn),
      invoke: async (channel: string, input: unknown) => (invoked.push({ channel, input }), { ok: true, value: channel }),
    },
  }
  return {
    module,
    ipcHandlers,
    appListeners,
    windows,
    schemes,
    protocolHandlers,
    permission,
    exposed,
    invoked,
    paths,
    menus,
    sent,
    rendererListeners,
    dialogs,
    exits,
    nativeTheme,
    ready: () => ready(),
  }
}

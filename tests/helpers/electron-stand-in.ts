/**
 * A stand-in for the `electron` module: records what the main process and the preload register,
 * so their wiring is checked in Node (the Electron binary cannot be downloaded here). It
 * implements only the calls those two files make, and records them; it pretends nothing else.
 */
export function createElectronStandIn(userData: string) {
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>()
  const appListeners = new Map<string, ((...args: unknown[]) => void)[]>()
  const windows: { options: Record<string, unknown>; loaded: string[]; events: Map<string, () => void> }[] = []
  const schemes: unknown[] = []
  const protocolHandlers = new Map<string, (req: Request) => Promise<Response>>()
  const permission = { request: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void), check: null as null | ((wc: unknown, p: string) => boolean) }
  const exposed = new Map<string, unknown>()
  const invoked: { channel: string; input: unknown }[] = []
  let ready!: () => void
  const whenReady = new Promise<void>((r) => (ready = r))

  class BrowserWindow {
    readonly record: (typeof windows)[number]
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], events: new Map() }
      windows.push(this.record)
    }
    once(event: string, fn: () => void) { this.record.events.set(event, fn) }
    on(event: string, fn: () => void) { this.record.events.set(event, fn) }
    async loadURL(url: string) { this.record.loaded.push(url) }
    show() {}
    readonly webContents = { on: () => {} }
    isMinimized() { return false }
    isDestroyed() { return false }
    isVisible() { return true }
    maximize() {}
    getNormalBounds() { return { x: 0, y: 0, width: 1200, height: 800 } }
    isMaximized() { return false }
    restore() {}
    focus() {}
  }

  const module = {
    app: {
      getPath: (name: string) => (name === 'userData' ? userData : `/nonexistent/${name}`),
      whenReady: () => whenReady,
      requestSingleInstanceLock: () => true,
      isReady: () => false,
      on: (event: string, fn: (...args: unknown[]) => void) => void appListeners.set(event, [...(appListeners.get(event) ?? []), fn]),
      quit: () => {},
      exit: () => {},
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
    shell: { openExternal: async () => {}, openPath: async () => '' },
    screen: {
      getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
      getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    },
    BrowserWindow,
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void exposed.set(key, value) },
    ipcRenderer: { invoke: async (channel: string, input: unknown) => (invoked.push({ channel, input }), { ok: true, value: channel }) },
  }
  return { module, ipcHandlers, appListeners, windows, schemes, protocolHandlers, permission, exposed, invoked, ready: () => ready() }
}

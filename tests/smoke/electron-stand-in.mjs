// Records what the built main bundle registers; implements only the calls main.js makes.
export const handlers = new Map()
export const windows = []
export const appListeners = new Map()
export const sent = []
export const messages = []
export const exits = []
export const menus = { application: null }
let ready
const whenReady = new Promise((r) => (ready = r))
export const fire = () => ready()
export const emit = (event, ...args) => (appListeners.get(event) ?? []).forEach((fn) => fn(...args))
const paths = new Map()
const workArea = { x: 0, y: 0, width: 1600, height: 900 }
export const app = {
  getPath: (name) => paths.get(name) ?? process.env.XGW_SMOKE_DIR,
  setPath: (name, value) => paths.set(name, value),
  isPackaged: true,
  whenReady: () => whenReady,
  requestSingleInstanceLock: () => true,
  on: (event, fn) => appListeners.set(event, [...(appListeners.get(event) ?? []), fn]),
  quit: () => {},
  // CLI mode ends with app.exit(code): record it and end the process the way Electron would.
  exit: (code) => {
    exits.push(code)
    if (process.env.XGW_SMOKE_EXIT === '1') process.exit(code)
    throw new Error(`app.exit(${code})`)
  },
}
export const ipcMain = { handle: (ch, fn) => handlers.set(ch, fn), removeHandler: (ch) => handlers.delete(ch) }
export const protocol = { registerSchemesAsPrivileged: () => {}, handle: () => {} }
export const session = { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } }
export const shell = { openExternal: async () => {}, openPath: async () => '' }
export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showMessageBox: async (_win, options) => (messages.push(options), { response: 0 }),
  showMessageBoxSync: () => 1,
}
export const screen = { getAllDisplays: () => [{ workArea }], getPrimaryDisplay: () => ({ workArea }) }
export const nativeTheme = {
  themeSource: 'system',
  get shouldUseDarkColors() {
    return this.themeSource === 'dark'
  },
}
export const Menu = {
  buildFromTemplate: (template) => ({ template, popup: () => {} }),
  setApplicationMenu: (menu) => (menus.application = menu?.template ?? null),
}
export class BrowserWindow {
  constructor(options) {
    this.options = options
    this.loaded = []
    this.webContents = { on: () => {}, send: (channel, ...args) => sent.push({ channel, args }) }
    windows.push(this)
  }
  once() {}
  on() {}
  show() {}
  maximize() {}
  setBackgroundColor() {}
  isDestroyed() {
    return false
  }
  isMinimized() {
    return false
  }
  isVisible() {
    return true
  }
  restore() {}
  focus() {}
  async loadURL(url) {
    this.loaded.push(url)
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 1200, height: 800 }
  }
  isMaximized() {
    return false
  }
}
export default { app, ipcMain, protocol, session, shell, dialog, screen, nativeTheme, Menu, BrowserWindow }

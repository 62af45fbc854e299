// Records what the built main bundle registers; implements only the calls main.js makes.
export const handlers = new Map()
export const windows = []
let ready
const whenReady = new Promise((r) => (ready = r))
export const fire = () => ready()
const workArea = { x: 0, y: 0, width: 1600, height: 900 }
export const app = {
  getPath: () => process.env.XGW_SMOKE_DIR,
  whenReady: () => whenReady,
  requestSingleInstanceLock: () => true,
  on: () => {},
  quit: () => {},
  exit: (code) => { throw new Error(`app.exit(${code})`) },
}
export const ipcMain = { handle: (ch, fn) => handlers.set(ch, fn), removeHandler: (ch) => handlers.delete(ch) }
export const protocol = { registerSchemesAsPrivileged: () => {}, handle: () => {} }
export const session = { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } }
export const shell = { openExternal: async () => {}, openPath: async () => '' }
export const dialog = { showOpenDialog: async () => ({ canceled: true, filePaths: [] }) }
export const screen = { getAllDisplays: () => [{ workArea }], getPrimaryDisplay: () => ({ workArea }) }
export class BrowserWindow {
  constructor(options) { this.options = options; this.loaded = []; this.webContents = { on: () => {} }; windows.push(this) }
  once() {} on() {} show() {} maximize() {}
  async loadURL(url) { this.loaded.push(url) }
  getNormalBounds() { return { x: 0, y: 0, width: 1200, height: 800 } }
  isMaximized() { return false }
}
export default { app, ipcMain, protocol, session, shell, dialog, screen, BrowserWindow }

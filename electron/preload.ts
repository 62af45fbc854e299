import { contextBridge, ipcRenderer } from 'electron'
import type { Bridge } from '../shared/client'
import { APP_COMMAND_CHANNEL, APP_COMMAND_EVENT, isAppCommand } from '../shared/ui/app-commands'
import type { RouteName } from '../shared/contract'

/** The contract's UI routes, written in by the build (vite.electron.config.ts); unit tests set it as a global. */
declare const __XGW_UI_ROUTES__: readonly RouteName[]

/**
 * Exposes exactly one function per contract route as `window.xgw` (Electron security checklist
 * #20). No channel names, listeners, event objects or Node APIs cross the bridge.
 */
const bridge = Object.fromEntries(__XGW_UI_ROUTES__.map((route) => [route, (input: unknown) => ipcRenderer.invoke(route, input)])) as Bridge

contextBridge.exposeInMainWorld('xgw', bridge)

// The native menu's commands reach the page as a DOM event carrying only a known command name:
// the page gets no listener API and no IPC event object, and cannot send anything back this way.
ipcRenderer.on(APP_COMMAND_CHANNEL, (_event, command: unknown) => {
  // globalThis is the page's window here (the preload's tsconfig has no DOM types).
  if (isAppCommand(command)) (globalThis as unknown as EventTarget).dispatchEvent(new CustomEvent(APP_COMMAND_EVENT, { detail: command }))
})

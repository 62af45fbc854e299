import { contextBridge, ipcRenderer } from 'electron'
import type { Bridge } from '../shared/client'
import type { RouteName } from '../shared/contract'

/** The contract's UI routes, written in by the build (vite.electron.config.ts); unit tests set it as a global. */
declare const __XGW_UI_ROUTES__: readonly RouteName[]

/**
 * Exposes exactly one function per contract route as `window.xgw` (Electron security checklist
 * #20). No channel names, listeners, event objects or Node APIs cross the bridge.
 */
const bridge = Object.fromEntries(__XGW_UI_ROUTES__.map((route) => [route, (input: unknown) => ipcRenderer.invoke(route, input)])) as Bridge

contextBridge.exposeInMainWorld('xgw', bridge)

import { contextBridge, ipcRenderer } from 'electron'
import type { Bridge } from '../shared/client'
import { uiRouteNames } from '../shared/contract'

/**
 * Exposes exactly one function per contract route as `window.xgw` (Electron security checklist
 * #20). No channel names, listeners, event objects or Node APIs cross the bridge.
 */
const bridge = Object.fromEntries(uiRouteNames.map((route) => [route, (input: unknown) => ipcRenderer.invoke(route, input)])) as Bridge

contextBridge.exposeInMainWorld('xgw', bridge)

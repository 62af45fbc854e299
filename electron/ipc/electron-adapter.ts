import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { uiRouteNames } from '../../shared/contract'
import { ErrorCode } from '../../shared/errors'
import { fail } from '../../shared/result'
import type { Dispatch } from './dispatcher'

/**
 * Registers one `ipcMain.handle` per contract route (channel name = route name).
 *
 * `ipcMain` is a parameter so this file never imports Electron at run time and is tested in
 * Node. Every call's sender is checked first (Electron security checklist #17).
 */
export function registerIpcRoutes(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  for (const route of uiRouteNames) {
    ipcMain.handle(route, (event, input: unknown) => (isTrustedSender(event) ? dispatch(route, input) : Promise.resolve(fail({ code: ErrorCode.Forbidden, message: 'Untrusted sender' }))))
  }
  return () => uiRouteNames.forEach((route) => ipcMain.removeHandler(route))
}

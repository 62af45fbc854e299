import type { BrowserWindowConstructorOptions, WebContents } from 'electron'
import { isInternalUrl } from '../security/navigation'
import { APP_ORIGIN } from './app-protocol'
import { WINDOW_BACKGROUND } from './theme'
import { MIN_HEIGHT, MIN_WIDTH } from './window-state'

/**
 * The main window's options. Every security-relevant preference is written out explicitly
 * (Electron security checklist #2, #3, #4, #11) so a changed Electron default cannot weaken it.
 */
export function mainWindowOptions(preload: string, bounds: { width: number; height: number; x?: number; y?: number }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'XMPP Gateway Wizard',
    backgroundColor: WINDOW_BACKGROUND.light, // main.ts passes the dark one when the theme is dark
    autoHideMenuBar: false, // File, Edit, View, Help stay visible, as in the Windows admin tools
    webPreferences: {
      preload,
      contextIsolation: true, // checklist #3
      sandbox: true, // checklist #4
      nodeIntegration: false, // checklist #2
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false, // checklist #11
      spellcheck: false,
    },
  }
}

/**
 * Blocks navigation away from app://wizard, new windows and webviews on a WebContents
 * (checklist #12, #13, #14). Help links open in the system browser through openExternal, and
 * only when they are https URLs from the fixed list the caller allows.
 */
export function guardWebContents(contents: WebContents, openExternal: (url: string) => void, isAllowedExternal: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isInternalUrl(url, APP_ORIGIN)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isInternalUrl(url, APP_ORIGIN)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) openExternal(url)
    return { action: 'deny' }
  })
}

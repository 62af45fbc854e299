import type { App, BrowserWindow } from 'electron'

/**
 * Makes this process the only running instance, or hands over to the one already running.
 *
 * Two instances would write the same lowdb files and logs concurrently (issue 6: "single instance;
 * a second launch focuses the first"). When the lock is taken the second process quits at once and
 * Electron raises 'second-instance' in the first, which calls `focus`.
 *
 * Call before `app.whenReady()`. `focus` may run before any window exists (a second launch during
 * start-up), so it must cope with that.
 *
 * @returns true when this process owns the lock and should go on starting; false when it quits.
 */
export function setupSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'on' | 'quit'>, focus: () => void, openArgs?: (argv: string[], cwd: string) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  // The second instance's command line matters only for project files the admin double-clicked
  // (Windows starts "<exe> <file>.xgwproj"); they are imported as new projects, never run.
  app.on('second-instance', (_event, argv, cwd) => {
    focus()
    openArgs?.(argv, cwd)
  })
  return true
}

/**
 * Brings an existing window to the front: restored if minimised, shown if hidden, then focused.
 *
 * `focus()` alone does not un-minimise on Windows. A destroyed or missing window is ignored.
 */
export function focusWindow(win: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'isVisible' | 'show' | 'focus'> | null | undefined): void {
  if (!win || win.isDestroyed()) return
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  win.focus()
}

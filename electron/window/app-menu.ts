import type { MenuItemConstructorOptions } from 'electron'
import { ACCELERATORS, type AppCommand } from '../../shared/ui/app-commands'

export interface MenuActions {
  /** Sends a command to the window's renderer. */
  send(command: AppCommand): void
  /** File > Open/Import project…: the main process shows the file dialog and imports the choice. */
  openProject(): void
}

/**
 * The application menu (File, Edit, View, Help) with the accelerators Windows users expect.
 *
 * Reload and the developer tools are there only in development: in the installed app a reload
 * would drop what is being typed, and the tools would let anyone at the console script the window.
 */
export function applicationMenuTemplate(actions: MenuActions, opts: { isDev: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: AppCommand, extra: Partial<MenuItemConstructorOptions> = {}): MenuItemConstructorOptions => ({
    label,
    click: () => actions.send(command),
    ...extra,
  })
  const mac = opts.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = []
  if (mac) template.push({ role: 'appMenu' })
  template.push(
    {
      label: '&File',
      submenu: [
        cmd('&New project', 'new-project', { accelerator: ACCELERATORS['new-project'] }),
        { label: '&Open/Import project…', accelerator: ACCELERATORS['open-project'], click: () => actions.openProject() },
        cmd('&Export project…', 'export-project', { accelerator: ACCELERATORS['export-project'] }),
        { type: 'separator' },
        cmd('&Save export folder…', 'save-export', { accelerator: ACCELERATORS['save-export'] }),
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo', label: '&Undo' },
        { role: 'redo', label: '&Redo' },
        { type: 'separator' },
        { role: 'cut', label: 'Cu&t' },
        { role: 'copy', label: '&Copy' },
        { role: 'paste', label: '&Paste' },
        { type: 'separator' },
        { role: 'selectAll', label: 'Select &all' },
      ],
    },
    {
      label: '&View',
      submenu: [
        {
          label: '&Theme',
          submenu: [cmd('&System', 'theme-system'), cmd('&Light', 'theme-light'), cmd('&Dark', 'theme-dark')],
        },
        { type: 'separator' },
        { role: 'resetZoom', label: '&Actual size' },
        { role: 'zoomIn', label: 'Zoom &in' },
        { role: 'zoomOut', label: 'Zoom &out' },
        ...(opts.isDev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        cmd('&Microsoft sources for this step', 'help-sources', { accelerator: ACCELERATORS['help-sources'] }),
        { type: 'separator' },
        cmd('Open &log folder', 'open-log-folder'),
        cmd('&Copy diagnostics', 'copy-diagnostics'),
        { type: 'separator' },
        cmd('&About XMPP Gateway Wizard', 'about'),
      ],
    },
  )
  return template
}

/** What Electron's 'context-menu' event tells about the spot that was right-clicked. */
export interface ContextParams {
  isEditable: boolean
  selectionText: string
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean }
}

/**
 * The native context menu for text fields: Cut, Copy, Paste, Select all (admins paste PEM and JSON
 * with the mouse). Selected read-only text gets Copy. Code views have the app's own menu (Copy,
 * Select all of that view), which suppresses this event; elsewhere nothing is shown, like native
 * Windows controls.
 */
export function contextMenuTemplate(p: ContextParams): MenuItemConstructorOptions[] {
  if (p.isEditable) {
    return [
      { role: 'cut', label: 'Cu&t', enabled: p.editFlags.canCut },
      { role: 'copy', label: '&Copy', enabled: p.editFlags.canCopy },
      { role: 'paste', label: '&Paste', enabled: p.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: 'Select &all', enabled: p.editFlags.canSelectAll },
    ]
  }
  if (p.selectionText.trim()) return [{ role: 'copy', label: '&Copy' }]
  return []
}

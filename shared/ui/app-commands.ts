/**
 * Commands of the application menu that the renderer carries out. Electron's native menu sends one
 * of these names to the window (and nothing else crosses: no payload); the browser host's own menu
 * bar calls the same handlers directly. Edit, zoom and window commands are not here: Electron's
 * menu roles do them natively, the browser's own keys do them in the browser host.
 */
export const APP_COMMANDS = [
  'new-project',
  'export-project',
  'save-export',
  'theme-system',
  'theme-light',
  'theme-dark',
  'help-sources',
  'open-log-folder',
  'copy-diagnostics',
  'about',
  /** A project file was opened by the desktop (double-click, Open…): reload the list and the open project. */
  'project-opened',
] as const
export type AppCommand = (typeof APP_COMMANDS)[number]

export function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'string' && (APP_COMMANDS as readonly string[]).includes(value)
}

/** The channel main sends commands on, and the DOM event the preload turns them into. */
export const APP_COMMAND_CHANNEL = 'xgw:command'
export const APP_COMMAND_EVENT = 'xgw-command'

/** Keyboard shortcuts as Windows users expect them; Electron accelerator syntax. */
export const ACCELERATORS = {
  'new-project': 'CmdOrCtrl+N',
  'open-project': 'CmdOrCtrl+O',
  'export-project': 'CmdOrCtrl+Shift+E',
  'save-export': 'CmdOrCtrl+S',
  'help-sources': 'F1',
} as const

import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'XMPP Gateway Wizard'

/**
 * The data directory: Electron's userData when given, else XGW_DATA_DIR, else the OS's
 * per-user configuration folder (architecture.md "Data directory").
 */
export function resolveDataDir(opts: { electronUserData?: string; env: NodeJS.ProcessEnv; platform: NodeJS.Platform }): string {
  if (opts.env.XGW_DATA_DIR) return opts.env.XGW_DATA_DIR
  if (opts.electronUserData) return opts.electronUserData
  if (opts.platform === 'win32') return join(opts.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME)
  if (opts.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME)
  return join(opts.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'xmpp-gateway-wizard')
}

/** Where each service keeps its files inside the data directory. */
export function dataPaths(dataDir: string) {
  return {
    projectFile: join(dataDir, 'project.json'),
    storeDir: join(dataDir, 'store'),
    exportsDir: join(dataDir, 'exports'),
  }
}

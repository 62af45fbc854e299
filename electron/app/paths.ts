// node:fs's promises, read where they are used: the command line loads this module but may never
// write asynchronously, and loading fs/promises costs it about 2 ms (xgw start-up, issue 12).
import { promises as fsp } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The data folder's name on every OS. It is Electron's own userData name (package.json
 * productName), so the app, the browser host and the `xgw` command line all use one folder, and the
 * Windows uninstaller's "%APPDATA%\XMPP Gateway Wizard" is the folder they wrote.
 */
export const APP_DIR_NAME = 'XMPP Gateway Wizard'
/** The Linux folder the command line used before 0.1.0 unified the folders; read once, then moved. */
export const LEGACY_DIR_NAME = 'xmpp-gateway-wizard'

interface Where {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
}

/** The per-user configuration folder that holds the data folder (what Electron calls appData). */
function configRoot({ env, platform }: Where): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config')
}

/**
 * The data directory: XGW_DATA_DIR when set, else `<config folder>/XMPP Gateway Wizard`, which is
 * exactly where Electron puts userData for this app (architecture.md "Data directory").
 */
export function resolveDataDir(where: Where): string {
  if (where.env.XGW_DATA_DIR) return where.env.XGW_DATA_DIR
  return join(configRoot(where), APP_DIR_NAME)
}

/** Folders an earlier version may have written instead of {@link resolveDataDir}'s. */
export function legacyDataDirs(where: Where): string[] {
  if (where.platform === 'win32' || where.platform === 'darwin') return []
  return [join(configRoot(where), LEGACY_DIR_NAME)]
}

const exists = (p: string) =>
  fsp.stat(p).then(
    () => true,
    () => false,
  )

/** Moves a file or folder; across file systems (EXDEV) it copies, then removes the source. */
async function move(from: string, to: string): Promise<void> {
  try {
    await fsp.rename(from, to)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e
    await fsp.cp(from, to, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true })
    await fsp.rm(from, { recursive: true, force: true })
  }
}

/**
 * Brings data from an earlier version's folder into the data directory, so that projects saved by
 * the old command line (Linux: ~/.config/xmpp-gateway-wizard) are not lost when the folders unify.
 *
 * - Only for the default folder: an explicit XGW_DATA_DIR is the admin's choice and is left alone.
 * - The data directory has no projects yet: every entry of the old folder that the new one lacks is
 *   moved over (nothing is overwritten), and the old folder is removed once empty.
 * - Both have projects: nothing is moved (two project files cannot be merged silently); the
 *   returned notice says where the other projects are and how to bring them over.
 *
 * @returns a notice for the admin, or null when there was nothing to say.
 */
export async function adoptLegacyData(dataDir: string, where: Where): Promise<string | null> {
  if (where.env.XGW_DATA_DIR || dataDir !== resolveDataDir(where)) return null
  for (const legacy of legacyDataDirs(where)) {
    if (legacy === dataDir || !(await exists(join(legacy, 'project.json')))) continue
    if (await exists(join(dataDir, 'project.json'))) {
      return `Projects saved by an earlier version of the xgw command line are still in ${legacy}. ` + `To bring one over, run: xgw --data-dir "${legacy}" project export NAME --out NAME.xgwproj, then open NAME.xgwproj here.`
    }
    if (!(await exists(dataDir))) {
      await move(legacy, dataDir)
    } else {
      for (const entry of await fsp.readdir(legacy)) {
        if (!(await exists(join(dataDir, entry)))) await move(join(legacy, entry), join(dataDir, entry))
      }
      await fsp.rmdir(legacy).catch(() => {}) // left in place when something could not be moved
    }
    return `Projects from ${legacy} were moved to ${dataDir}, the folder the app and the xgw command line now share.`
  }
  return null
}

/** Where each service keeps its files inside the data directory. */
export function dataPaths(dataDir: string) {
  return {
    projectFile: join(dataDir, 'project.json'),
    storeDir: join(dataDir, 'store'),
    exportsDir: join(dataDir, 'exports'),
  }
}

import { storedToken } from '../api/transports'
import { downloadBytes } from './browser-io'

/** The browser host can zip a saved export folder (GET /export.zip); the desktop app saves where the admin chose. */
export const canDownloadExportZip = (): boolean => typeof window !== 'undefined' && !window.xgw

/**
 * Downloads a saved export folder (browser host) as one .zip, named after the folder. Only the folder's
 * name is sent; the host looks it up under its own exports folder. Resolves to a line for a status.
 */
export async function downloadExportZip(folder: string): Promise<string> {
  const name = folder.split(/[\\/]/).pop() ?? ''
  const res = await fetch(`./export.zip?folder=${encodeURIComponent(name)}`, { headers: { 'x-xgw-token': storedToken(sessionStorage) ?? '' } }).catch(() => null)
  if (!res?.ok) return `The .zip could not be made${res ? ` (HTTP ${res.status})` : ''}; the files are in ${folder}.`
  downloadBytes(`${name}.zip`, new Uint8Array(await res.arrayBuffer()), 'application/zip')
  return `Downloaded ${name}.zip.`
}

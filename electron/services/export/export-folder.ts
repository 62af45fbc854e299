import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../../lib/atomic-file'
import { withEol, type ExportFile } from '../../../shared/export/export-bundle'

const BOM = Buffer.from([0xef, 0xbb, 0xbf])
const SAFE_NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/

/**
 * The bytes of one export file: explicit encoding (UTF-8, with BOM for .ps1 so Windows
 * PowerShell 5.1 does not read the script as ANSI) and the file's line endings (CRLF).
 */
export function encodeExportFile(file: ExportFile): Buffer {
  const text = Buffer.from(withEol(file), 'utf8')
  return file.encoding === 'utf8-bom' ? Buffer.concat([BOM, text]) : text
}

/** xmpp-export-YYYYMMDD-HHmmss in local time: sorts by time, readable in Explorer. */
export function exportFolderName(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `xmpp-export-${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

/**
 * Writes the export into a new timestamped folder under `outDir` (never over an earlier export:
 * a second export in the same second gets a -2 suffix). Each file is written atomically.
 * `outDir` comes from the command line or the host's save dialog, never from the renderer.
 */
export async function writeExportFolder(outDir: string, files: readonly ExportFile[], now: Date): Promise<{ folder: string; files: string[] }> {
  for (const f of files) if (!SAFE_NAME.test(f.fileName)) throw new Error(`unsafe export file name: ${f.fileName}`)
  await mkdir(outDir, { recursive: true })
  const base = join(outDir, exportFolderName(now))
  let folder = base
  for (let i = 2; await exists(folder); i++) folder = `${base}-${i}`
  await mkdir(folder, { recursive: false })
  const written: string[] = []
  for (const f of files) {
    // 0644: the scripts are copied to and read on other machines; nothing here is secret.
    await writeFileAtomic(join(folder, f.fileName), encodeExportFile(f), 0o644)
    written.push(f.fileName)
  }
  return { folder, files: written }
}

import { spawn } from 'node:child_process'

/**
 * Opens a URL or a folder with the desktop's default handler (browser, file manager), outside
 * Electron. Resolves false when no handler could be started; never throws.
 */
export function openWithDesktop(target: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [cmd, args]: [string, string[]] =
    platform === 'win32' ? ['explorer.exe', [target]] : platform === 'darwin' ? ['open', [target]] : ['xdg-open', [target]]
  return new Promise((resolve) => {
    try {
      const child = spawn(cmd, args, { stdio: 'ignore', detached: true })
      child.once('error', () => resolve(false))
      child.once('spawn', () => {
        child.unref()
        resolve(true)
      })
    } catch {
      resolve(false)
    }
  })
}

import { spawn } from 'node:child_process'

/**
 * Opens a URL or a folder with the desktop's default handler (browser, file manager), outside
 * Electron. Resolves false when no handler could be started; never throws.
 */
export function openWithDesktop(target: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const [cmd, args]: [string, string[]] = platform === 'win32' ? ['explorer.exe', [target]] : platform === 'darwin' ? ['open', [target]] : ['xdg-open', [target]]
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

/**
 * Writes the page that takes the browser to the app: an HTML file readable only by this user
 * (0600, in the user-only data directory) that redirects to `url`. The browser is then opened on
 * the file, so the per-launch token never appears on a command line, where any local user can
 * read it (`ps`, /proc/<pid>/cmdline). Jupyter opens its server the same way.
 */
export async function writeLaunchFile(dir: string, url: string): Promise<string> {
  const { writeFileAtomic } = await import('./atomic-file')
  const path = await import('node:path')
  const file = path.join(dir, 'open-browser.html')
  const safe = url.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${safe}">
<title>XMPP Gateway Wizard</title></head>
<body><p>Opening XMPP Gateway Wizard… If nothing happens, <a href="${safe}">open it here</a>.</p></body></html>
`
  await writeFileAtomic(file, html, 0o600)
  return file
}

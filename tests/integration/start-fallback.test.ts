import { expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describeWhen } from '../helpers/skip'
import { tempDir } from '../helpers/temp-dir'

// `npm start` runs scripts/start.mjs. Electron's binary cannot be downloaded on these machines, so
// here the fallback path is the real one: one sentence on stderr, then the browser host.
const electronBinary = (() => {
  const pathFile = 'node_modules/electron/path.txt'
  return existsSync(pathFile) && existsSync(`node_modules/electron/dist/${readFileSync(pathFile, 'utf8').trim()}`)
})()

describeWhen(!electronBinary, "Electron's binary is installed, so npm start opens the desktop app, not the browser fallback", 'npm start without the Electron binary', () => {
  it('says so in one sentence and serves the app from the browser host', async () => {
    const { dir, cleanup } = await tempDir()
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open', '--port', '0'], { env: { ...process.env, XGW_DATA_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed; stderr: ${err}`)), 60_000)
      child.stdout.on('data', (d) => {
        out += d
        const m = /^Listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)\n/m.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1] ?? '')
        }
      })
    })
    try {
      expect(err).toMatch(/^(Building XMPP Gateway Wizard…\n)?Electron's binary is not installed on this machine \(it could not be downloaded\)\. Starting XMPP Gateway Wizard in your browser instead\.\n$/)
      expect(out.trim().split('\n')).toHaveLength(1)
      const page = await fetch(new URL('/', url))
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="app">')
      // Stopping `npm start` stops the host it started: nothing is left listening on the port.
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      await expect(fetch(new URL('/', url))).rejects.toThrow()
    } finally {
      child.kill('SIGKILL')
      await cleanup()
    }
  })
})

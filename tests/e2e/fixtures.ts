import { test as base, expect } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Host {
  url: string
  origin: string
  token: string
  dataDir: string
  /** Stops the host and starts a new one on the same data directory (a new token, as after a restart). */
  restart(): Promise<void>
}

async function launch(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist-electron/browser-host.js', '--no-open', '--port', '0'], {
    env: { ...process.env, XGW_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out}`)), 15_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${out}`)))
  })
  return { child, url }
}

/** Kills the host and waits until it has exited, so nothing it still writes races the next step. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill()
  await exited
}

/**
 * Every test gets the real browser host (the built dist-electron/browser-host.js) on a free
 * port with its own temporary data directory: real services, real lowdb, real files.
 */
export const test = base.extend<{ host: Host }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this destructuring; it needs none
  host: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'xgw-e2e-'))
    let current = await launch(dataDir)
    const host: Host = {
      dataDir,
      get url() {
        return current.url
      },
      get origin() {
        return new URL(current.url).origin
      },
      get token() {
        return new URL(current.url).searchParams.get('token')!
      },
      async restart() {
        await stop(current.child)
        current = await launch(dataDir)
      },
    }
    await use(host)
    await stop(current.child)
    // Retries cover a file Chromium's download or the host's last write is still closing.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
  },
})
export { expect }

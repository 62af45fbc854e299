import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

export interface HostProcess {
  readonly url: string
  readonly origin: string
  readonly token: string
  readonly child: ChildProcess
  /** POSTs one route; the parsed envelope. */
  rpc(route: string, input: unknown): Promise<{ ok: boolean; value?: any; error?: { code: string; message: string; details?: Record<string, unknown> } }> // eslint-disable-line @typescript-eslint/no-explicit-any -- each test reads its own route's value shape
  stop(): Promise<void>
}

/** The real browser host (dist-electron/browser-host.js) on a free port with its own data directory. */
export async function startHostProcess(dataDir: string, env: Record<string, string> = {}, args: string[] = ['--no-open']): Promise<HostProcess> {
  const child = spawn(process.execPath, ['dist-electron/browser-host.js', '--port', '0', '--data-dir', dataDir, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out}`)), 20_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code, signal) => reject(new Error(`host exited with ${code ?? signal}: ${out}`)))
  })
  const u = new URL(url)
  const token = u.searchParams.get('token')!
  return {
    url,
    origin: u.origin,
    token,
    child,
    async rpc(route, input) {
      const res = await fetch(`${u.origin}/rpc/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xgw-token': token }, body: JSON.stringify(input) })
      return (await res.json()) as never
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

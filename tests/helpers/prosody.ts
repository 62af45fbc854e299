/**
 * Runs Debian's Prosody (0.12) on 127.0.0.1 with a config the test writes to a temp dir: only
 * the s2s listener, on a free port, one VirtualHost per test domain with its own certificate
 * and STARTTLS policy. Never touches /etc/prosody: `--config` points at the temp file and
 * `-F` keeps it in the foreground so the child can be killed by pid.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

export const PROSODY_BIN = '/usr/bin/prosody'

/** True when the prosody binary is installed (CI installs the `prosody` apt package). */
export function hasProsody(): boolean {
  return existsSync(PROSODY_BIN)
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

/** Resolves once something accepts TCP on host:port; rejects after `ms` or when `alive()` turns false. */
export async function waitForPort(port: number, ms: number, alive: () => boolean = () => true): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port })
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => {
        s.destroy()
        resolve(false)
      })
    })
    if (ok) return
    if (!alive()) throw new Error(`the server for port ${port} exited before listening`)
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** One VirtualHost of the test server. */
export interface ProsodyHost {
  readonly domain: string
  /** PEM: leaf followed by intermediates. Omit for a host without a certificate. */
  readonly certificateFile?: string
  readonly keyFile?: string
  /** Offer STARTTLS with <required/> (RFC 6120 §5.3.1). @default true */
  readonly requireEncryption?: boolean
  /** Offer STARTTLS at all. @default true */
  readonly allowEncryption?: boolean
  /** CA file used to verify a peer's client certificate (SASL EXTERNAL, XEP-0178). */
  readonly cafile?: string
  /** Load mod_dialback (XEP-0220). @default true */
  readonly dialback?: boolean
}

export interface RunningProsody {
  readonly port: number
  readonly dir: string
  readonly pid: number
  log(): Promise<string>
  stop(): Promise<void>
}

const lua = (s: string) => JSON.stringify(s)

function configText(dir: string, port: number, hosts: readonly ProsodyHost[]): string {
  const lines = [
    // mod_posix refuses uid 0 unless told (https://prosody.im/doc/root); CI runs as root.
    'run_as_root = true',
    'daemonize = false',
    `pidfile = ${lua(join(dir, 'prosody.pid'))}`,
    `data_path = ${lua(join(dir, 'data'))}`,
    `log = { { levels = { min = "info" }, to = "file", filename = ${lua(join(dir, 'prosody.log'))} } }`,
    'interfaces = { "127.0.0.1" }',
    'local_interfaces = { "127.0.0.1" }',
    `s2s_ports = { ${port} }`,
    's2s_interfaces = { "127.0.0.1" }',
    's2s_direct_tls_ports = { }',
    'http_ports = { }',
    'https_ports = { }',
    'component_ports = { }',
    // Only s2s: no c2s listener on 5222, nothing that reaches out (no DNS for s2sout is ever used).
    'modules_enabled = { "tls"; "saslauth"; "disco" }',
    'modules_disabled = { "c2s"; "offline"; "admin_socket" }',
    'authentication = "internal_plain"',
    's2s_secure_auth = false',
    `certificates = ${lua(dir)}`,
    '',
  ]
  for (const h of hosts) {
    lines.push(`VirtualHost ${lua(h.domain)}`)
    if (h.certificateFile && h.keyFile) {
      const ca = h.cafile ? `; cafile = ${lua(h.cafile)}` : ''
      lines.push(`  ssl = { certificate = ${lua(h.certificateFile)}; key = ${lua(h.keyFile)}${ca} }`)
    }
    lines.push(`  s2s_require_encryption = ${h.requireEncryption ?? true}`)
    lines.push(`  s2s_allow_encryption = ${h.allowEncryption ?? true}`)
    if (h.dialback ?? true) lines.push('  modules_enabled = { "dialback" }')
    lines.push('')
  }
  return lines.join('\n')
}

/** Starts Prosody serving s2s for `hosts` on a free 127.0.0.1 port; waits until it accepts TCP. */
export async function startProsody(dir: string, hosts: readonly ProsodyHost[], timeoutMs = 15_000): Promise<RunningProsody> {
  await mkdir(join(dir, 'data'), { recursive: true })
  const port = await freeTcpPort()
  const cfg = join(dir, 'prosody.cfg.lua')
  await writeFile(cfg, configText(dir, port, hosts))
  const child: ChildProcess = spawn(PROSODY_BIN, ['-F', '--config', cfg], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString()
  })
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString()
  })
  let exited = false
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true
      resolve()
    }),
  )
  const readLog = async () => `${output}\n${await readFile(join(dir, 'prosody.log'), 'utf8').catch(() => '')}`
  try {
    await waitForPort(port, timeoutMs, () => !exited)
  } catch (e) {
    child.kill('SIGKILL')
    throw new Error(`${(e as Error).message}\n${await readLog()}`, { cause: e })
  }
  return {
    port,
    dir,
    pid: child.pid!,
    log: readLog,
    async stop() {
      if (exited) return
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exit
      clearTimeout(t)
    },
  }
}

/**
 * Runs Debian's dnsmasq (package dnsmasq-base) as an authoritative-looking DNS server on
 * 127.0.0.1 and a free port, answering only the records a test gives on its command line
 * (toolchain.md appendix). No config file is read (`--conf-file=/dev/null`), no upstream is
 * asked (`--no-resolv`), and names under `localDomains` that have no record get NXDOMAIN.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { freeTcpPort, waitForPort } from './prosody'

export const DNSMASQ_BIN = '/usr/sbin/dnsmasq'

/** True when dnsmasq is installed (CI installs the `dnsmasq-base` apt package). */
export function hasDnsmasq(): boolean {
  return existsSync(DNSMASQ_BIN)
}

export interface SrvSpec {
  /** Owner, e.g. _xmpp-server._tcp.contoso.example */
  readonly name: string
  readonly target: string
  readonly port: number
  readonly priority: number
  readonly weight: number
}

export interface DnsZone {
  readonly srv?: readonly SrvSpec[]
  readonly hosts?: readonly { readonly name: string; readonly addresses: readonly string[] }[]
  readonly cnames?: readonly { readonly alias: string; readonly target: string }[]
  /** Answer NXDOMAIN for unknown names under these domains instead of REFUSED. */
  readonly localDomains?: readonly string[]
}

export interface RunningDnsmasq {
  readonly port: number
  /** `127.0.0.1:port`, what Resolver.setServers and `xgw dns-check --server` take. */
  readonly server: string
  stop(): Promise<void>
}

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4')
    s.once('error', () => {
      s.close()
      resolve(false)
    })
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
}

/** A port free for both TCP and UDP on 127.0.0.1. */
export async function freeDnsPort(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await freeTcpPort()
    if (await udpFree(port)) return port
  }
  throw new Error('no free TCP+UDP port on 127.0.0.1')
}

/** Starts dnsmasq for `zone`; resolves when it accepts TCP (dnsmasq serves TCP and UDP alike). */
export async function startDnsmasq(dir: string, zone: DnsZone, timeoutMs = 10_000): Promise<RunningDnsmasq> {
  const port = await freeDnsPort()
  const args = [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--no-negcache',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    `--pid-file=${join(dir, 'dnsmasq.pid')}`,
    '--user=root',
    '--group=root',
    ...(zone.localDomains ?? []).map((d) => `--local=/${d}/`),
    ...(zone.srv ?? []).map((s) => `--srv-host=${s.name},${s.target},${s.port},${s.priority},${s.weight}`),
    ...(zone.hosts ?? []).map((h) => `--host-record=${[h.name, ...h.addresses].join(',')}`),
    ...(zone.cnames ?? []).map((c) => `--cname=${c.alias},${c.target}`),
  ]
  const child: ChildProcess = spawn(DNSMASQ_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] })
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
  try {
    await waitForPort(port, timeoutMs, () => !exited)
  } catch (e) {
    child.kill('SIGKILL')
    throw new Error(`${(e as Error).message}\n${output}`, { cause: e })
  }
  return {
    port,
    server: `127.0.0.1:${port}`,
    async stop() {
      if (exited) return
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exit
      clearTimeout(t)
    },
  }
}

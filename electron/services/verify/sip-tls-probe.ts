/**
 * The SIP federation port probe: direct TLS to the Access Edge on 5061 (spec §1.7; the same
 * external certificate serves SIP and XMPP, §3 "Assignment"), SNI = the Access Edge FQDN.
 * No SIP message is sent: the handshake alone shows the certificate, then the socket closes.
 */
import { type ProbeError, type ProbePhase, toProbeError } from './net-errors'
import { closePolitely, connectTcp, deadlineOf, type NetPort, startTls, type TlsFacts } from './transport'
import type { Socket } from 'node:net'

/** Spec §1.7 / S22: SIP federation on the Access Edge external interface. */
export const SIP_TLS_PORT = 5061

export interface SipProbeOptions {
  readonly host: string
  /** @default 5061 */
  readonly port?: number
  /** SNI: the Access Edge FQDN. */
  readonly servername: string
  readonly timeoutMs: number
  readonly ca?: readonly string[]
}

export interface SipProbeRaw {
  readonly target: string
  readonly reachable: boolean
  readonly tls: TlsFacts | null
  readonly chain: readonly Buffer[]
  readonly error: ProbeError | null
  readonly elapsedMs: number
}

/** Runs the probe; never throws (see XmppProbeRaw for the error convention). */
export async function probeSipTls(net: NetPort, o: SipProbeOptions, now: () => number = Date.now): Promise<SipProbeRaw> {
  const port = o.port ?? SIP_TLS_PORT
  const target = `${o.host}:${port}`
  const started = now()
  const d = deadlineOf(o.timeoutMs, now)
  let phase: ProbePhase = 'connect'
  let socket: Socket | null = null
  let reachable = false
  let tls: TlsFacts | null = null
  let chain: readonly Buffer[] = []
  let error: ProbeError | null = null
  try {
    // TCP first, so "refused" and "handshake failed" stay distinct results.
    socket = await connectTcp(net, o.host, port, d)
    reachable = true
    phase = 'tls'
    const t = await startTls(net, { socket, host: o.host, port, servername: o.servername, ca: o.ca }, d)
    socket = t.socket
    tls = t.facts
    chain = t.chain
  } catch (e) {
    error = toProbeError(e, phase, target)
  } finally {
    if (socket) await closePolitely(socket, null, Math.min(1000, d.remaining() + 200))
  }
  return { target, reachable, tls, chain, error, elapsedMs: now() - started }
}

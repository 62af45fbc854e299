/**
 * TCP and TLS plumbing shared by the XMPP and SIP probes: connect with a deadline, upgrade to
 * TLS on an existing socket, and collect what the server presented. Read-only: the probes send
 * only protocol greetings and close politely.
 */
import type { Socket } from 'node:net'
import type { ConnectionOptions, PeerCertificate, TLSSocket } from 'node:tls'
import { ErrorCode } from '../../../shared/errors'
import { classifySocketError, ProbeFailure } from './net-errors'

/** The network functions the probes use: node:net / node:tls in production, the same in tests. */
export interface NetPort {
  connect(options: { host: string; port: number }): Socket
  tlsConnect(options: ConnectionOptions): TLSSocket
}

/** A wall-clock budget shared by every step of one probe. */
export interface Deadline {
  readonly ms: number
  remaining(): number
}

/** A deadline `ms` from now on the given clock. */
export function deadlineOf(ms: number, now: () => number): Deadline {
  const end = now() + ms
  return { ms, remaining: () => Math.max(0, end - now()) }
}

const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`

/**
 * Runs `body` until it settles or the deadline passes; on timeout `onTimeout` destroys the
 * sockets so nothing lingers, and the probe reports TIMEOUT with what it was waiting for.
 */
export async function withDeadline<T>(d: Deadline, waitingFor: string, onTimeout: () => void, body: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(new ProbeFailure(ErrorCode.Timeout, `${waitingFor}: no answer within ${secs(d.ms)}.`))
    }, d.remaining())
  })
  try {
    return await Promise.race([body, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Opens TCP to host:port; rejects with CONNECTION_REFUSED / NO_ROUTE / DNS_FAILURE / TIMEOUT. */
export async function connectTcp(net: NetPort, host: string, port: number, d: Deadline): Promise<Socket> {
  const target = `${host}:${port}`
  const socket = net.connect({ host, port })
  const connected = new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.removeAllListeners('error')
      resolve(socket)
    })
    socket.once('error', (e) => reject(classifySocketError(e, 'connect', target)))
  })
  return withDeadline(d, `TCP connection to ${target}`, () => socket.destroy(), connected)
}

/** What the TLS handshake established. */
export interface TlsFacts {
  readonly version: string
  readonly cipher: string
  /** Node/OpenSSL verdict against the trust store used and the SNI name (RFC 6125 via checkServerIdentity). */
  readonly authorized: boolean
  readonly authorizationError: string | null
}

export interface TlsResult {
  readonly socket: TLSSocket
  readonly facts: TlsFacts
  /** DER of every certificate in the peer chain, leaf first, in issuer order. */
  readonly chain: readonly Buffer[]
}

/**
 * Upgrades `socket` to TLS (STARTTLS, RFC 6120 §5.4.3) or opens direct TLS when `socket` is
 * absent. SNI carries `servername` (the XMPP domain, or the Access Edge FQDN for SIP).
 * `rejectUnauthorized: false`: a bad certificate is a finding to report, not a reason to stop.
 */
export async function startTls(net: NetPort, o: { socket?: Socket; host: string; port: number; servername: string; ca?: readonly string[]; cert?: string; key?: string }, d: Deadline): Promise<TlsResult> {
  const target = `${o.host}:${o.port}`
  const tls = net.tlsConnect({
    ...(o.socket ? { socket: o.socket } : { host: o.host, port: o.port }),
    servername: o.servername,
    rejectUnauthorized: false,
    ...(o.ca ? { ca: [...o.ca] } : {}),
    ...(o.cert && o.key ? { cert: o.cert, key: o.key } : {}),
  })
  const done = new Promise<TlsResult>((resolve, reject) => {
    tls.once('secureConnect', () => {
      tls.removeAllListeners('error')
      tls.on('error', () => {}) // late errors after the handshake are the close path's business
      const cipher = tls.getCipher()
      resolve({
        socket: tls,
        facts: {
          version: tls.getProtocol() ?? 'unknown',
          cipher: cipher?.standardName ?? cipher?.name ?? 'unknown',
          authorized: tls.authorized,
          authorizationError: tls.authorizationError ? String(tls.authorizationError) : null,
        },
        chain: peerChain(tls),
      })
    })
    tls.once('error', (e) => reject(classifySocketError(e, o.socket ? 'tls' : 'connect', target)))
    tls.once('close', () => reject(new ProbeFailure(ErrorCode.TlsHandshakeFailed, `${target} closed the connection during the TLS handshake.`)))
  })
  return withDeadline(d, `TLS handshake with ${target}`, () => tls.destroy(), done)
}

/**
 * The peer chain as OpenSSL reports it, leaf first. Node links each certificate to its issuer
 * among those the server sent and, when the last one is not a root, adds the root it found in
 * our trust store, so with a matching anchor the list ends at that root.
 */
function peerChain(tls: TLSSocket): Buffer[] {
  const out: Buffer[] = []
  const seen = new Set<string>()
  let c: PeerCertificate | undefined = tls.getPeerCertificate(true)
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256)
    out.push(Buffer.from(c.raw))
    const next: PeerCertificate | undefined = (c as PeerCertificate & { issuerCertificate?: PeerCertificate }).issuerCertificate
    c = next
  }
  return out
}

/** Sends `bye` if given, half-closes, and waits briefly for the server to close its side. */
export async function closePolitely(socket: Socket, bye: string | null, waitMs: number): Promise<void> {
  if (socket.destroyed) return
  await new Promise<void>((resolve) => {
    const t = setTimeout(
      () => {
        socket.destroy()
        resolve()
      },
      Math.max(50, waitMs),
    )
    socket.once('close', () => {
      clearTimeout(t)
      resolve()
    })
    socket.on('error', () => {})
    socket.resume() // drain whatever the server still sends (its </stream:stream>)
    try {
      if (bye) socket.write(bye)
      socket.end()
    } catch {
      socket.destroy()
    }
  })
}

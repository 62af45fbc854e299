import { ErrorCode } from '../../../shared/errors'

/** A probe failure: a transport code from shared/errors and a sentence in words. */
export interface ProbeError {
  readonly code: ErrorCode
  readonly message: string
}

/** Where in the conversation a failure happened: decides the code of a dropped connection. */
export type ProbePhase = 'connect' | 'stream' | 'tls' | 'restart'

/** Thrown inside the probes, caught once and turned into the report's `error`. */
export class ProbeFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ProbeFailure'
  }
}

const CONNECT_CODES: Record<string, ErrorCode> = {
  ECONNREFUSED: ErrorCode.ConnectionRefused,
  ETIMEDOUT: ErrorCode.Timeout,
  EHOSTUNREACH: ErrorCode.NoRoute,
  ENETUNREACH: ErrorCode.NoRoute,
  EHOSTDOWN: ErrorCode.NoRoute,
  ENETDOWN: ErrorCode.NoRoute,
  EADDRNOTAVAIL: ErrorCode.NoRoute,
  ENOTFOUND: ErrorCode.DnsFailure,
  EAI_AGAIN: ErrorCode.DnsFailure,
  EAI_FAIL: ErrorCode.DnsFailure,
}

const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port, or a firewall rejects it)',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ENETDOWN: 'network is down',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the server reset the connection',
  EPIPE: 'the server closed the connection',
}

/**
 * Maps a socket error to a result code. Before the TCP connection exists the errno says it
 * all; once connected, any drop is the server ending the conversation: STREAM_ERROR while the
 * XMPP stream is negotiated (RFC 6120 §4), TLS_HANDSHAKE_FAILED during TLS (RFC 6120 §5.4.3).
 */
export function classifySocketError(err: unknown, phase: ProbePhase, target: string): ProbeFailure {
  if (err instanceof ProbeFailure) return err
  const e = err as NodeJS.ErrnoException
  const errno = typeof e?.code === 'string' ? e.code : ''
  const words = WORDS[errno] ?? (e?.message || 'unknown error')
  if (phase === 'connect') {
    return new ProbeFailure(CONNECT_CODES[errno] ?? ErrorCode.NoRoute, `Could not connect to ${target}: ${words}.`)
  }
  if (phase === 'tls') return new ProbeFailure(ErrorCode.TlsHandshakeFailed, `The TLS handshake with ${target} failed: ${words}.`)
  return new ProbeFailure(ErrorCode.StreamError, `The XMPP stream with ${target} broke: ${words}.`)
}

/** The probe's `error` field from anything thrown. */
export function toProbeError(err: unknown, phase: ProbePhase, target: string): ProbeError {
  const f = classifySocketError(err, phase, target)
  return { code: f.code, message: f.message }
}

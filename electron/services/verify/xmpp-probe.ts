/**
 * The XMPP server-to-server STARTTLS probe (spec §5 steps 6a and 10, issue 5): TCP to
 * host:port, the s2s stream header for the domain (RFC 6120 §4.7, §9.1.1), the features,
 * <starttls/> (§5.4.2), TLS with SNI = the domain, the presented chain, optionally the
 * restarted stream's features over TLS (§5.4.3.3: SASL EXTERNAL per XEP-0178, dialback per
 * XEP-0220), and a polite </stream:stream>. Nothing but protocol greetings is ever sent.
 */
import type { Socket } from 'node:net'
import { ErrorCode } from '../../../shared/errors'
import { classifySocketError, type ProbeError, ProbeFailure, type ProbePhase, toProbeError } from './net-errors'
import { closePolitely, connectTcp, type Deadline, deadlineOf, type NetPort, startTls, type TlsFacts, withDeadline } from './transport'
import { escapeAttr, NS, readFeatures, type StreamEvent, type StreamFeatures, streamErrorCondition, type XmlElement, XmppStreamReader } from './xmpp-stream'

export interface XmppProbeOptions {
  readonly host: string
  /** @default 5269 (spec §1.6) */
  readonly port?: number
  /** The XMPP domain: stream 'to' and TLS SNI. */
  readonly domain: string
  /** Our domain, sent as stream 'from' when given (RFC 6120 §4.7.1: SHOULD for s2s). */
  readonly from?: string
  readonly timeoutMs: number
  /** PEM trust anchors for Node's verdict; default Node's bundled root store. */
  readonly ca?: readonly string[]
  /** A client certificate (PEM) to present: partners offer SASL EXTERNAL only to a trusted peer (XEP-0178 §2). */
  readonly clientCert?: { readonly certPem: string; readonly keyPem: string }
  /** Restart the stream over TLS and read the features again (partner probe). */
  readonly restartAfterTls?: boolean
}

/** What the conversation showed, before any certificate judgement. */
export interface XmppProbeRaw {
  readonly target: string
  readonly reachable: boolean
  readonly stream: { readonly id: string | null; readonly from: string | null; readonly version: string | null; readonly dialbackNamespace: boolean } | null
  readonly features: StreamFeatures | null
  readonly starttls: { readonly offered: boolean; readonly required: boolean }
  readonly tls: TlsFacts | null
  readonly chain: readonly Buffer[]
  readonly featuresAfterTls: StreamFeatures | null
  readonly error: ProbeError | null
  readonly elapsedMs: number
}

/** The stream header an Edge would send as initiating server (RFC 6120 §4.7; xmlns:db per XEP-0220 §2.1). */
export function streamHeader(to: string, from?: string): string {
  return `<?xml version='1.0'?><stream:stream xmlns='${NS.server}' xmlns:stream='${NS.streams}' xmlns:db='${NS.dialback}' ` + `to='${escapeAttr(to)}'${from ? ` from='${escapeAttr(from)}'` : ''} version='1.0'>`
}

/** Reads stream events from a socket, one at a time, with failures coded by phase. */
class Conversation {
  private reader = new XmppStreamReader()
  private queue: StreamEvent[] = []
  private failure: ProbeFailure | null = null
  private wake: (() => void) | null = null
  phase: ProbePhase = 'stream'

  constructor(
    private socket: Socket,
    private readonly target: string,
  ) {
    this.attach(socket)
  }

  private readonly onData = (b: Buffer) => {
    try {
      this.queue.push(...this.reader.feed(b))
    } catch (e) {
      this.fail(new ProbeFailure(ErrorCode.StreamError, `${this.target} sent something that is not an XMPP stream: ${(e as Error).message}.`))
    }
    this.wake?.()
  }
  private readonly onError = (e: Error) => this.fail(classifySocketError(e, this.phase, this.target))
  private readonly onClose = () => this.fail(new ProbeFailure(ErrorCode.StreamError, `${this.target} closed the connection during XMPP stream negotiation.`))

  private attach(s: Socket): void {
    s.on('data', this.onData)
    s.on('error', this.onError)
    s.on('close', this.onClose)
  }

  /** Stops reading the raw socket before TLS takes it over. */
  detach(): void {
    this.socket.off('data', this.onData)
    this.socket.off('error', this.onError)
    this.socket.off('close', this.onClose)
  }

  /** Continues on a new (TLS) socket with a fresh stream (RFC 6120 §5.4.3.3). */
  restart(s: Socket): void {
    this.detach()
    this.socket = s
    this.reader = new XmppStreamReader()
    this.queue = []
    this.failure = null
    this.phase = 'restart'
    this.attach(s)
  }

  private fail(f: ProbeFailure): void {
    if (!this.failure) this.failure = f
    this.wake?.()
  }

  send(text: string): void {
    this.socket.write(text)
  }

  /** The next event; throws the coded failure when the peer broke off. */
  async next(): Promise<StreamEvent> {
    for (;;) {
      const ev = this.queue.shift()
      if (ev) return ev
      if (this.failure) throw this.failure
      await new Promise<void>((resolve) => {
        this.wake = resolve
      })
      this.wake = null
    }
  }

  /** The next first-level element; a <stream:error/> or the stream's end becomes STREAM_ERROR. */
  async element(): Promise<{ name: string; ns: string; el: XmlElement }> {
    const ev = await this.next()
    if (ev.kind === 'close') throw new ProbeFailure(ErrorCode.StreamError, `${this.target} closed the XMPP stream.`)
    if (ev.kind === 'open') throw new ProbeFailure(ErrorCode.StreamError, `${this.target} opened a second stream.`)
    const el = ev.element
    if (el.name === 'error' && el.ns === NS.streams) {
      const { condition, text } = streamErrorCondition(el)
      throw new ProbeFailure(ErrorCode.StreamError, `${this.target} ended the stream with <${condition}/>${text ? `: ${text}` : ''} (RFC 6120 §4.9).`)
    }
    return { name: el.name, ns: el.ns, el }
  }
}

/** Opens the stream and returns the header facts and the first <stream:features/>. */
async function negotiate(c: Conversation, header: string, target: string) {
  c.send(header)
  const open = await c.next()
  if (open.kind !== 'open') throw new ProbeFailure(ErrorCode.StreamError, `${target} did not answer with a stream header.`)
  const stream = {
    id: open.attrs.id ?? null,
    from: open.attrs.from ?? null,
    version: open.attrs.version ?? null,
    dialbackNamespace: Object.values(open.namespaces).includes(NS.dialback),
  }
  // Servers without version='1.0' send no features (RFC 6120 §4.7.5): treat as none offered.
  if (stream.version !== '1.0') return { stream, features: { starttls: false, starttlsRequired: false, dialback: false, saslMechanisms: [] } }
  const first = await c.element()
  if (first.name !== 'features' || first.ns !== NS.streams) {
    throw new ProbeFailure(ErrorCode.StreamError, `${target} sent <${first.name}/> where stream features were expected.`)
  }
  return { stream, features: readFeatures(first.el) }
}

/**
 * Runs the probe. Never throws: a failure is in `error` with the phase's code, and the fields
 * gathered before it stay filled.
 */
export async function probeXmppServer(net: NetPort, o: XmppProbeOptions, now: () => number = Date.now): Promise<XmppProbeRaw> {
  const port = o.port ?? 5269
  const target = `${o.host}:${port}`
  const started = now()
  const d: Deadline = deadlineOf(o.timeoutMs, now)
  const r: {
    reachable: boolean
    stream: XmppProbeRaw['stream']
    features: StreamFeatures | null
    tls: TlsFacts | null
    chain: readonly Buffer[]
    featuresAfterTls: StreamFeatures | null
  } = { reachable: false, stream: null, features: null, tls: null, chain: [], featuresAfterTls: null }
  let phase: ProbePhase = 'connect'
  let socket: Socket | null = null
  let error: ProbeError | null = null
  let streamOpen = false
  try {
    socket = await connectTcp(net, o.host, port, d)
    r.reachable = true
    phase = 'stream'
    const c = new Conversation(socket, target)
    const raw = socket
    const first = await withDeadline(d, `Stream header to ${target}`, () => raw.destroy(), negotiate(c, streamHeader(o.domain, o.from), target))
    streamOpen = true
    r.stream = first.stream
    r.features = first.features
    if (!first.features.starttls) {
      throw new ProbeFailure(ErrorCode.NoStarttls, `${target} does not offer STARTTLS for ${o.domain} (RFC 6120 §5.3).`)
    }
    c.send(`<starttls xmlns='${NS.tls}'/>`)
    const answer = await withDeadline(d, `STARTTLS request to ${target}`, () => raw.destroy(), c.element())
    if (answer.ns !== NS.tls || answer.name !== 'proceed') {
      // <failure/>: the server closes the stream (RFC 6120 §5.4.2.2).
      throw new ProbeFailure(ErrorCode.TlsHandshakeFailed, `${target} refused STARTTLS with <${answer.name}/>.`)
    }
    c.detach()
    phase = 'tls'
    streamOpen = false // the TLS layer replaces the stream (RFC 6120 §5.4.3.3)
    const t = await startTls(
      net,
      {
        socket: raw,
        host: o.host,
        port,
        servername: o.domain,
        ca: o.ca,
        cert: o.clientCert?.certPem,
        key: o.clientCert?.keyPem,
      },
      d,
    )
    socket = t.socket
    r.tls = t.facts
    r.chain = t.chain
    if (o.restartAfterTls) {
      phase = 'restart'
      c.restart(t.socket)
      const tlsSocket = t.socket
      const again = await withDeadline(d, `Stream restart over TLS with ${target}`, () => tlsSocket.destroy(), negotiate(c, streamHeader(o.domain, o.from), target))
      streamOpen = true
      r.featuresAfterTls = again.features
    }
  } catch (e) {
    error = toProbeError(e, phase, target)
  } finally {
    // A polite end: close our stream (RFC 6120 §4.4), then TCP/TLS (close_notify via end()).
    if (socket) await closePolitely(socket, streamOpen ? '</stream:stream>' : null, Math.min(1000, d.remaining() + 200))
  }
  return {
    target,
    reachable: r.reachable,
    stream: r.stream,
    features: r.features,
    starttls: { offered: r.features?.starttls ?? false, required: r.features?.starttlsRequired ?? false },
    tls: r.tls,
    chain: r.chain,
    featuresAfterTls: r.featuresAfterTls,
    error,
    elapsedMs: now() - started,
  }
}

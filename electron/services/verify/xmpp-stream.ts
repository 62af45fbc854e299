/**
 * Just enough of an incremental XML reader for the start of an XMPP server-to-server stream
 * (RFC 6120 §4): the stream header, then whole first-level elements (<stream:features/>,
 * <proceed/>, <failure/>, <stream:error/>), then the closing tag. No DTDs, no comments and no
 * processing instructions beyond the XML declaration are allowed in XMPP (RFC 6120 §11.1), so
 * anything else is a protocol error. Input is bounded: a peer that sends more than `maxBytes`
 * before we are done is treated as broken.
 */
import { StringDecoder } from 'node:string_decoder'
import { AppError, ErrorCode } from '../../../shared/errors'

/** An element with its resolved namespace; text is the concatenated character data. */
export interface XmlElement {
  readonly name: string // local name
  readonly ns: string
  readonly attrs: Readonly<Record<string, string>>
  readonly children: XmlElement[]
  text: string
}

export type StreamEvent =
  | { readonly kind: 'open'; readonly attrs: Readonly<Record<string, string>>; readonly ns: string; readonly namespaces: Readonly<Record<string, string>> }
  | { readonly kind: 'element'; readonly element: XmlElement }
  | { readonly kind: 'close' }

export const NS = {
  streams: 'http://etherx.jabber.org/streams',
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  streamErrors: 'urn:ietf:params:xml:ns:xmpp-streams',
  dialbackFeature: 'urn:xmpp:features:dialback', // XEP-0220 §2.4 stream feature
  dialback: 'jabber:server:dialback', // XEP-0220 namespace declared on the stream header
  server: 'jabber:server',
} as const

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }

/** XML 1.0 §2.2 Char: what a character reference may name (no NUL, no surrogates, nothing past U+10FFFF). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
}

function unescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (!e.startsWith('#')) return ENTITIES[e] ?? m
    const cp = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    if (!isXmlChar(cp)) throw new XmlStreamError(`the character reference ${m.length > 16 ? `${m.slice(0, 14)}…` : m} names no XML character`)
    return String.fromCodePoint(cp)
  })
}

/** Escapes a value for an XML attribute in single quotes. */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;')
}

interface Frame {
  readonly qname: string
  readonly scope: Record<string, string>
  readonly element: XmlElement | null // null for the stream root
}

/** Thrown for input that is not a well-formed XMPP stream start: coded, like every engine failure. */
export class XmlStreamError extends AppError {
  constructor(message: string) {
    super(ErrorCode.StreamError, message)
    this.name = 'XmlStreamError'
  }
}

/** Feeds raw bytes, yields stream events. One instance per stream (reset after STARTTLS). */
export class XmppStreamReader {
  private buf = ''
  private total = 0
  // A multi-byte UTF-8 character split across two TCP packets is held back until it is whole.
  private readonly decoder = new StringDecoder('utf8')
  private stack: Frame[] = []
  private opened = false

  constructor(private readonly maxBytes = 256 * 1024) {}

  /** Adds bytes and returns every event they complete. */
  feed(chunk: Buffer | string): StreamEvent[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk)
    this.total += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
    if (this.total > this.maxBytes) throw new XmlStreamError(`more than ${this.maxBytes} bytes without finishing negotiation`)
    this.buf += text
    const out: StreamEvent[] = []
    for (;;) {
      const lt = this.buf.indexOf('<')
      if (lt < 0) {
        // Character data so far; a reference cut off by the packet boundary waits for its ';'.
        const amp = this.buf.lastIndexOf('&')
        const keep = amp >= 0 && !this.buf.includes(';', amp) ? amp : this.buf.length
        this.text(this.buf.slice(0, keep))
        this.buf = this.buf.slice(keep)
        break
      }
      if (lt > 0) {
        this.text(this.buf.slice(0, lt))
        this.buf = this.buf.slice(lt)
      }
      const end = this.tagEnd()
      if (end < 0) break
      const tag = this.buf.slice(0, end + 1)
      this.buf = this.buf.slice(end + 1)
      const ev = this.tag(tag)
      if (ev) out.push(ev)
    }
    return out
  }

  /** Index of the '>' closing the tag at the start of buf, skipping quoted attribute values. */
  private tagEnd(): number {
    if (this.buf.startsWith('<?')) {
      const i = this.buf.indexOf('?>')
      return i < 0 ? -1 : i + 1
    }
    let quote = ''
    for (let i = 1; i < this.buf.length; i++) {
      const c = this.buf[i]
      if (quote) {
        if (c === quote) quote = ''
      } else if (c === '"' || c === "'") quote = c
      else if (c === '>') return i
    }
    return -1
  }

  private text(s: string): void {
    const top = this.stack[this.stack.length - 1]
    if (top?.element) top.element.text += unescape(s)
    else if (s.trim() !== '') throw new XmlStreamError(this.opened ? 'character data at stream level' : 'text before the stream header')
  }

  private tag(tag: string): StreamEvent | null {
    if (tag.startsWith('<?')) {
      if (this.opened || !/^<\?xml[\s?]/.test(tag)) throw new XmlStreamError('unexpected processing instruction')
      return null
    }
    if (tag.startsWith('<!')) throw new XmlStreamError('comments and DTDs are not allowed in XMPP (RFC 6120 §11.1)')
    if (tag.startsWith('</')) {
      const qname = tag.slice(2, -1).trim()
      const frame = this.stack.pop()
      if (!frame || frame.qname !== qname) throw new XmlStreamError(`unexpected closing tag </${qname}>`)
      if (this.stack.length === 0) return { kind: 'close' }
      return this.stack.length === 1 && frame.element ? { kind: 'element', element: frame.element } : null
    }
    const selfClosing = tag.endsWith('/>')
    const body = tag.slice(1, selfClosing ? -2 : -1)
    const m = /^([^\s/>]+)/.exec(body)
    if (!m) throw new XmlStreamError('malformed tag')
    const qname = m[1]!
    const attrs: Record<string, string> = {}
    const re = /([^\s=]+)\s*=\s*(?:'([^']*)'|"([^"]*)")/g
    for (let a; (a = re.exec(body.slice(qname.length)));) attrs[a[1]!] = unescape(a[2] ?? a[3] ?? '')
    const parentScope = this.stack[this.stack.length - 1]?.scope ?? {}
    const scope: Record<string, string> = { ...parentScope }
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') scope[''] = v
      else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v
    }
    const colon = qname.indexOf(':')
    const prefix = colon < 0 ? '' : qname.slice(0, colon)
    const local = colon < 0 ? qname : qname.slice(colon + 1)
    const ns = scope[prefix] ?? ''
    if (!this.opened) {
      // The first element must be <stream:stream> in the streams namespace (RFC 6120 §4.8.1).
      if (local !== 'stream' || ns !== NS.streams || selfClosing) throw new XmlStreamError(`expected a stream header, got <${qname}>`)
      this.opened = true
      this.stack.push({ qname, scope, element: null })
      return { kind: 'open', attrs, ns: scope[''] ?? '', namespaces: scope }
    }
    const element: XmlElement = { name: local, ns, attrs, children: [], text: '' }
    const parent = this.stack[this.stack.length - 1]
    if (parent?.element) parent.element.children.push(element)
    if (selfClosing) return this.stack.length === 1 ? { kind: 'element', element } : null
    this.stack.push({ qname, scope, element })
    return null
  }
}

/** What a <stream:features/> element offers (RFC 6120 §4.3.2). */
export interface StreamFeatures {
  readonly starttls: boolean
  /** <required/> inside <starttls/> (RFC 6120 §5.3.1). */
  readonly starttlsRequired: boolean
  /** XEP-0220 §2.4 dialback stream feature. */
  readonly dialback: boolean
  /** SASL mechanisms offered (XEP-0178: EXTERNAL for server-to-server). */
  readonly saslMechanisms: readonly string[]
}

/** Reads the features we care about from <stream:features/>. */
export function readFeatures(el: XmlElement): StreamFeatures {
  const starttls = el.children.find((c) => c.name === 'starttls' && c.ns === NS.tls)
  const mechs = el.children.find((c) => c.name === 'mechanisms' && c.ns === NS.sasl)
  return {
    starttls: !!starttls,
    starttlsRequired: !!starttls?.children.some((c) => c.name === 'required'),
    dialback: el.children.some((c) => c.name === 'dialback' && c.ns === NS.dialbackFeature),
    saslMechanisms: mechs ? mechs.children.filter((c) => c.name === 'mechanism').map((c) => c.text.trim()) : [],
  }
}

/** The defined condition and text of a <stream:error/> (RFC 6120 §4.9.3). */
export function streamErrorCondition(el: XmlElement): { condition: string; text: string } {
  const cond = el.children.find((c) => c.ns === NS.streamErrors && c.name !== 'text')
  const text = el.children.find((c) => c.ns === NS.streamErrors && c.name === 'text')
  return { condition: cond?.name ?? 'undefined-condition', text: text?.text.trim() ?? '' }
}

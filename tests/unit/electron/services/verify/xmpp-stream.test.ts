import { describe, expect, it } from 'vitest'
import { readFeatures, streamErrorCondition, XmlStreamError, XmppStreamReader, type StreamEvent } from '../../../../../electron/services/verify/xmpp-stream'
import { streamHeader } from '../../../../../electron/services/verify/xmpp-probe'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { seededRandom } from '../../../../helpers/seeded-random'

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' id='abc' from='contoso.example' version='1.0'>"
const FEATURES =
  "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls><dialback xmlns='urn:xmpp:features:dialback'/><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>EXTERNAL</mechanism></mechanisms></stream:features>"

function feedAll(chunks: string[]): StreamEvent[] {
  const r = new XmppStreamReader()
  return chunks.flatMap((c) => r.feed(Buffer.from(c)))
}

describe('XmppStreamReader', () => {
  it('reads the header and the features even when split at every byte', () => {
    const text = HEADER + FEATURES
    const events = feedAll([...text])
    expect(events).toHaveLength(2)
    const open = events[0]!
    expect(open.kind).toBe('open')
    if (open.kind !== 'open') return
    expect(open.attrs).toMatchObject({ id: 'abc', from: 'contoso.example', version: '1.0' })
    expect(open.ns).toBe('jabber:server')
    expect(Object.values(open.namespaces)).toContain('jabber:server:dialback')
    const el = events[1]!
    if (el.kind !== 'element') throw new Error('element expected')
    expect(readFeatures(el.element)).toEqual({ starttls: true, starttlsRequired: true, dialback: true, saslMechanisms: ['EXTERNAL'] })
  })

  it('resolves prefixes, unescapes attributes and reports a stream error condition', () => {
    const events = feedAll([HEADER, "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>no &amp; never</text></stream:error></stream:stream>"])
    const el = events[1]!
    if (el.kind !== 'element') throw new Error('element expected')
    expect(el.element).toMatchObject({ name: 'error', ns: 'http://etherx.jabber.org/streams' })
    expect(streamErrorCondition(el.element)).toEqual({ condition: 'host-unknown', text: 'no & never' })
    expect(events[2]).toEqual({ kind: 'close' })
  })

  it('keeps a ">" inside a quoted attribute value', () => {
    const events = feedAll([HEADER.replace("id='abc'", "id='a>b'")])
    expect(events[0]!.kind === 'open' && events[0]!.attrs.id).toBe('a>b')
  })

  it('rejects what is not an XMPP stream: HTTP, comments, a wrong first element', () => {
    expect(() => feedAll(['HTTP/1.1 400 Bad Request\r\n\r\n'])).toThrow(XmlStreamError)
    expect(() => feedAll([HEADER, '<!-- hi -->'])).toThrow(/comments/)
    expect(() => feedAll(["<?xml version='1.0'?><html>"])).toThrow(/stream header/)
  })

  it('bounds what it buffers', () => {
    const r = new XmppStreamReader(1024)
    r.feed(HEADER)
    expect(() => r.feed(`<stream:features>${'x'.repeat(2000)}`)).toThrow(/more than 1024 bytes/)
  })

  it('a feature list without starttls reads as not offered', () => {
    const events = feedAll([HEADER, "<stream:features><dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback></stream:features>"])
    const el = events[1]!
    if (el.kind !== 'element') throw new Error('element expected')
    expect(readFeatures(el.element)).toEqual({ starttls: false, starttlsRequired: false, dialback: true, saslMechanisms: [] })
  })
})

describe('XmppStreamReader across packet boundaries', () => {
  const ERROR = "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Grüße 𝄞 &amp; 東京 &#x1F600;</text></stream:error>"

  it('keeps multi-byte characters and references whole when every byte arrives alone', () => {
    const bytes = Buffer.from(HEADER + ERROR)
    const r = new XmppStreamReader()
    const events: StreamEvent[] = []
    for (const b of bytes) events.push(...r.feed(Buffer.from([b])))
    const el = events[1]
    if (el?.kind !== 'element') throw new Error('element expected')
    expect(streamErrorCondition(el.element).text).toBe('Grüße 𝄞 & 東京 😀')
  })

  it('refuses character references that name no XML character, with a coded error', () => {
    for (const ref of ['&#x110000;', '&#0;', '&#xD800;', '&#1114112;', `&#${'9'.repeat(400)};`, '&#x1;']) {
      const r = new XmppStreamReader()
      r.feed(HEADER)
      let caught: unknown
      try {
        r.feed(`<stream:error><text xmlns='urn:ietf:params:xml:ns:xmpp-streams' a='${ref}'>x</text></stream:error>`)
      } catch (e) {
        caught = e
      }
      expect(caught, ref).toBeInstanceOf(XmlStreamError)
      expect((caught as AppError).code).toBe(ErrorCode.StreamError)
      expect((caught as AppError).message.length).toBeLessThan(120)
    }
    // The largest code point is still fine.
    const events = feedAll([HEADER, "<stream:error><text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>&#x10FFFF;</text></stream:error>"])
    expect(events[1]?.kind === 'element' && events[1].element.children[0]?.text).toBe('\u{10FFFF}')
  })

  it('fuzz: 6000 mutated streams in random pieces end in events or a coded error, each quickly', () => {
    const r = seededRandom(0x7a3b)
    const seeds = [HEADER + FEATURES + '</stream:stream>', HEADER + ERROR + '</stream:stream>', HEADER.replace("id='abc'", "id='a&amp;&#x41;&#66;'") + FEATURES]
    const outcomes = new Map<string, number>()
    for (let i = 0; i < 6000; i++) {
      const src = Buffer.from(seeds[i % seeds.length] ?? '')
      const b = Buffer.from(src)
      const at = Math.floor(r() * b.length)
      const kind = Math.floor(r() * 4)
      let input: Buffer
      if (kind === 0) input = b.subarray(0, at)
      else if (kind === 1) {
        for (let k = 0, n = 1 + Math.floor(r() * 4); k < n; k++) {
          const j = Math.floor(r() * b.length)
          b.writeUInt8(b.readUInt8(j) ^ (1 << Math.floor(r() * 8)), j)
        }
        input = b
      } else if (kind === 2) {
        const junk = ['&#x110000;', '&#', '<', '>', "'", '<!--', '<?x', '</stream:stream>', '\u00e9', '&#xD800;', '&amp', ']]>']
        input = Buffer.concat([b.subarray(0, at), Buffer.from(junk[Math.floor(r() * junk.length)] ?? ''), b.subarray(at)])
      } else input = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256))), b.subarray(at)])
      const reader = new XmppStreamReader()
      const t0 = performance.now()
      let outcome = 'ok'
      try {
        for (let pos = 0; pos < input.length;) {
          const n = 1 + Math.floor(r() * 40)
          reader.feed(input.subarray(pos, pos + n))
          pos += n
        }
      } catch (e) {
        if (!(e instanceof XmlStreamError)) throw new Error(`#${i}: uncoded ${String(e)}\n${input.toString('base64')}`, { cause: e })
        expect(e.code).toBe(ErrorCode.StreamError)
        outcome = 'error'
      }
      expect(performance.now() - t0, `#${i}`).toBeLessThan(1000)
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
    }
    // Both outcomes occur often, so the fuzz is not vacuous.
    expect(outcomes.get('ok')).toBeGreaterThan(500)
    expect(outcomes.get('error')).toBeGreaterThan(500)
  })
})

describe('streamHeader', () => {
  it('is the RFC 6120 s2s header with the dialback namespace and escaped attributes', () => {
    expect(streamHeader('contoso.example')).toBe("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' to='contoso.example' version='1.0'>")
    expect(streamHeader("a'b", 'fabrikam.example')).toContain("to='a&apos;b' from='fabrikam.example'")
  })
})

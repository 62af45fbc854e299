import { describe, expect, it } from 'vitest'
import { readFeatures, streamErrorCondition, XmlStreamError, XmppStreamReader, type StreamEvent } from '../../../../../electron/services/verify/xmpp-stream'
import { streamHeader } from '../../../../../electron/services/verify/xmpp-probe'

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' id='abc' from='contoso.example' version='1.0'>"
const FEATURES = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls><dialback xmlns='urn:xmpp:features:dialback'/><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>EXTERNAL</mechanism></mechanisms></stream:features>"

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

describe('streamHeader', () => {
  it('is the RFC 6120 s2s header with the dialback namespace and escaped attributes', () => {
    expect(streamHeader('contoso.example')).toBe("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' to='contoso.example' version='1.0'>")
    expect(streamHeader("a'b", 'fabrikam.example')).toContain("to='a&apos;b' from='fabrikam.example'")
  })
})

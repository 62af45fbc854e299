/**
 * Distinguished names as RFC 2253 strings, byte-for-byte what
 * `openssl x509 -nameopt RFC2253,-esc_msb,utf8` prints (the manifest's convention): most
 * specific RDN first, ',' between RDNs and '+' inside one, short attribute names, strings
 * converted to UTF-8, `, + " \ < > ;` escaped with a backslash, a leading '#' or space and a
 * trailing space escaped, control characters as \XX, and value types OpenSSL does not print
 * as text dumped as '#' + hex of the DER.
 */
import { type Asn1, Class, Tag, oidOf, seqOf } from './asn1'
import { DN_NAMES } from './oids'

/** Decoded text of a directory string, or null when the type is not a string we print. */
export function decodeString(n: Asn1): string | null {
  if (n.cls !== Class.Universal || n.constructed) return null
  const b = n.content
  switch (n.tagNo) {
    case Tag.Utf8String:
      return b.toString('utf8')
    case Tag.PrintableString:
    case Tag.Ia5String:
    case Tag.NumericString:
    case Tag.VisibleString:
    case Tag.T61String:
    case Tag.UtcTime:
    case Tag.GeneralizedTime:
      // One byte per character; TeletexString read as ISO-8859-1, as OpenSSL does.
      return b.toString('latin1')
    case Tag.BmpString: {
      if (b.length % 2) return null
      const c = Buffer.from(b)
      c.swap16()
      return c.toString('utf16le')
    }
    case Tag.UniversalString: {
      if (b.length % 4) return null
      let s = ''
      for (let i = 0; i < b.length; i += 4) {
        const cp = b.readUInt32BE(i)
        if (cp > 0x10ffff) return null
        s += String.fromCodePoint(cp)
      }
      return s
    }
    default:
      return null
  }
}

const BS_ESCAPE = new Set([',', '+', '"', '\\', '<', '>', ';'])

/** RFC 2253 escaping of one attribute value, OpenSSL flavour (see the module comment). */
export function escapeValue(value: string): string {
  let out = ''
  const chars = [...value]
  chars.forEach((ch, i) => {
    const code = ch.codePointAt(0)!
    const first = i === 0
    const last = i === chars.length - 1
    if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16).toUpperCase().padStart(2, '0')}`
    else if (BS_ESCAPE.has(ch) || (first && (ch === '#' || ch === ' ')) || (last && ch === ' ')) out += `\\${ch}`
    else out += ch
  })
  return out
}

/** One attribute of a name: OID and decoded value (null when not a printable string type). */
export interface NameAttribute {
  readonly oid: string
  readonly name: string
  readonly value: string | null
  /** The value's DER (for '#hex' output and for comparisons). */
  readonly valueDer: Buffer
}

/** Attributes in DER order, grouped by RDN. */
export function nameAttributes(name: Asn1): NameAttribute[][] {
  return seqOf(name, 'name').map((rdn) =>
    seqOf(rdn, 'relative distinguished name', Tag.Set).map((atv) => {
      const [type, value] = seqOf(atv, 'attribute')
      const oid = oidOf(type, 'attribute type')
      if (!value) return { oid, name: DN_NAMES[oid] ?? oid, value: null, valueDer: Buffer.alloc(0) }
      return { oid, name: DN_NAMES[oid] ?? oid, value: decodeString(value), valueDer: value.bytes }
    }),
  )
}

/** The RFC 2253 string of a Name element. */
export function rfc2253(name: Asn1): string {
  return nameAttributes(name)
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.name}=${a.value === null ? `#${a.valueDer.toString('hex').toUpperCase()}` : escapeValue(a.value)}`).join('+'))
    .join(',')
}

/** The first value of an attribute (e.g. CN), or undefined. */
export function firstValue(name: Asn1, oid: string): string | undefined {
  for (const rdn of nameAttributes(name)) for (const a of rdn) if (a.oid === oid && a.value !== null) return a.value
  return undefined
}

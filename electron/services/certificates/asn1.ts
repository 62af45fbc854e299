/**
 * A small, bounded BER/DER reader and a DER writer.
 *
 * Why our own: we must hash the bytes we read (certificates.md pitfall 10), verify PKCS#12
 * MACs over the exact authSafe octets (the README of the vectors: forge re-encodes nested BER
 * and then fails the MAC), read BER indefinite lengths and constructed OCTET STRINGs (real
 * Netscape/NSS exports) and refuse hostile nesting with a depth limit like OpenSSL and
 * BoringSSL do. Every failure is an AppError: TRUNCATED when the input ends before an
 * element does, MALFORMED for anything else.
 */
import { AppError, ErrorCode } from '../../../shared/errors'

/** Tag classes as encoded in the two high bits of the identifier octet. */
export const Class = { Universal: 0, Application: 1, Context: 2, Private: 3 } as const

/** Universal tag numbers we use. */
export const Tag = {
  Boolean: 1,
  Integer: 2,
  BitString: 3,
  OctetString: 4,
  Null: 5,
  Oid: 6,
  Utf8String: 12,
  Sequence: 16,
  Set: 17,
  NumericString: 18,
  PrintableString: 19,
  T61String: 20,
  VideotexString: 21,
  Ia5String: 22,
  UtcTime: 23,
  GeneralizedTime: 24,
  GraphicString: 25,
  VisibleString: 26,
  GeneralString: 27,
  UniversalString: 28,
  BmpString: 30,
} as const

/** One decoded element. `bytes` is the whole TLV as read, `content` the value octets. */
export interface Asn1 {
  readonly cls: number
  readonly constructed: boolean
  readonly tagNo: number
  /** Whole element (header + content + end-of-contents for indefinite lengths), as read. */
  readonly bytes: Buffer
  /** Content octets (without end-of-contents octets). */
  readonly content: Buffer
  readonly indefinite: boolean
  /** Children of a constructed element. Empty for primitives. */
  readonly children: readonly Asn1[]
}

export interface ParseLimits {
  /** Nesting depth. OpenSSL's ASN1_MAX_CONSTRUCTED_NEST is 30; real PKCS#12 needs < 12. */
  readonly maxDepth?: number
  /** Total element count, so a crafted file cannot make us build millions of objects. */
  readonly maxNodes?: number
}

const DEFAULT_DEPTH = 32
const DEFAULT_NODES = 200_000

function malformed(msg: string): never {
  throw new AppError(ErrorCode.Malformed, `The file is damaged or not in a supported format (${msg}).`)
}
function truncated(): never {
  throw new AppError(ErrorCode.Truncated, 'The file ends too early: it was cut off while copying or downloading.')
}

/**
 * A parsed element keeps offsets into the input and makes its `bytes` and `content` views only
 * when asked: two Buffer views per element cost some 20 KB per certificate, 160 MB for a bundle
 * of 8,000, most of them never read.
 */
class Element implements Asn1 {
  private bytesView: Buffer | undefined
  private contentView: Buffer | undefined
  constructor(
    readonly cls: number,
    readonly constructed: boolean,
    readonly tagNo: number,
    private readonly buf: Buffer,
    private readonly start: number,
    private readonly contentStart: number,
    private readonly contentEnd: number,
    private readonly end: number,
    readonly indefinite: boolean,
    readonly children: readonly Asn1[],
  ) {}
  get bytes(): Buffer {
    // An element spanning the whole input is that Buffer, not a new view of it: facts.ts remembers parses by Buffer.
    return (this.bytesView ??= this.start === 0 && this.end === this.buf.length ? this.buf : this.buf.subarray(this.start, this.end))
  }
  get content(): Buffer {
    return (this.contentView ??= this.buf.subarray(this.contentStart, this.contentEnd))
  }
}

const NO_CHILDREN = Object.freeze([]) as unknown as Asn1[]

interface State {
  nodes: number
  readonly maxDepth: number
  readonly maxNodes: number
}

function readOne(buf: Buffer, pos: number, end: number, depth: number, st: State): { node: Asn1; next: number } {
  if (depth > st.maxDepth) malformed('nesting too deep')
  if (++st.nodes > st.maxNodes) malformed('too many elements')
  const start = pos
  if (pos >= end) truncated()
  const id = buf[pos++]!
  const cls = id >> 6
  const constructed = (id & 0x20) !== 0
  let tagNo = id & 0x1f
  if (tagNo === 0x1f) {
    tagNo = 0
    for (let i = 0; ; i++) {
      if (pos >= end) truncated()
      if (i >= 4) malformed('tag number too large')
      const b = buf[pos++]!
      tagNo = tagNo * 128 + (b & 0x7f)
      if ((b & 0x80) === 0) break
    }
  }
  if (pos >= end) truncated()
  const lb = buf[pos++]!
  let len = -1
  if (lb < 0x80) len = lb
  else if (lb === 0x80) {
    if (!constructed) malformed('indefinite length on a primitive element')
  } else {
    const n = lb & 0x7f
    if (n > 4) malformed('length field too long')
    len = 0
    for (let i = 0; i < n; i++) {
      if (pos >= end) truncated()
      len = len * 256 + buf[pos++]!
    }
  }
  // Primitives share one empty list: most elements of a certificate are primitives.
  const children: Asn1[] = constructed ? [] : NO_CHILDREN
  if (len >= 0) {
    const cEnd = pos + len
    if (cEnd > end) {
      // Running past the end of the whole input is truncation; past an enclosing element is damage.
      if (cEnd > buf.length || end === buf.length) truncated()
      malformed('element longer than its container')
    }
    if (constructed) {
      let p = pos
      while (p < cEnd) {
        const r = readOne(buf, p, cEnd, depth + 1, st)
        children.push(r.node)
        p = r.next
      }
    }
    const node: Asn1 = new Element(cls, constructed, tagNo, buf, start, pos, cEnd, cEnd, false, children)
    return { node, next: cEnd }
  }
  // Indefinite length: children until the end-of-contents octets 00 00.
  let p = pos
  for (;;) {
    if (p + 2 > end) truncated()
    if (buf[p] === 0 && buf[p + 1] === 0) break
    const r = readOne(buf, p, end, depth + 1, st)
    children.push(r.node)
    p = r.next
  }
  const node: Asn1 = new Element(cls, constructed, tagNo, buf, start, pos, p, p + 2, true, children)
  return { node, next: p + 2 }
}

/**
 * Parses one element at the start of `buf`. Trailing bytes are refused unless `allowTrailing`
 * (a DER file followed by a newline or padding is still read; the caller decides).
 */
export function parse(buf: Buffer, limits: ParseLimits & { allowTrailing?: boolean } = {}): Asn1 {
  const st: State = { nodes: 0, maxDepth: limits.maxDepth ?? DEFAULT_DEPTH, maxNodes: limits.maxNodes ?? DEFAULT_NODES }
  const { node, next } = readOne(buf, 0, buf.length, 0, st)
  if (next !== buf.length && !limits.allowTrailing) malformed('unexpected data after the end')
  return node
}

/** True when `n` has the given universal tag. */
export function isUniversal(n: Asn1 | undefined, tagNo: number): n is Asn1 {
  return !!n && n.cls === Class.Universal && n.tagNo === tagNo
}
/** True when `n` is the context-specific [tagNo]. */
export function isContext(n: Asn1 | undefined, tagNo: number): n is Asn1 {
  return !!n && n.cls === Class.Context && n.tagNo === tagNo
}

/** Asserts the tag and returns the node, else MALFORMED with the given context. */
export function expect(n: Asn1 | undefined, tagNo: number, what: string): Asn1 {
  if (!isUniversal(n, tagNo)) malformed(`${what} missing or of the wrong type`)
  return n
}

/** The children of a SEQUENCE/SET, checked. */
export function seqOf(n: Asn1 | undefined, what: string, tagNo: number = Tag.Sequence): readonly Asn1[] {
  const s = expect(n, tagNo, what)
  if (!s.constructed) malformed(`${what} is not constructed`)
  return s.children
}

/**
 * The value of an OCTET STRING (or implicitly tagged one), flattening BER constructed
 * encodings (X.690 8.7.3) with the parser's depth limit already applied.
 */
export function octets(n: Asn1): Buffer {
  if (!n.constructed) return n.content
  const parts: Buffer[] = []
  for (const c of n.children) {
    if (c.cls !== Class.Universal || c.tagNo !== Tag.OctetString) malformed('constructed OCTET STRING with a foreign part')
    parts.push(octets(c))
  }
  return Buffer.concat(parts)
}

/** Dotted OID string of an OBJECT IDENTIFIER node. */
export function oidOf(n: Asn1 | undefined, what = 'object identifier'): string {
  const o = expect(n, Tag.Oid, what)
  const b = o.content
  if (b.length === 0 || b.length > 64) malformed('bad object identifier')
  const parts: number[] = []
  let v = 0
  for (let i = 0; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f)
    if (v > Number.MAX_SAFE_INTEGER / 256) malformed('object identifier arc too large')
    if ((b[i]! & 0x80) === 0) {
      if (parts.length === 0) {
        const first = v < 80 ? Math.floor(v / 40) : 2
        parts.push(first, v - first * 40)
      } else parts.push(v)
      v = 0
    } else if (i === b.length - 1) malformed('object identifier ends mid-arc')
  }
  return parts.join('.')
}

/** A small non-negative INTEGER as a number (iteration counts, versions, key lengths). */
export function smallInt(n: Asn1 | undefined, what: string): number {
  const i = expect(n, Tag.Integer, what)
  const b = i.content
  if (b.length === 0) malformed(`${what} is empty`)
  if (b[0]! & 0x80) malformed(`${what} is negative`)
  let v = 0
  for (const x of b) {
    v = v * 256 + x
    if (v > 0x7fffffff) malformed(`${what} is too large`)
  }
  return v
}

/** Content octets of an INTEGER without redundant leading zero octets. */
export function unsignedIntBytes(n: Asn1): Buffer {
  let b = n.content
  while (b.length > 1 && b[0] === 0) b = b.subarray(1)
  return b
}

// ---------------------------------------------------------------------------------------------
// DER writer

function lengthBytes(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len])
  const out: number[] = []
  let l = len
  while (l > 0) {
    out.unshift(l & 0xff)
    l = Math.floor(l / 256)
  }
  return Buffer.from([0x80 | out.length, ...out])
}

/** Encodes one TLV with a raw identifier octet. */
export function tlv(identifier: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([identifier]), lengthBytes(content.length), content])
}

export const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items))
/** SET OF with DER ordering of the encodings (X.690 11.6). */
export const setOf = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat([...items].sort((x, y) => Buffer.compare(x, y))))
export const octetString = (b: Buffer): Buffer => tlv(0x04, b)
export const nullValue = (): Buffer => Buffer.from([0x05, 0x00])
export const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]))
export const bitString = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]))
export const utf8 = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'))
export const printable = (s: string): Buffer => tlv(0x13, Buffer.from(s, 'latin1'))
export const ia5 = (s: string): Buffer => tlv(0x16, Buffer.from(s, 'latin1'))
/** BMPString (UTF-16BE), as PKCS#12 friendlyName requires (RFC 7292 4.2). */
export function bmp(s: string): Buffer {
  const b = Buffer.from(s, 'utf16le')
  b.swap16()
  return tlv(0x1e, b)
}
/** [n] context-specific; constructed by default (explicit tagging). */
export const ctx = (n: number, content: Buffer, constructed = true): Buffer => tlv((constructed ? 0xa0 : 0x80) | n, content)

/** INTEGER from a non-negative number or big-endian magnitude bytes. */
export function integer(v: number | Buffer): Buffer {
  let b: Buffer
  if (typeof v === 'number') {
    const out: number[] = []
    let x = v
    do {
      out.unshift(x & 0xff)
      x = Math.floor(x / 256)
    } while (x > 0)
    b = Buffer.from(out)
  } else {
    b = v
    while (b.length > 1 && b[0] === 0 && (b[1]! & 0x80) === 0) b = b.subarray(1)
  }
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b])
  return tlv(0x02, b)
}

/** OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number)
  const first = arcs[0]! * 40 + arcs[1]!
  const out: number[] = []
  for (const arc of [first, ...arcs.slice(2)]) {
    const tmp: number[] = []
    let a = arc
    do {
      tmp.unshift(a & 0x7f)
      a = Math.floor(a / 128)
    } while (a > 0)
    for (let i = 0; i < tmp.length - 1; i++) tmp[i]! |= 0x80
    out.push(...tmp)
  }
  return tlv(0x06, Buffer.from(out))
}

/** Re-encodes a parsed BER element as DER-length form (definite lengths, flattened octets are kept as-is). */
export function toDefinite(n: Asn1): Buffer {
  if (!n.indefinite && !n.children.some((c) => c.indefinite)) {
    if (!n.constructed || !hasIndefinite(n)) return n.bytes
  }
  const id = n.bytes[0]!
  if (!n.constructed) return tlv(id, n.content)
  return tlv(id, Buffer.concat(n.children.map(toDefinite)))
}
function hasIndefinite(n: Asn1): boolean {
  return n.indefinite || n.children.some(hasIndefinite)
}

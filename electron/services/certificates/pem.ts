/**
 * Tolerant PEM splitting (RFC 7468 "lax" parsing) without regular expressions over the whole
 * text, so a hostile file cannot make it quadratic (certificates.md pitfall 22).
 *
 * Accepts a UTF-8 BOM, CRLF or CR line ends, explanatory text around blocks ("Bag Attributes"
 * from `openssl pkcs12 -nodes`), base64 on one line or wrapped at any width, and RFC 1421
 * headers (Proc-Type / DEK-Info) inside a block (pitfall 17). A `-----BEGIN` that does not
 * start a line (e.g. the commented `#-----BEGIN SERIAL-----` lines in Chromium's test data)
 * is text, not a block.
 */
import { pemArmour } from '../../../shared/domain/pem-armour'
import { AppError, ErrorCode } from '../../../shared/errors'

export interface PemBlock {
  /** The label after BEGIN, e.g. 'CERTIFICATE', 'ENCRYPTED PRIVATE KEY'. */
  readonly label: string
  /** RFC 1421 headers such as Proc-Type and DEK-Info, by name. */
  readonly headers: Readonly<Record<string, string>>
  readonly der: Buffer
}

const BEGIN = '-----BEGIN '
const DASHES = '-----'
const B64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Work budget for one file: more blocks than any real bundle (8,000+ certificates pass). */
export const MAX_PEM_BLOCKS = 20_000
/** RFC 1421 headers in one block: real keys have two (Proc-Type, DEK-Info). */
export const MAX_PEM_HEADER_LINES = 16

/** The bytes after a UTF-8 BOM, if any. PEM is ASCII, so offsets in them are offsets in the text. */
function pemBytes(bytes: Buffer): Buffer {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
}

/** True when the text holds at least one BEGIN marker at the start of a line. */
export function looksLikePem(bytes: Buffer): boolean {
  const b = pemBytes(bytes)
  let i = b.indexOf(BEGIN)
  while (i >= 0) {
    if (atLineStart(b, i)) return true
    i = b.indexOf(BEGIN, i + 1)
  }
  return false
}

function atLineStart(b: Buffer, i: number): boolean {
  let j = i - 1
  while (j >= 0 && (b[j] === 0x20 || b[j] === 0x09)) j--
  return j < 0 || b[j] === 0x0a || b[j] === 0x0d
}

/**
 * Every block in the text, in order. A block whose END is missing makes the file TRUNCATED;
 * a block whose base64 is not base64 is MALFORMED (only for the block types we use: unknown
 * labels are skipped silently, like the ERRORS blocks in the vectors).
 *
 * The bytes are searched as they are and only each block's own text is decoded (latin1, so any
 * byte survives): a 10 MB bundle as one string would cost 10 MB more, for the whole read.
 */
export function splitPem(bytes: Buffer, known: (label: string) => boolean = () => true): PemBlock[] {
  const b = pemBytes(bytes)
  const out: PemBlock[] = []
  let pos = 0
  let blocks = 0
  // Every search below starts where the previous one stopped or stays within one line, so the
  // whole file is read a bounded number of times whatever it holds (linear, pitfall 22).
  for (;;) {
    const i = b.indexOf(BEGIN, pos)
    if (i < 0) break
    if (!atLineStart(b, i)) {
      pos = i + BEGIN.length
      continue
    }
    const eol = nextEol(b, i)
    const labelEnd = b.subarray(i + BEGIN.length, eol).indexOf(DASHES)
    if (labelEnd < 0) {
      pos = i + BEGIN.length
      continue
    }
    const labelEndAt = i + BEGIN.length + labelEnd
    if (++blocks > MAX_PEM_BLOCKS) {
      throw new AppError(ErrorCode.TooLarge, `The file holds more than ${MAX_PEM_BLOCKS.toLocaleString('en-US')} PEM blocks; split it into smaller files.`)
    }
    const label = b.toString('latin1', i + BEGIN.length, labelEndAt).trim()
    const endMarker = `-----END ${label}-----`
    const bodyStart = labelEndAt + DASHES.length
    // A missing END ends the scan (below), so this search never repeats over the same text.
    const j = b.indexOf(endMarker, bodyStart, 'latin1')
    if (j < 0) {
      if (known(label)) {
        throw new AppError(ErrorCode.Truncated, `The ${label.toLowerCase()} block has no END line: the file was cut off.`)
      }
      break
    }
    pos = j + endMarker.length
    if (!known(label)) continue
    out.push(decodeBody(label, b.toString('latin1', bodyStart, j)))
  }
  return out
}

/** End of the line at i. A character loop: indexOf('\r') on an LF-only file would scan to the end each time. */
function nextEol(b: Buffer, i: number): number {
  let k = i
  while (k < b.length) {
    const c = b[k]
    if (c === 10 || c === 13) return k
    k++
  }
  return b.length
}

function decodeBody(label: string, body: string): PemBlock {
  const lines = body.split(/\r\n|\r|\n/)
  const headers: Record<string, string> = {}
  let k = 0
  // Skip the rest of the BEGIN line (normally empty), then read RFC 1421 headers.
  while (k < lines.length && lines[k]!.trim() === '') k++
  if (k < lines.length && lines[k]!.includes(':')) {
    let n = 0
    while (k < lines.length && lines[k]!.includes(':')) {
      if (++n > MAX_PEM_HEADER_LINES) {
        throw new AppError(ErrorCode.TooLarge, `The ${label.toLowerCase()} block has more than ${MAX_PEM_HEADER_LINES} header lines; a real key has two.`)
      }
      const line = lines[k]!
      const c = line.indexOf(':')
      headers[line.slice(0, c).trim()] = line.slice(c + 1).trim()
      k++
    }
  }
  const b64 = lines.slice(k).join('').replace(/[ \t]/g, '')
  // B64 allows '=' only as up to two final characters: no backtracking over a run of '='.
  if (!B64.test(b64) || b64.length === 0) {
    throw new AppError(ErrorCode.Malformed, `The ${label.toLowerCase()} block does not hold valid base64 text.`)
  }
  let unpadded = b64.length
  while (unpadded > 0 && b64.charCodeAt(unpadded - 1) === 61) unpadded--
  if (unpadded % 4 === 1) {
    throw new AppError(ErrorCode.Truncated, `The ${label.toLowerCase()} block is cut off.`)
  }
  return { label, headers, der: Buffer.from(b64, 'base64') }
}

/** PEM text of DER bytes, in the armour the renderer writes too. */
export function toPem(label: string, der: Buffer, headers: Readonly<Record<string, string>> = {}): string {
  return pemArmour(label, der.toString('base64'), headers)
}

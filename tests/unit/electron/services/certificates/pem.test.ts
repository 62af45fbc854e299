/**
 * The PEM splitter reads the file's bytes as they are (no whole-file string): offsets after a
 * BOM, labels with bytes above 0x7F, markers that do not start a line, and the TRUNCATED and
 * MALFORMED outcomes are the same as reading the text.
 */
import { describe, expect, it } from 'vitest'
import { looksLikePem, splitPem } from '../../../../../electron/services/certificates/pem'
import { AppError } from '../../../../../shared/errors'

const der = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + n) & 0xff))
const block = (label: string, body: Buffer, eol = '\n') => `-----BEGIN ${label}-----${eol}${(body.toString('base64').match(/.{1,64}/g) ?? []).join(eol)}${eol}-----END ${label}-----${eol}`
const code = (f: () => unknown) => {
  try {
    f()
  } catch (e) {
    return e instanceof AppError ? e.code : String(e)
  }
  return 'none'
}

describe('splitPem on bytes', () => {
  it('reads blocks after a UTF-8 BOM, with CRLF lines, text around them and RFC 1421 headers', () => {
    const key = `-----BEGIN RSA PRIVATE KEY-----\r\nProc-Type: 4,ENCRYPTED\r\nDEK-Info: AES-256-CBC,00FF\r\n\r\n${der(48).toString('base64')}\r\n-----END RSA PRIVATE KEY-----\r\n`
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`Bag Attributes\r\n    friendlyName: x\r\n${block('CERTIFICATE', der(700), '\r\n')}subject=CN = x\r\n${key}`)])
    expect(looksLikePem(file)).toBe(true)
    const blocks = splitPem(file)
    expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE', 'RSA PRIVATE KEY'])
    expect(blocks[0]!.der).toEqual(der(700))
    expect(blocks[1]!.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00FF' })
    expect(blocks[1]!.der).toEqual(der(48))
  })

  it('a BEGIN that does not start a line is text; one indented by blanks starts a block', () => {
    const commented = `#${block('CERTIFICATE', der(10))}`
    expect(looksLikePem(Buffer.from(commented))).toBe(false)
    expect(splitPem(Buffer.from(commented))).toEqual([])
    expect(splitPem(Buffer.from(` \t${block('CERTIFICATE', der(10))}`)).map((b) => b.der)).toEqual([der(10)])
  })

  it('a label with bytes above 0x7F is matched to its own END, so the block after it is read', () => {
    const odd = Buffer.from(`-----BEGIN CAF\xc9 \xff-----\nAAAA\n-----END CAF\xc9 \xff-----\n`, 'latin1')
    const file = Buffer.concat([odd, Buffer.from(block('CERTIFICATE', der(33)))])
    const seen: string[] = []
    const blocks = splitPem(file, (label) => {
      seen.push(label)
      return label === 'CERTIFICATE'
    })
    expect(seen[0]).toBe('CAF\xc9 \xff')
    expect(blocks.map((b) => [b.label, b.der])).toEqual([['CERTIFICATE', der(33)]])
  })

  it('a known block without its END is TRUNCATED; an unknown one ends the scan with what was read', () => {
    const first = block('CERTIFICATE', der(20))
    expect(code(() => splitPem(Buffer.from(`${first}-----BEGIN CERTIFICATE-----\nAAAA\n`)))).toBe('TRUNCATED')
    expect(splitPem(Buffer.from(`${first}-----BEGIN X-----\nAAAA\n${first}`), (l) => l !== 'X').map((b) => b.der)).toEqual([der(20)])
    expect(code(() => splitPem(Buffer.from('-----BEGIN CERTIFICATE-----\nAA*A\n-----END CERTIFICATE-----\n')))).toBe('MALFORMED')
  })
})

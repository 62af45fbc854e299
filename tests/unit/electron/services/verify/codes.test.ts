import { describe, expect, it } from 'vitest'
import { CHECK_CODES, FIXES, fixFor } from '../../../../../electron/services/verify/codes'
import { ErrorCode } from '../../../../../shared/errors'

describe('verify result codes', () => {
  it('every code is unique and has a fix entry; every failure code has a fix sentence', () => {
    expect(new Set(CHECK_CODES).size).toBe(CHECK_CODES.length)
    for (const c of CHECK_CODES) expect(Object.hasOwn(FIXES, c)).toBe(true)
    for (const c of [ErrorCode.ConnectionRefused, ErrorCode.Timeout, ErrorCode.NoRoute, ErrorCode.DnsFailure, ErrorCode.NoStarttls, ErrorCode.TlsHandshakeFailed, ErrorCode.StreamError]) {
      expect(fixFor(c)).not.toBe('')
    }
    for (const c of CHECK_CODES.filter((c) => !/_OK$|_MATCH$/.test(c))) expect(fixFor(c), c).not.toBe('')
  })
})

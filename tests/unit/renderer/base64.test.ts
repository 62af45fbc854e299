import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from '../../../renderer/src/lib/base64'

describe('base64 helpers', () => {
  it('round-trip bytes larger than one chunk', () => {
    const bytes = new Uint8Array(40_000).map((_, i) => (i * 31) & 0xff)
    const b64 = toBase64(bytes)
    expect(b64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(toBase64(new TextEncoder().encode('hello'))).toBe('aGVsbG8=')
    expect(fromBase64(b64)).toEqual(bytes)
  })
})

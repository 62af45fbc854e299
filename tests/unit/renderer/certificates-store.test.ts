import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from '../../../renderer/src/stores/certificates'

describe('base64 helpers of the certificates store', () => {
  it('round-trip bytes larger than one chunk', () => {
    const bytes = new Uint8Array(40_000).map((_, i) => (i * 31) & 0xff)
    const b64 = toBase64(bytes)
    expect(b64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    expect(toBase64(new TextEncoder().encode('hello'))).toBe('aGVsbG8=')
    expect(fromBase64(b64)).toEqual(bytes)
  })
})

describe('error advice', () => {
  it('is keyed by the closed ErrorCode set and looked up by the code as it arrives', async () => {
    const { ERROR_ADVICE, adviceFor } = await import('../../../renderer/src/stores/certificates')
    const { ErrorCode } = await import('../../../shared/errors')
    const codes = new Set<string>(Object.values(ErrorCode))
    for (const key of Object.keys(ERROR_ADVICE)) expect(codes.has(key), key).toBe(true)
    expect(adviceFor('WRONG_PASSWORD')).toMatch(/case-sensitive/)
    expect(adviceFor('toString')).toBeUndefined()
    expect(adviceFor('NO_SUCH_CODE')).toBeUndefined()
  })
})

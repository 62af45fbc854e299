import { describe, expect, it } from 'vitest'

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

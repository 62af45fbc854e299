/**
 * The command line refuses a short store passphrase with the words of the shared rule, the same
 * function the Certificates step calls (tests/unit/renderer/store-passphrase.test.ts).
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { certificateCommands } from '../../../../electron/cli/commands/certificates'
import { runCli } from '../../../../electron/cli/run-cli'
import { STORE_PASSPHRASE_MIN_LENGTH, storePassphraseProblem } from '../../../../shared/domain/rules/store-passphrase'
import { TestPki } from '../../../helpers/openssl'
import { createTestHost } from '../../../helpers/test-host'

let pki: TestPki
beforeAll(() => (pki = new TestPki()))
afterAll(() => pki?.cleanup())

/** `xgw store import root.pem` on a new store, setting its passphrase from a file. */
async function storeImport(passphrase: string) {
  pki.pw('store', passphrase)
  const dir = pki.dir
  const out: string[] = []
  const code = await runCli(
    { argv: ['store', 'import', 'root.pem', '--store-passphrase-file', 'store.pw', '--json'], cwd: dir, env: {}, out: (t) => out.push(t), err: () => undefined },
    { commands: certificateCommands, version: 't', dispatcher: async () => (await createTestHost(join(dir, `data-${passphrase.length}`), undefined, { cli: true })).dispatch },
  )
  return { code, json: JSON.parse(out.join('')) as { error?: { code: string; message: string } } }
}

describe('xgw and the store passphrase minimum', () => {
  it('refuses one character short with the shared rule’s message, and takes the minimum', async () => {
    const short = 'x'.repeat(STORE_PASSPHRASE_MIN_LENGTH - 1)
    const refused = await storeImport(short)
    expect(refused.code).toBe(2)
    expect(refused.json.error).toEqual({ code: 'VALIDATION', message: storePassphraseProblem(short, true) })
    expect(STORE_PASSPHRASE_MIN_LENGTH).toBe(12)
    const taken = await storeImport('x'.repeat(STORE_PASSPHRASE_MIN_LENGTH))
    expect(taken.code).toBe(0)
    expect(taken.json.error).toBeUndefined()
  })
})

/**
 * The store index's seal (cert-store.ts readIndex, issue 12): an index this code validated and
 * that has not changed since is read without zod and answers exactly what validation answers;
 * any other index is validated in full, so a damaged or edited one is the coded STORE_IO error
 * through the app's service and through xgw alike. And xgw's own storeList path
 * (cli-dispatch.ts) answers what the contract's dispatcher answers.
 */
import { createHash } from 'node:crypto'
import { existsSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createCliDispatch } from '../../../../../electron/cli/cli-dispatch'
import { certificateCommands } from '../../../../../electron/cli/commands/certificates'
import { runCli } from '../../../../../electron/cli/run-cli'
import type { FileLogger } from '../../../../../electron/lib/file-logger'
import { silentLogger } from '../../../../../electron/lib/logger'
import { SEALED_SCHEMA } from '../../../../../electron/services/certificates/cert-store'
import { createCertificateService } from '../../../../../electron/services/certificates/service'
import { EntrySlice, IndexEnvelope, storeSchemaFingerprint } from '../../../../../electron/services/certificates/store-schema'
import { type AppError, ErrorCode } from '../../../../../shared/errors'
import { syntheticStoreIndex } from '../../../../helpers/store-index'
import { tempDir } from '../../../../helpers/temp-dir'
import { createTestHost } from '../../../../helpers/test-host'

let dir: string
beforeEach(async () => {
  const temp = await tempDir()
  dir = temp.dir
  return async () => {
    vi.restoreAllMocks()
    await temp.cleanup()
  }
})

const storeDir = () => join(dir, 'store')
const indexFile = () => join(storeDir(), 'index.json')
const sealFile = () => join(storeDir(), 'index.seal')
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
const quietLog: FileLogger = { ...silentLogger, logDir: '', filePath: '', recentErrors: () => [], flush: async () => {} }

async function writeIndex(index: unknown) {
  await fsp.mkdir(storeDir(), { recursive: true })
  await fsp.writeFile(indexFile(), JSON.stringify(index))
}
/** A new service each time, as a new app or browser-host process would have. */
const listed = () => createCertificateService({ storeDir: storeDir(), log: silentLogger }).storeList({})
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  )
/** `xgw store list --json` over the dispatch the built xgw uses (a fresh one per run, as per process), with its byte output. */
async function xgwList(...args: string[]) {
  const out: string[] = []
  const exit = await runCli(
    { argv: ['store', 'list', '--json', ...args], cwd: dir, env: {}, out: (t) => out.push(t), outBytes: (pieces) => out.push(Buffer.concat(pieces).toString('utf8')), err: () => {} },
    { commands: certificateCommands, version: 't', dispatcher: async () => createCliDispatch({ dataDir: dir, log: quietLog, version: 't' }) },
  )
  return { exit, out: out.join('') }
}
/** Whether a listing ran zod over the entries. */
const validating = () => ({ entries: vi.spyOn(EntrySlice, 'safeParse'), envelope: vi.spyOn(IndexEnvelope, 'safeParse') })

describe('store index seal', () => {
  it('names the schema the store validates with (else nothing is sealed and every read validates)', () => {
    expect(SEALED_SCHEMA, 'store-schema.ts or zod changed: set SEALED_SCHEMA in cert-store.ts to the new fingerprint').toBe(storeSchemaFingerprint())
  })

  it('an index read once is sealed; the sealed read skips zod and answers exactly what validation answered', async () => {
    await writeIndex(syntheticStoreIndex(2500, 2))
    expect(existsSync(sealFile())).toBe(false)
    const zod = validating()
    const validated = await listed()
    expect(zod.entries).toHaveBeenCalledTimes(3) // slices of 1,000
    // Compact: the bytes are exactly JSON.stringify of what validation returned.
    expect(readFileSync(sealFile(), 'utf8')).toBe(`${SEALED_SCHEMA} ${sha256(readFileSync(indexFile()))} compact\n`)
    zod.entries.mockClear()
    zod.envelope.mockClear()
    const sealed = await listed()
    expect(zod.entries).not.toHaveBeenCalled()
    expect(zod.envelope).not.toHaveBeenCalled()
    expect(JSON.stringify(sealed)).toBe(JSON.stringify(validated))
    expect(sealed.entries).toHaveLength(2500)
    expect(sealed.pending).toHaveLength(2)
  })

  it('a write seals exactly the bytes it wrote', async () => {
    const svc = createCertificateService({ storeDir: storeDir(), log: silentLogger })
    await svc.storeUnlock({ passphrase: 'correct horse battery' })
    expect(readFileSync(sealFile(), 'utf8')).toBe(`${SEALED_SCHEMA} ${sha256(readFileSync(indexFile()))} compact\n`)
    expect(readFileSync(indexFile(), 'utf8')).toMatch(/^\{"version":1,"passphrase":\{.*\}\n$/) // one line
    const zod = validating()
    expect(await createCertificateService({ storeDir: storeDir(), log: silentLogger }).storeStatus({})).toMatchObject({ initialised: true, certificates: 0 })
    expect(zod.envelope).not.toHaveBeenCalled()
  })

  it('xgw lists an index sealed as compact from its bytes, anything else by parsing it: the same line either way', async () => {
    const bytesOf = async (input: unknown = {}) => {
      const pieces = await createCliDispatch({ dataDir: dir, log: quietLog, version: 't' }).answerJson!('certificates.storeList', input)
      return pieces && Buffer.concat(pieces).toString('utf8')
    }
    // Indented, as an earlier version wrote it: validated and sealed, but not as compact.
    const idx = syntheticStoreIndex(1200, 2)
    await fsp.mkdir(storeDir(), { recursive: true })
    await fsp.writeFile(indexFile(), `${JSON.stringify(idx, null, 2)}\n`)
    const line = `${JSON.stringify(await listed())}\n`
    expect(readFileSync(sealFile(), 'utf8')).toBe(`${SEALED_SCHEMA} ${sha256(readFileSync(indexFile()))}\n`)
    expect(await bytesOf()).toBeNull()
    expect((await xgwList()).out).toBe(line)
    // A seal that claims compact for indented bytes is believed for what it guarantees (validated) but cut nothing.
    writeFileSync(sealFile(), `${SEALED_SCHEMA} ${sha256(readFileSync(indexFile()))} compact\n`)
    expect(await bytesOf()).toBeNull()
    expect((await xgwList()).out).toBe(line)
    // The next write leaves it compact: now cut from the bytes, without zod and without parsing them.
    await createCertificateService({ storeDir: storeDir(), log: silentLogger }).storeUnlock({ passphrase: 'correct horse battery' })
    const zod = validating()
    const parse = vi.spyOn(JSON, 'parse')
    const cut = await bytesOf()
    expect(zod.envelope).not.toHaveBeenCalled()
    expect(parse).not.toHaveBeenCalled()
    parse.mockRestore()
    expect(cut).toBe(`${JSON.stringify(await listed())}\n`)
    expect(cut).toBe(line)
    expect((await xgwList()).out).toBe(line)
    // A search is answered by the route; a blank one is the whole listing, as the route has it.
    expect(await bytesOf({ query: 'host-0042' })).toBeNull()
    expect(await bytesOf({ query: '   ' })).toBe(line)
    expect((await xgwList('--query', 'host-0042')).out).toBe(`${JSON.stringify(await createCertificateService({ storeDir: storeDir(), log: silentLogger }).storeList({ query: 'host-0042' }))}\n`)
    // Input the route refuses is left to the route, which says why.
    expect(await bytesOf({ query: 5 })).toBeNull()
    // Bytes changed after sealing: no longer cut, and the damage is reported as before (next test).
    writeFileSync(indexFile(), readFileSync(indexFile(), 'utf8').replace('host-00007', 'host-00008'))
    expect(await bytesOf()).toBeNull()
  })

  it('a damaged index is STORE_IO through the service and xgw, whatever seal lies next to it', async () => {
    await writeIndex(syntheticStoreIndex(1500))
    expect((await listed()).entries).toHaveLength(1500) // sealed now
    const good = readFileSync(indexFile(), 'utf8')
    const idx = syntheticStoreIndex(1500)
    const thumb = idx.entries[3]!.thumbprint
    expect(thumb).toMatch(/[A-F]/)
    const damaged: [string, string][] = [
      ['a wrong type deep in the entries', JSON.stringify({ ...idx, entries: idx.entries.map((e, i) => (i === 1200 ? { ...e, keyBits: '2048' } : e)) })],
      ['an entry edited after sealing', good.replace(thumb, thumb.toLowerCase())],
      ['truncated', good.slice(0, Math.floor(good.length / 2))],
      ['not an index', '{"version":1,"entries":"x"}'],
    ]
    for (const [what, text] of damaged) {
      writeFileSync(indexFile(), text)
      expect(await code(listed()), what).toBe(ErrorCode.StoreIo)
      const cli = await xgwList()
      expect(cli.exit, what).toBe(1)
      expect(JSON.parse(cli.out), what).toEqual({ error: { code: 'STORE_IO', message: expect.stringMatching(/^The certificate store index is damaged/) as unknown } })
    }
    // A seal for these very bytes, but from another schema, is no seal.
    const edited = damaged[1]![1]
    writeFileSync(indexFile(), edited)
    writeFileSync(sealFile(), `${'0'.repeat(32)} ${sha256(edited)}\n`)
    expect(await code(listed())).toBe(ErrorCode.StoreIo)
    expect((await xgwList()).exit).toBe(1)
    // Put back, the index lists again.
    writeFileSync(indexFile(), good)
    expect((await listed()).entries).toHaveLength(1500)
    expect(JSON.parse((await xgwList()).out).entries).toHaveLength(1500)
  })

  it('an index edited by hand but valid reads as validation reads it, and is not sealed while zod would change it', async () => {
    const idx = syntheticStoreIndex(1200)
    const { thumbprint, ...rest } = idx.entries[1100]!
    // An unknown field (zod drops it) and an entry with its fields in another order (zod reorders them).
    const edited = { ...idx, entries: idx.entries.map((e, i) => (i === 5 ? { ...e, note: 'renewed' } : i === 1100 ? { ...rest, thumbprint } : e)) }
    await writeIndex(edited)
    const zod = validating()
    const first = await listed()
    expect(Object.keys(first.entries[5]!)).not.toContain('note')
    expect(Object.keys(first.entries[1100]!)[0]).toBe('thumbprint')
    expect(existsSync(sealFile())).toBe(false)
    const cli = await xgwList()
    expect(cli.out).toBe(`${JSON.stringify(first)}\n`)
    zod.entries.mockClear()
    await listed()
    expect(zod.entries).toHaveBeenCalled()
  })
})

describe('xgw store list, served without the contract', () => {
  it('answers exactly what the dispatcher answers, for every input and for a damaged or missing store', async () => {
    await writeIndex(syntheticStoreIndex(3000, 2))
    const direct = createCliDispatch({ dataDir: dir, log: quietLog, version: 't' })
    const { dispatch } = await createTestHost(dir, silentLogger, { cli: true })
    const both = async (input: unknown) => [await direct('certificates.storeList', input), await dispatch('certificates.storeList', input)] as const
    // Same answers, byte for byte: the listing and the error at the contract's length limit.
    for (const input of [{}, undefined, { query: 'host-0042' }, { query: '  HOST-00042.CONTOSO.COM ' }, { query: 'edge' }, { query: 'x'.repeat(256) }, { query: 'x'.repeat(257) }]) {
      const [a, b] = await both(input)
      expect(JSON.stringify(a), JSON.stringify(input)?.slice(0, 40)).toBe(JSON.stringify(b))
    }
    expect((await both({ query: 'host-0042' }))[0]).toMatchObject({ ok: true, value: { entries: { length: 10 } } })
    expect((await both({ query: 'x'.repeat(257) }))[0]).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    // Input the contract refuses is refused alike (the wording of these is zod's on the dispatcher's side).
    for (const input of [{ query: 5 }, { query: 'a', all: true }, [], 'host']) {
      const [a, b] = await both(input)
      expect(a.ok || b.ok, JSON.stringify(input)).toBe(false)
      if (!a.ok && !b.ok) expect([a.error.code, a.error.details], JSON.stringify(input)).toEqual([b.error.code, b.error.details])
    }
    writeFileSync(indexFile(), '{ not json')
    const [a, b] = await both({})
    expect(a).toEqual(b)
    expect(a).toMatchObject({ ok: false, error: { code: 'STORE_IO' } })
    await fsp.rm(storeDir(), { recursive: true })
    expect(await both({})).toEqual([
      { ok: true, value: { entries: [], pending: [] } },
      { ok: true, value: { entries: [], pending: [] } },
    ])
  })
})

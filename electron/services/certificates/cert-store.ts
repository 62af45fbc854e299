/**
 * The certificate store on the file system (`<dataDir>/store/`, issue 3 "Store"):
 *
 *   index.json            validated with zod before every write, written atomically, compact JSON
 *   index.seal            the SHA-256 of the index bytes last validated (readIndex), and their form
 *   certs/<THUMB>.cer     certificates as DER, de-duplicated by SHA-1 thumbprint
 *   keys/<THUMB>.p8e      private keys, only as encrypted PKCS#8 (PBES2 AES-256, PBKDF2-SHA256)
 *   pending/<ID>.p8e      keys of CSRs waiting for their certificate
 *
 * Directories 0700, files 0600. Keys are encrypted under the admin's store passphrase, which is
 * only held in memory after `unlock`. Importing an issued certificate pairs a pending key with
 * it when the key cryptographically matches (never by name).
 */
import { createSerialQueue, removeOrphanTemps, writeFileAtomic } from '../../lib/atomic-file'
import { withFileLock } from '../../lib/file-lock'
import { createHash, randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { AppError, type AppErrorData, ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../lib/logger'
import type { ParsedCertificate } from './facts'
import type { CryptoRunner } from './crypto-runner'
import type { CryptoPrimitives } from './primitives'
import type { Container } from './read-container'
import type { PendingKey, StoreEntry, StoreIndex } from './store-schema'
import { storePassphraseProblem } from '../../../shared/domain/rules/store-passphrase'
import { listingFromCompactIndex } from './listing-bytes'

export type { PendingKey, StoreEntry, StoreIndex } from './store-schema'

/**
 * PBKDF2-HMAC-SHA256 iterations for the passphrase check and for stored keys: OWASP's current
 * guidance. A store written with fewer (100,000 before) is re-wrapped on the next unlock.
 */
export const STORE_KDF_ITERATIONS = 600_000
const CHECK_LABEL = 'xgw certificate store passphrase check'

const VALIDATE_SLICE = 1000

/**
 * storeSchemaFingerprint() of the schema in store-schema.ts, known here without loading zod. A
 * test keeps the two equal; should they ever differ, nothing is sealed and every read validates.
 */
export const SEALED_SCHEMA = 'e432d901459dc08e294f54afec14b9e0'
/**
 * The seal's one line: the schema the index was checked against, the SHA-256 of its bytes and,
 * when those bytes are exactly JSON.stringify of what validation returned (what writeIndex
 * writes), `compact`: then the listing can be cut from them as they are (listing-bytes.ts).
 */
const sealLine = (sha256: string, compact: boolean) => `${SEALED_SCHEMA} ${sha256}${compact ? ' compact' : ''}\n`
const sha256Hex = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex')

/** Same JSON value, keys in the same order: what JSON.stringify would print alike. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]))
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** Tag that marks the certificate chosen for the Edge (exclusive). */
export const EDGE_TAG = 'edge'

export interface ImportReport {
  readonly added: readonly string[]
  readonly duplicates: readonly string[]
  /** Thumbprints that received a private key (from the file or a pending CSR key). */
  readonly paired: readonly string[]
  /** Keys kept as pending because no certificate matched them yet. */
  readonly pendingKeys: number
  readonly errors: readonly { readonly name: string; readonly error: AppErrorData }[]
}

export interface StoreStatus {
  readonly initialised: boolean
  readonly unlocked: boolean
  readonly certificates: number
  readonly pendingRequests: number
}

export interface CertStoreDeps {
  /** `<dataDir>/store`. */
  readonly dir: string
  readonly primitives: CryptoPrimitives
  readonly log: Logger
  readonly now: () => Date
  /** Where key derivations, key imports and pairing run (a worker in the shells); default in-process. */
  readonly runner?: CryptoRunner
}

function ioError(e: unknown, what: string): AppError {
  if (e instanceof AppError) return e
  const code = (e as NodeJS.ErrnoException)?.code ?? 'unknown'
  return new AppError(ErrorCode.StoreIo, `The certificate store could not ${what} (${code}).`, { errno: code })
}

export interface CertStore {
  status(): Promise<StoreStatus>
  /** Sets the passphrase on first use, else verifies it (WRONG_PASSWORD) and keeps it in memory. */
  unlock(passphrase: string): Promise<{ created: boolean }>
  lock(): void
  importContainers(items: readonly { name: string; container: Container }[], errors?: ImportReport['errors']): Promise<ImportReport>
  list(query?: string): Promise<StoreEntry[]>
  /** The entries (filtered by `query`) and the pending keys from one read of the index. */
  listing(query?: string): Promise<{ entries: StoreEntry[]; pending: PendingKey[] }>
  /**
   * `listing()` as its JSON line, cut from the index's bytes when the seal says they are compact
   * (listing-bytes.ts); null when the index has to be parsed to answer. One read, no change: the
   * start-up reconcile waits for the first operation that needs it.
   */
  listingJson(): Promise<Buffer[] | null>
  /** The certificate with its chain from the store (leaf first) and, when asked, the decrypted key. */
  material(thumbprint: string, withKey: boolean): Promise<{ certificates: Buffer[]; key?: Buffer; entry: StoreEntry }>
  tag(thumbprint: string, tag: string, on: boolean): Promise<StoreEntry>
  remove(thumbprint: string): Promise<void>
  /** Keeps the key of a new CSR until its certificate is imported. Needs the store unlocked. */
  addPending(keyPkcs8: Buffer, subject: string, sans: readonly string[]): Promise<string>
  listPending(): Promise<PendingKey[]>
  /** DER of every stored CA certificate: issuers for path building. Empty when the store cannot be read. */
  issuerCertificates(): Promise<Buffer[]>
  /** Stored certificates (thumbprints) and pending request keys (ids) per SPKI SHA-256. */
  findBySpki(spkiSha256: readonly string[]): Promise<Map<string, { certificates: string[]; pendingRequests: string[] }>>
}

/** The entries whose subject, issuer, thumbprint, serial, friendly name, SAN or tag contains `query`. */
function filterEntries(entries: StoreEntry[], query: string | undefined): StoreEntry[] {
  const q = (query ?? '').trim().toLowerCase()
  if (!q) return entries
  return entries.filter((e) => [e.subject, e.issuer, e.thumbprint, e.serialNumber, e.friendlyName ?? '', ...e.dnsNames, ...e.tags].some((s) => s.toLowerCase().includes(q)))
}

/** Creates the store. Nothing touches the disk until the first call. */
export function createCertStore(deps: CertStoreDeps): CertStore {
  const { dir, primitives: p, log } = deps
  const indexFile = path.join(dir, 'index.json')
  let passphrase: string | null = null
  /** Serialises store operations so two imports never interleave index writes. */
  const serial = createSerialQueue()
  // The in-process runner brings the whole engine with it: loaded on first use, a listing needs none of it.
  let inProcess: Promise<CryptoRunner> | undefined
  const work: Pick<CryptoRunner, 'run'> = {
    run: async (job, args) => (deps.runner ?? (await (inProcess ??= import('./crypto-runner').then((m) => m.createInProcessRunner())))).run(job, args),
  }
  const lockFile = path.join(dir, 'index.lock')
  let reconciled = false

  const ensureDirs = async () => {
    try {
      for (const d of [dir, path.join(dir, 'certs'), path.join(dir, 'keys'), path.join(dir, 'pending')]) {
        await fs.mkdir(d, { recursive: true, mode: 0o700 })
        await fs.chmod(d, 0o700)
      }
    } catch (e) {
      throw ioError(e, 'create its folders')
    }
  }

  const sealFile = path.join(dir, 'index.seal')
  /**
   * Best effort: without a seal the next read validates in full. Not under the file lock when a
   * reader seals: a seal that lost a race names bytes the index no longer has, which is a miss.
   */
  const seal = async (sha256: string, compact: boolean) => {
    try {
      const { storeSchemaFingerprint } = await import('./store-schema')
      if (storeSchemaFingerprint() === SEALED_SCHEMA) await writeFileAtomic(sealFile, sealLine(sha256, compact))
    } catch (e) {
      log.warn('certificate store index not sealed', { code: (e as NodeJS.ErrnoException)?.code ?? 'unknown' })
    }
  }

  /** The index's bytes and whether its seal stands for them (as `compact` or not); null when there is no index. */
  const readSealed = async (): Promise<{ bytes: Buffer; sha256: string; seal: 'compact' | 'json' | null } | null> => {
    let bytes: Buffer
    let sealed: string | null
    try {
      ;[bytes, sealed] = await Promise.all([fs.readFile(indexFile), fs.readFile(sealFile, 'utf8').catch(() => null)])
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw ioError(e, 'read its index')
    }
    const sha256 = sha256Hex(bytes)
    return { bytes, sha256, seal: sealed === sealLine(sha256, true) ? 'compact' : sealed === sealLine(sha256, false) ? 'json' : null }
  }

  /**
   * The index, validated. Bytes that match the seal were validated by this schema and parse to
   * exactly what zod returned for them (only a canonical index is sealed: see below), so they are
   * parsed without zod; anything else (no seal, a stale seal, an index edited by hand, damaged or
   * written by another version) is validated with zod in full.
   */
  const readIndex = async (): Promise<StoreIndex> => {
    const read = await readSealed()
    if (!read) return { version: 1, passphrase: null, entries: [], pending: [] }
    const { bytes, sha256 } = read
    const text = bytes.toString('utf8')
    if (read.seal) return JSON.parse(text) as StoreIndex
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new AppError(ErrorCode.StoreIo, 'The certificate store index is damaged (not JSON).')
    }
    const { IndexEnvelope, EntrySlice } = await import('./store-schema')
    // The entries are checked in slices with a turn of the event loop between them: a store of
    // 10,000 certificates validated in one go held Electron's main thread for well over 100 ms.
    const damaged = () => new AppError(ErrorCode.StoreIo, 'The certificate store index is damaged (unexpected content).')
    const r = IndexEnvelope.safeParse(parsed)
    if (!r.success) throw damaged()
    // Canonical: zod returned the parsed JSON as it is (no key dropped, none reordered). Only then
    // may the seal stand for the validation.
    let canonical = sameJson({ ...r.data, entries: [] }, { ...(parsed as object), entries: [] })
    const entries: StoreEntry[] = []
    for (let i = 0; i < r.data.entries.length; i += VALIDATE_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
      const raw = r.data.entries.slice(i, i + VALIDATE_SLICE)
      const slice = EntrySlice.safeParse(raw)
      if (!slice.success) throw damaged()
      canonical &&= slice.data.every((e, j) => sameJson(e, raw[j]))
      for (const e of slice.data) entries.push(e)
    }
    const index = { ...r.data, entries }
    if (canonical) {
      const compact = JSON.stringify(index)
      await seal(sha256, text === compact || text === `${compact}\n`)
    }
    return index
  }

  const writeIndex = async (idx: StoreIndex) => {
    // Validate before write: a bug must never leave an index we cannot read back.
    const { StoreIndex: schema } = await import('./store-schema')
    // Compact: a quarter smaller than indented, and the listing can be cut from it as it is (listing-bytes.ts).
    const text = `${JSON.stringify(schema.parse(idx))}\n`
    await ensureDirs()
    try {
      await writeFileAtomic(indexFile, text)
    } catch (e) {
      throw ioError(e, 'write its index')
    }
    // Index first, seal last: a crash between the two leaves a seal that misses, never one that lies.
    await seal(sha256Hex(text), true)
  }

  const writeFile = async (rel: string, data: Buffer) => {
    await ensureDirs()
    try {
      await writeFileAtomic(path.join(dir, rel), data)
    } catch (e) {
      throw ioError(e, 'write a file')
    }
  }

  const readFile = async (rel: string): Promise<Buffer> => {
    try {
      return await fs.readFile(path.join(dir, rel))
    } catch (e) {
      throw ioError(e, 'read a file')
    }
  }

  const needKeyAccess = (): string => {
    if (passphrase === null) throw new AppError(ErrorCode.StoreLocked, 'Unlock the certificate store with its passphrase first: private keys are kept encrypted.')
    return passphrase
  }

  const checkValue = (pw: string, salt: Buffer, iterations: number) => work.run('passCheck', { password: pw, salt, iterations, label: CHECK_LABEL })
  const encryptKey = (pkcs8: Buffer, pw: string) => work.run('encryptKey', { pkcs8, password: pw, iterations: STORE_KDF_ITERATIONS })
  const decryptKey = (der: Buffer, pw: string) => work.run('decryptKey', { der, password: pw })

  /**
   * Files no index entry refers to: left by an import or a CSR that died between writing its
   * files and writing the index (the index is always written last). Run under the lock, once
   * per process, before the first change.
   */
  const reconcile = async (idx: StoreIndex) => {
    if (reconciled) return
    reconciled = true
    const certs = new Set(idx.entries.map((e) => e.thumbprint))
    const keys = new Set(idx.entries.filter((e) => e.hasKey).map((e) => e.thumbprint))
    const pending = new Set(idx.pending.map((x) => x.id))
    let removed = await removeOrphanTemps(dir)
    for (const [sub, ext, keep] of [
      ['certs', '.cer', certs],
      ['keys', '.p8e', keys],
      ['pending', '.p8e', pending],
    ] as const) {
      removed += await removeOrphanTemps(path.join(dir, sub))
      for (const f of await fs.readdir(path.join(dir, sub)).catch(() => [] as string[])) {
        if (!f.endsWith(ext) || keep.has(f.slice(0, -ext.length))) continue
        await fs.rm(path.join(dir, sub, f), { force: true })
        removed++
      }
    }
    if (removed) log.warn('certificate store: files left by an interrupted operation removed', { removed })
  }

  /**
   * A read-modify-write of the index: one process at a time (the app, the browser host, xgw), on
   * the index as it is on disk. The first one of the process reads the index for reconcile and
   * hands that read to its task; every task reads the index itself.
   */
  const locked = <T>(task: (read: StoreIndex | null) => Promise<T>) =>
    serial(async () => {
      await ensureDirs()
      return withFileLock(lockFile, async () => {
        const read = reconciled ? null : await readIndex()
        if (read) await reconcile(read)
        return task(read)
      })
    })

  const entryOf = (c: ParsedCertificate, hasKey: boolean, name: string, friendlyName?: string): StoreEntry => ({
    thumbprint: c.facts.thumbprint,
    sha256: c.facts.sha256,
    subject: c.facts.subject,
    issuer: c.facts.issuer,
    serialNumber: c.facts.serialNumber,
    notBefore: c.facts.notBefore,
    notAfter: c.facts.notAfter,
    dnsNames: [...c.facts.dnsNames],
    isCA: c.facts.isCA,
    keyType: c.facts.publicKey.type,
    keyBits: c.facts.publicKey.bits,
    hasKey,
    tags: [],
    ...(friendlyName ? { friendlyName: friendlyName.slice(0, 256) } : {}),
    source: name.slice(0, 260),
    addedAt: deps.now().toISOString(),
    spkiSha256: p.hash('sha256', c.spki).toString('hex').toUpperCase(),
  })

  // The certificate parser and the chain builder load on first use: a listing parses no certificate.
  const stored = async (thumbprint: string) => (await import('./facts')).parseCertificate(await readFile(`certs/${thumbprint}.cer`))

  /** The entry's SPKI hash, computed from its file for entries stored before the field existed. */
  const spkiOf = async (e: StoreEntry): Promise<string> => {
    if (!e.spkiSha256)
      e.spkiSha256 = p
        .hash('sha256', (await stored(e.thumbprint)).spki)
        .toString('hex')
        .toUpperCase()
    return e.spkiSha256
  }

  const find = (idx: StoreIndex, thumbprint: string): StoreEntry => {
    const t = thumbprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase()
    const e = idx.entries.find((x) => x.thumbprint === t)
    if (!e) throw new AppError(ErrorCode.NotFound, `No certificate with thumbprint ${t} is in the store.`)
    return e
  }

  /**
   * Re-encrypts every stored key at STORE_KDF_ITERATIONS and then records the new check: keys
   * first, index last, so a crash half-way leaves every key readable (each file names its own
   * iteration count) and the next unlock simply finishes the job.
   */
  const rewrap = async (idx: StoreIndex, pw: string) => {
    const t0 = Date.now()
    const files = [...idx.entries.filter((e) => e.hasKey).map((e) => `keys/${e.thumbprint}.p8e`), ...idx.pending.map((x) => `pending/${x.id}.p8e`)]
    for (const rel of files) await writeFile(rel, await encryptKey(await decryptKey(await readFile(rel), pw), pw))
    const salt = p.random(16)
    idx.passphrase = { salt: salt.toString('hex').toUpperCase(), iterations: STORE_KDF_ITERATIONS, check: await checkValue(pw, salt, STORE_KDF_ITERATIONS) }
    await writeIndex(idx)
    log.info('certificate store keys re-wrapped', { keys: files.length, iterations: STORE_KDF_ITERATIONS, ms: Date.now() - t0 })
  }

  /**
   * Start-up reconciliation, once, before the first read of a store that exists. Answers the
   * index it read then (under the lock, a moment ago): the first listing uses it, not a second read.
   */
  const started = async (): Promise<StoreIndex | null> => {
    if (reconciled) return null
    if (
      !(await fs.stat(indexFile).then(
        () => true,
        () => false,
      ))
    )
      return null
    return locked(async (read) => read)
  }

  return {
    status: () =>
      started().then((read) =>
        serial(async () => {
          const idx = read ?? (await readIndex())
          return { initialised: idx.passphrase !== null, unlocked: passphrase !== null, certificates: idx.entries.length, pendingRequests: idx.pending.length }
        }),
      ),

    unlock: (pw) =>
      locked(async () => {
        const idx = await readIndex()
        const problem = storePassphraseProblem(pw, !idx.passphrase)
        if (problem) throw new AppError(ErrorCode.Validation, problem)
        if (!idx.passphrase) {
          const salt = p.random(16)
          idx.passphrase = { salt: salt.toString('hex').toUpperCase(), iterations: STORE_KDF_ITERATIONS, check: await checkValue(pw, salt, STORE_KDF_ITERATIONS) }
          await writeIndex(idx)
          passphrase = pw
          log.info('certificate store passphrase set')
          return { created: true }
        }
        const want = await checkValue(pw, Buffer.from(idx.passphrase.salt, 'hex'), idx.passphrase.iterations)
        if (want !== idx.passphrase.check) throw new AppError(ErrorCode.WrongPassword, 'Wrong store passphrase.')
        if (idx.passphrase.iterations < STORE_KDF_ITERATIONS) await rewrap(idx, pw)
        passphrase = pw
        return { created: false }
      }),

    lock() {
      passphrase = null
    },

    importContainers: (items, errorsIn = []) =>
      locked(async () => {
        const idx = await readIndex()
        const added: string[] = []
        const duplicates: string[] = []
        const paired: string[] = []
        const errors = [...errorsIn]
        let pendingKeys = 0
        // Files this call created: removed again if the index that would name them is never written.
        const created: string[] = []
        const create = async (rel: string, data: Buffer) => {
          await writeFile(rel, data)
          created.push(rel)
        }
        for (const { name, container } of items) {
          const before = structuredClone(idx)
          const mark = created.length
          const counts = [added.length, duplicates.length, paired.length, pendingKeys] as const
          try {
            const { parseCertificate } = await import('./facts')
            const certs = container.certificates.map(parseCertificate)
            const pw = container.keys.length ? needKeyAccess() : null
            // Key import and pairing (a signature per key) run in the worker.
            const pairing = await work.run('pairKeys', { keys: container.keys.map((k) => k.pkcs8), certs: certs.map((c) => c.der) })
            const keys = container.keys.map((k, i) => ({ pkcs8: k.pkcs8, spkiSha256: pairing[i]!.spkiSha256 }))
            const matches = pairing.map((x) => x.match)
            for (const c of certs) {
              const ki = matches.findIndex((m) => m >= 0 && certs[m] === c)
              const existing = idx.entries.find((e) => e.thumbprint === c.facts.thumbprint)
              if (existing) duplicates.push(c.facts.thumbprint)
              else {
                await create(`certs/${c.facts.thumbprint}.cer`, c.der)
                idx.entries.push(entryOf(c, false, name, ki >= 0 ? container.friendlyName : undefined))
                added.push(c.facts.thumbprint)
              }
              const entry = idx.entries.find((e) => e.thumbprint === c.facts.thumbprint)!
              if (ki >= 0 && !entry.hasKey) {
                await create(`keys/${c.facts.thumbprint}.p8e`, await encryptKey(keys[ki]!.pkcs8, pw!))
                entry.hasKey = true
                paired.push(c.facts.thumbprint)
              }
            }
            // A key without its certificate in the same file: pair it with a stored certificate
            // when one matches (whichever arrived first), else keep it as a pending key.
            for (const [i, k] of keys.entries()) {
              if (matches[i]! >= 0) continue
              const spkiSha256 = k.spkiSha256
              let stored: StoreEntry | undefined
              for (const e of idx.entries) {
                if (e.hasKey || (await spkiOf(e)) !== spkiSha256) continue
                const [m] = await work.run('pairKeys', { keys: [k.pkcs8], certs: [await readFile(`certs/${e.thumbprint}.cer`)] })
                if (m?.match === 0) {
                  stored = e
                  break
                }
              }
              if (stored) {
                await create(`keys/${stored.thumbprint}.p8e`, await encryptKey(k.pkcs8, pw!))
                stored.hasKey = true
                paired.push(stored.thumbprint)
                continue
              }
              const withKey = idx.entries.find((e) => e.hasKey && e.spkiSha256 === spkiSha256)
              if (withKey) {
                duplicates.push(withKey.thumbprint)
                continue
              }
              if (idx.pending.some((x) => x.spkiSha256 === spkiSha256)) continue
              const id = randomUUID()
              await create(`pending/${id}.p8e`, await encryptKey(k.pkcs8, pw!))
              idx.pending.push({ id, spkiSha256, subject: '', sans: [], createdAt: deps.now().toISOString() })
              pendingKeys++
            }
            // A file that held nothing the store keeps is named, with why (nothing is silently dropped).
            if (certs.length === 0 && keys.length === 0) {
              const what = container.csrs.length ? 'a certificate request' : container.publicKeys?.length ? 'a public key' : 'nothing the store keeps'
              throw new AppError(ErrorCode.UnsupportedFormat, `This file holds ${what}; the store keeps certificates and private keys.${container.csrs.length ? ' Import the certificate the CA issued for the request instead.' : ''}`)
            }
          } catch (e) {
            // This file is not imported at all: its index changes are undone and its new files removed.
            Object.assign(idx, before)
            for (const rel of created.splice(mark)) await fs.rm(path.join(dir, rel), { force: true })
            added.length = counts[0]
            duplicates.length = counts[1]
            paired.length = counts[2]
            pendingKeys = counts[3]
            errors.push({ name, error: e instanceof AppError ? e.toData() : { code: ErrorCode.Malformed, message: 'The file could not be imported.' } })
          }
        }
        // Pair pending CSR keys with certificates that have none (checked cryptographically).
        if (passphrase !== null && idx.pending.length) {
          for (const entry of idx.entries.filter((e) => !e.hasKey)) {
            const spkiHash = await spkiOf(entry)
            const pend = idx.pending.find((x) => x.spkiSha256 === spkiHash)
            if (!pend) continue
            const cert = await stored(entry.thumbprint)
            const pkcs8 = await decryptKey(await readFile(`pending/${pend.id}.p8e`), passphrase)
            if ((await work.run('pairKeys', { keys: [pkcs8], certs: [cert.der] }))[0]?.match !== 0) continue
            await writeFile(`keys/${entry.thumbprint}.p8e`, await encryptKey(pkcs8, passphrase))
            entry.hasKey = true
            idx.pending = idx.pending.filter((x) => x !== pend)
            await writeIndex(idx)
            await fs.rm(path.join(dir, 'pending', `${pend.id}.p8e`), { force: true })
            paired.push(entry.thumbprint)
            log.info('pending request key paired with its certificate', { thumbprint: entry.thumbprint })
          }
        }
        try {
          await writeIndex(idx)
        } catch (e) {
          for (const rel of created) await fs.rm(path.join(dir, rel), { force: true })
          throw e instanceof AppError ? new AppError(e.code, `${e.message} Nothing was imported; the store is as it was.`, e.details) : e
        }
        log.info('certificates imported', { added: added.length, duplicates: duplicates.length, paired: paired.length, errors: errors.length })
        return { added, duplicates, paired, pendingKeys, errors }
      }),

    list: (query) => started().then((read) => serial(async () => filterEntries((read ?? (await readIndex())).entries, query))),

    listing: (query) =>
      started().then((read) =>
        serial(async () => {
          const idx = read ?? (await readIndex())
          return { entries: filterEntries(idx.entries, query), pending: idx.pending }
        }),
      ),

    listingJson: () =>
      serial(async () => {
        const read = await readSealed()
        return read?.seal === 'compact' ? listingFromCompactIndex(read.bytes) : null
      }),

    material: (thumbprint, withKey) =>
      serial(async () => {
        const idx = await readIndex()
        const entry = find(idx, thumbprint)
        const leaf = await stored(entry.thumbprint)
        const pool: ParsedCertificate[] = []
        for (const e of idx.entries) if (e.isCA && e.thumbprint !== entry.thumbprint) pool.push(await stored(e.thumbprint))
        const chain = (await import('./chain')).buildChain(p, leaf, pool).chain.map((c) => c.der)
        if (!withKey || !entry.hasKey) return { certificates: chain, entry }
        const pw = needKeyAccess()
        return { certificates: chain, key: await decryptKey(await readFile(`keys/${entry.thumbprint}.p8e`), pw), entry }
      }),

    tag: (thumbprint, tag, on) =>
      locked(async () => {
        const idx = await readIndex()
        const entry = find(idx, thumbprint)
        if (on && tag === EDGE_TAG) for (const e of idx.entries) e.tags = e.tags.filter((t) => t !== EDGE_TAG)
        entry.tags = on ? [...new Set([...entry.tags, tag])] : entry.tags.filter((t) => t !== tag)
        await writeIndex(idx)
        return entry
      }),

    remove: (thumbprint) =>
      locked(async () => {
        const idx = await readIndex()
        const entry = find(idx, thumbprint)
        idx.entries = idx.entries.filter((e) => e !== entry)
        await writeIndex(idx)
        await fs.rm(path.join(dir, 'certs', `${entry.thumbprint}.cer`), { force: true })
        await fs.rm(path.join(dir, 'keys', `${entry.thumbprint}.p8e`), { force: true })
      }),

    addPending: (keyPkcs8, subject, sans) =>
      locked(async () => {
        const pw = needKeyAccess()
        const idx = await readIndex()
        const [k] = await work.run('pairKeys', { keys: [keyPkcs8], certs: [] })
        const id = randomUUID()
        await writeFile(`pending/${id}.p8e`, await encryptKey(keyPkcs8, pw))
        idx.pending.push({ id, spkiSha256: k!.spkiSha256, subject, sans: [...sans], createdAt: deps.now().toISOString() })
        try {
          await writeIndex(idx)
        } catch (e) {
          await fs.rm(path.join(dir, 'pending', `${id}.p8e`), { force: true })
          throw e
        }
        return id
      }),

    listPending: () => serial(async () => (await readIndex()).pending),

    findBySpki: (hashes) =>
      serial(async () => {
        const out = new Map(hashes.map((h) => [h, { certificates: [] as string[], pendingRequests: [] as string[] }]))
        if (!hashes.length) return out
        const idx = await readIndex()
        for (const e of idx.entries) {
          const h = p
            .hash('sha256', (await stored(e.thumbprint)).spki)
            .toString('hex')
            .toUpperCase()
          out.get(h)?.certificates.push(e.thumbprint)
        }
        for (const k of idx.pending) out.get(k.spkiSha256)?.pendingRequests.push(k.id)
        return out
      }),

    issuerCertificates: () =>
      serial(async () => {
        try {
          const idx = await readIndex()
          const out: Buffer[] = []
          for (const e of idx.entries) if (e.isCA) out.push(await readFile(`certs/${e.thumbprint}.cer`))
          return out
        } catch (e) {
          // A damaged store must not stop a check; the admin sees the store error where the store is shown.
          log.warn('certificate store not used for issuers', { code: e instanceof AppError ? e.code : 'unknown' })
          return []
        }
      }),
  }
}

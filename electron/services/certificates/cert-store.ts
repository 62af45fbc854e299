/**
 * The certificate store on the file system (`<dataDir>/store/`, issue 3 "Store"):
 *
 *   index.json            validated with zod before every write, written atomically
 *   certs/<THUMB>.cer     certificates as DER, de-duplicated by SHA-1 thumbprint
 *   keys/<THUMB>.p8e      private keys, only as encrypted PKCS#8 (PBES2 AES-256, PBKDF2-SHA256)
 *   pending/<ID>.p8e      keys of CSRs waiting for their certificate
 *
 * Directories 0700, files 0600. Keys are encrypted under the admin's store passphrase, which is
 * only held in memory after `unlock`. Importing an issued certificate pairs a pending key with
 * it when the key cryptographically matches (never by name).
 */
import { createSerialQueue, writeFileAtomic } from '../../lib/atomic-file'
import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import { z } from 'zod'
import { AppError, type AppErrorData, ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../lib/logger'
import { buildChain } from './chain'
import { type ParsedCertificate, parseCertificate } from './facts'
import { matchKey } from './inspect'
import { decryptPkcs8, encryptPkcs8, importPkcs8 } from './keys'
import type { CryptoPrimitives } from './primitives'
import type { Container } from './read-container'
import { storePassphraseProblem } from '../../../shared/domain/rules/store-passphrase'

/** PBKDF2 iterations for the passphrase check and for stored keys. */
export const STORE_KDF_ITERATIONS = 100_000

const Hex = z.string().regex(/^[0-9A-F]+$/)
export const StoreEntry = z.object({
  thumbprint: Hex.length(40),
  sha256: Hex.length(64),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  dnsNames: z.array(z.string()),
  isCA: z.boolean(),
  keyType: z.string(),
  keyBits: z.number().int(),
  hasKey: z.boolean(),
  tags: z.array(z.string().max(32)).max(16),
  friendlyName: z.string().max(256).optional(),
  source: z.string().max(260).optional(),
  addedAt: z.string(),
})
export type StoreEntry = z.infer<typeof StoreEntry>

export const PendingKey = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/),
  spkiSha256: Hex.length(64),
  subject: z.string(),
  sans: z.array(z.string()),
  createdAt: z.string(),
})
export type PendingKey = z.infer<typeof PendingKey>

export const StoreIndex = z.object({
  version: z.literal(1),
  passphrase: z.object({ salt: Hex, iterations: z.number().int().min(1), check: Hex }).nullable(),
  entries: z.array(StoreEntry),
  pending: z.array(PendingKey),
})
export type StoreIndex = z.infer<typeof StoreIndex>

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
  /** The certificate with its chain from the store (leaf first) and, when asked, the decrypted key. */
  material(thumbprint: string, withKey: boolean): Promise<{ certificates: Buffer[]; key?: Buffer; entry: StoreEntry }>
  tag(thumbprint: string, tag: string, on: boolean): Promise<StoreEntry>
  remove(thumbprint: string): Promise<void>
  /** Keeps the key of a new CSR until its certificate is imported. Needs the store unlocked. */
  addPending(keyPkcs8: Buffer, subject: string, sans: readonly string[]): Promise<string>
  listPending(): Promise<PendingKey[]>
}

/** Creates the store. Nothing touches the disk until the first call. */
export function createCertStore(deps: CertStoreDeps): CertStore {
  const { dir, primitives: p, log } = deps
  const indexFile = path.join(dir, 'index.json')
  let passphrase: string | null = null
  /** Serialises store operations so two imports never interleave index writes. */
  const serial = createSerialQueue()

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

  const readIndex = async (): Promise<StoreIndex> => {
    let text: string
    try {
      text = await fs.readFile(indexFile, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, passphrase: null, entries: [], pending: [] }
      throw ioError(e, 'read its index')
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new AppError(ErrorCode.StoreIo, 'The certificate store index is damaged (not JSON).')
    }
    const r = StoreIndex.safeParse(parsed)
    if (!r.success) throw new AppError(ErrorCode.StoreIo, 'The certificate store index is damaged (unexpected content).')
    return r.data
  }

  const writeIndex = async (idx: StoreIndex) => {
    // Validate before write: a bug must never leave an index we cannot read back.
    const valid = StoreIndex.parse(idx)
    await ensureDirs()
    try {
      await writeFileAtomic(indexFile, `${JSON.stringify(valid, null, 2)}\n`)
    } catch (e) {
      throw ioError(e, 'write its index')
    }
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

  const checkValue = (pw: string, salt: Buffer, iterations: number) =>
    p.hmac('sha256', p.pbkdf2(Buffer.from(pw, 'utf8'), salt, iterations, 32, 'sha256'), Buffer.from('xgw certificate store passphrase check')).toString('hex').toUpperCase()

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
  })

  const find = (idx: StoreIndex, thumbprint: string): StoreEntry => {
    const t = thumbprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase()
    const e = idx.entries.find((x) => x.thumbprint === t)
    if (!e) throw new AppError(ErrorCode.NotFound, `No certificate with thumbprint ${t} is in the store.`)
    return e
  }

  return {
    status: () =>
      serial(async () => {
        const idx = await readIndex()
        return { initialised: idx.passphrase !== null, unlocked: passphrase !== null, certificates: idx.entries.length, pendingRequests: idx.pending.length }
      }),

    unlock: (pw) =>
      serial(async () => {
        const idx = await readIndex()
        const problem = storePassphraseProblem(pw, !idx.passphrase)
        if (problem) throw new AppError(ErrorCode.Validation, problem)
        if (!idx.passphrase) {
          const salt = p.random(16)
          idx.passphrase = { salt: salt.toString('hex').toUpperCase(), iterations: STORE_KDF_ITERATIONS, check: checkValue(pw, salt, STORE_KDF_ITERATIONS) }
          await writeIndex(idx)
          passphrase = pw
          log.info('certificate store passphrase set')
          return { created: true }
        }
        const want = checkValue(pw, Buffer.from(idx.passphrase.salt, 'hex'), idx.passphrase.iterations)
        if (want !== idx.passphrase.check) throw new AppError(ErrorCode.WrongPassword, 'Wrong store passphrase.')
        passphrase = pw
        return { created: false }
      }),

    lock() {
      passphrase = null
    },

    importContainers: (items, errorsIn = []) =>
      serial(async () => {
        const idx = await readIndex()
        const added: string[] = []
        const duplicates: string[] = []
        const paired: string[] = []
        const errors = [...errorsIn]
        let pendingKeys = 0
        for (const { name, container } of items) {
          try {
            const certs = container.certificates.map(parseCertificate)
            const keys = container.keys.map((k) => importPkcs8(p, k.pkcs8))
            const pw = keys.length ? needKeyAccess() : null
            const matches = keys.map((k) => matchKey(p, k, certs))
            for (const c of certs) {
              const ki = matches.findIndex((m) => m >= 0 && certs[m] === c)
              const existing = idx.entries.find((e) => e.thumbprint === c.facts.thumbprint)
              if (existing) duplicates.push(c.facts.thumbprint)
              else {
                await writeFile(`certs/${c.facts.thumbprint}.cer`, c.der)
                idx.entries.push(entryOf(c, false, name, ki >= 0 ? container.friendlyName : undefined))
                added.push(c.facts.thumbprint)
              }
              const entry = idx.entries.find((e) => e.thumbprint === c.facts.thumbprint)!
              if (ki >= 0 && !entry.hasKey) {
                await writeFile(`keys/${c.facts.thumbprint}.p8e`, encryptPkcs8(p, keys[ki]!.pkcs8, pw!, STORE_KDF_ITERATIONS))
                entry.hasKey = true
                paired.push(c.facts.thumbprint)
              }
            }
            // A key without its certificate waits as a pending key (e.g. saved with a CSR elsewhere).
            for (const [i, k] of keys.entries()) {
              if (matches[i]! >= 0) continue
              const spkiSha256 = p.hash('sha256', k.handle.spki).toString('hex').toUpperCase()
              if (idx.pending.some((x) => x.spkiSha256 === spkiSha256)) continue
              const id = randomUUID()
              await writeFile(`pending/${id}.p8e`, encryptPkcs8(p, k.pkcs8, pw!, STORE_KDF_ITERATIONS))
              idx.pending.push({ id, spkiSha256, subject: '', sans: [], createdAt: deps.now().toISOString() })
              pendingKeys++
            }
          } catch (e) {
            errors.push({ name, error: e instanceof AppError ? e.toData() : { code: ErrorCode.Malformed, message: 'The file could not be imported.' } })
          }
        }
        // Pair pending CSR keys with certificates that have none (checked cryptographically).
        if (passphrase !== null && idx.pending.length) {
          for (const entry of idx.entries.filter((e) => !e.hasKey)) {
            const cert = parseCertificate(await readFile(`certs/${entry.thumbprint}.cer`))
            const spkiHash = p.hash('sha256', cert.spki).toString('hex').toUpperCase()
            const pend = idx.pending.find((x) => x.spkiSha256 === spkiHash)
            if (!pend) continue
            const pkcs8 = decryptPkcs8(p, await readFile(`pending/${pend.id}.p8e`), passphrase)
            if (matchKey(p, importPkcs8(p, pkcs8), [cert]) !== 0) continue
            await writeFile(`keys/${entry.thumbprint}.p8e`, encryptPkcs8(p, pkcs8, passphrase, STORE_KDF_ITERATIONS))
            entry.hasKey = true
            idx.pending = idx.pending.filter((x) => x !== pend)
            await writeIndex(idx)
            await fs.rm(path.join(dir, 'pending', `${pend.id}.p8e`), { force: true })
            paired.push(entry.thumbprint)
            log.info('pending request key paired with its certificate', { thumbprint: entry.thumbprint })
          }
        }
        await writeIndex(idx)
        log.info('certificates imported', { added: added.length, duplicates: duplicates.length, paired: paired.length, errors: errors.length })
        return { added, duplicates, paired, pendingKeys, errors }
      }),

    list: (query) =>
      serial(async () => {
        const idx = await readIndex()
        const q = (query ?? '').trim().toLowerCase()
        if (!q) return idx.entries
        return idx.entries.filter((e) =>
          [e.subject, e.issuer, e.thumbprint, e.serialNumber, e.friendlyName ?? '', ...e.dnsNames, ...e.tags].some((s) => s.toLowerCase().includes(q)))
      }),

    material: (thumbprint, withKey) =>
      serial(async () => {
        const idx = await readIndex()
        const entry = find(idx, thumbprint)
        const leaf = parseCertificate(await readFile(`certs/${entry.thumbprint}.cer`))
        const pool: ParsedCertificate[] = []
        for (const e of idx.entries) if (e.isCA && e.thumbprint !== entry.thumbprint) pool.push(parseCertificate(await readFile(`certs/${e.thumbprint}.cer`)))
        const chain = buildChain(p, leaf, pool).chain.map((c) => c.der)
        if (!withKey || !entry.hasKey) return { certificates: chain, entry }
        const pw = needKeyAccess()
        return { certificates: chain, key: decryptPkcs8(p, await readFile(`keys/${entry.thumbprint}.p8e`), pw), entry }
      }),

    tag: (thumbprint, tag, on) =>
      serial(async () => {
        const idx = await readIndex()
        const entry = find(idx, thumbprint)
        if (on && tag === EDGE_TAG) for (const e of idx.entries) e.tags = e.tags.filter((t) => t !== EDGE_TAG)
        entry.tags = on ? [...new Set([...entry.tags, tag])] : entry.tags.filter((t) => t !== tag)
        await writeIndex(idx)
        return entry
      }),

    remove: (thumbprint) =>
      serial(async () => {
        const idx = await readIndex()
        const entry = find(idx, thumbprint)
        idx.entries = idx.entries.filter((e) => e !== entry)
        await writeIndex(idx)
        await fs.rm(path.join(dir, 'certs', `${entry.thumbprint}.cer`), { force: true })
        await fs.rm(path.join(dir, 'keys', `${entry.thumbprint}.p8e`), { force: true })
      }),

    addPending: (keyPkcs8, subject, sans) =>
      serial(async () => {
        const pw = needKeyAccess()
        const idx = await readIndex()
        const k = importPkcs8(p, keyPkcs8)
        const id = randomUUID()
        await writeFile(`pending/${id}.p8e`, encryptPkcs8(p, keyPkcs8, pw, STORE_KDF_ITERATIONS))
        idx.pending.push({ id, spkiSha256: p.hash('sha256', k.handle.spki).toString('hex').toUpperCase(), subject, sans: [...sans], createdAt: deps.now().toISOString() })
        await writeIndex(idx)
        return id
      }),

    listPending: () => serial(async () => (await readIndex()).pending),
  }
}

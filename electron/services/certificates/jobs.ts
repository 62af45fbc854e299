/**
 * The heavy jobs, as pure functions over structured-clone-safe data, shared by the in-process
 * runner and the worker (crypto-worker.ts): PKCS#12 key derivation with large iteration counts
 * and folders of hundreds of files must not block Electron's main thread (pitfall 18).
 */
import { AppError, type AppErrorData, ErrorCode } from '../../../shared/errors'
import { convert, type ConvertRequest, type ConvertResult } from './convert'
import { type CheckSubject, type EdgeCheckResult, type EdgeRequirements, checkCertificates } from './edge-check'
import { parseCertificate } from './facts'
import { type InspectResult, inspectContainer, matchKey } from './inspect'
import { decryptPkcs8, encryptPkcs8, importPkcs8 } from './keys'
import { createPrimitives } from './primitives'
import { type Container, asBuffer, readContainer } from './read-container'
import type { ProjectData } from '../../../shared/domain/model/project'
import type { ExportBundle, ExportOptions } from '../../../shared/export/export-bundle'

export interface RunnerFile {
  readonly name: string
  readonly bytes: Uint8Array
  readonly password?: string
}

export type ReadManyItem = { readonly name: string; readonly ok: true; readonly container: Container } | { readonly name: string; readonly ok: false; readonly error: AppErrorData }

export interface JobOptions {
  readonly forceFallback?: boolean
}

/** Coded error data from anything thrown (never a stack trace). */
export function toErrorData(e: unknown): AppErrorData {
  if (e instanceof AppError) return e.toData()
  if (e instanceof RangeError) return { code: ErrorCode.TooLarge, message: 'The file is too complex to read.' }
  return { code: ErrorCode.Malformed, message: 'The file is damaged or not in a supported format.' }
}

/** Reads one file. */
export function jobRead(bytes: Uint8Array, password: string | undefined, opts: JobOptions = {}): Container {
  return readContainer(createPrimitives(opts), asBuffer(bytes), password)
}

/** Reads many files, one result per file; a bad file never stops the others. */
export function jobReadMany(files: readonly RunnerFile[], opts: JobOptions = {}): ReadManyItem[] {
  const p = createPrimitives(opts)
  return files.map((f) => {
    try {
      return { name: f.name, ok: true, container: readContainer(p, asBuffer(f.bytes), f.password) }
    } catch (e) {
      return { name: f.name, ok: false, error: toErrorData(e) }
    }
  })
}

/** Turns the Uint8Arrays a structured clone delivers back into Buffers. */
export function reviveContainer(c: Container): Container {
  return {
    ...c,
    certificates: c.certificates.map(asBuffer),
    keys: c.keys.map((k) => ({ ...k, pkcs8: asBuffer(k.pkcs8) })),
    csrs: c.csrs.map(asBuffer),
  }
}

// ---------------------------------------------------------------------------------------------
// Every other job that touches a user's bytes or runs a key derivation. Arguments and results
// are structured-clone safe; Buffers arrive as Uint8Arrays and are revived on both sides.

const bufs = (a: readonly Uint8Array[]): Buffer[] => a.map(asBuffer)

export interface JobArgs {
  read: { bytes: Uint8Array; password?: string }
  readMany: { files: readonly RunnerFile[] }
  /** `extra`: files picked with it (key, chain), read as one set with the first. */
  inspect: { bytes: Uint8Array; password?: string; extra?: readonly { bytes: Uint8Array; password?: string }[] }
  check: { subject: CheckSubject; requirements: EdgeRequirements }
  convert: ConvertRequest
  encryptKey: { pkcs8: Uint8Array; password: string; iterations: number }
  decryptKey: { der: Uint8Array; password: string }
  passCheck: { password: string; salt: Uint8Array; iterations: number; label: string }
  pairKeys: { keys: readonly Uint8Array[]; certs: readonly Uint8Array[] }
  /** Not cryptography, but as heavy: the export of 5,000 partners is some 9 MB of text. */
  exportBundle: { project: ProjectData; options: ExportOptions }
}
export interface JobResults {
  read: Container
  readMany: ReadManyItem[]
  inspect: InspectResult
  check: EdgeCheckResult
  convert: ConvertResult
  encryptKey: Buffer
  decryptKey: Buffer
  passCheck: string
  /** Per key: SHA-256 of its public key (hex) and the index of the certificate it matches, or -1. */
  pairKeys: { spkiSha256: string; match: number }[]
  exportBundle: ExportBundle
}
export type JobName = keyof JobArgs

/** The job table the in-process runner and the worker both dispatch through. */
export const JOBS = {
  read: (a, o) => jobRead(a.bytes, a.password, o),
  readMany: (a, o) => jobReadMany(a.files, o),
  inspect: (a, o) => {
    const p = createPrimitives(o)
    const first = readContainer(p, asBuffer(a.bytes), a.password)
    const more = (a.extra ?? []).map((f) => readContainer(p, asBuffer(f.bytes), f.password))
    if (!more.length) return inspectContainer(p, first)
    return inspectContainer(p, {
      ...first,
      certificates: [...first.certificates, ...more.flatMap((x) => x.certificates)],
      keys: [...first.keys, ...more.flatMap((x) => x.keys)],
      csrs: [...first.csrs, ...more.flatMap((x) => x.csrs)],
      publicKeys: [...(first.publicKeys ?? []), ...more.flatMap((x) => x.publicKeys ?? [])],
    })
  },
  check: (a, o) => {
    const s = a.subject
    const r = a.requirements
    return checkCertificates(
      {
        ...s,
        certificates: bufs(s.certificates),
        ...(s.privateKeys ? { privateKeys: bufs(s.privateKeys) } : {}),
        ...(s.issuers ? { issuers: s.issuers.map((i) => ({ ...i, der: asBuffer(i.der) })) } : {}),
      },
      { ...r, ...(r.trustAnchors ? { trustAnchors: bufs(r.trustAnchors) } : {}) },
      { primitives: createPrimitives(o) },
    )
  },
  convert: (a, o) => convert(createPrimitives(o), { ...a, certificates: bufs(a.certificates), ...(a.keys ? { keys: bufs(a.keys) } : {}) }),
  encryptKey: (a, o) => encryptPkcs8(createPrimitives(o), asBuffer(a.pkcs8), a.password, a.iterations),
  decryptKey: (a, o) => decryptPkcs8(createPrimitives(o), asBuffer(a.der), a.password),
  passCheck: (a, o) => {
    const p = createPrimitives(o)
    return p
      .hmac('sha256', p.pbkdf2(Buffer.from(a.password, 'utf8'), asBuffer(a.salt), a.iterations, 32, 'sha256'), Buffer.from(a.label))
      .toString('hex')
      .toUpperCase()
  },
  // Loaded on first use: the export writers (and the zod schemas they reach) stay out of `xgw inspect`.
  exportBundle: async (a) => (await import('../../../shared/export/export-bundle')).buildExportBundle(a.project, a.options),
  pairKeys: (a, o) => {
    const p = createPrimitives(o)
    const certs = a.certs.map((c) => parseCertificate(asBuffer(c)))
    return a.keys.map((k) => {
      const key = importPkcs8(p, asBuffer(k))
      return { spkiSha256: p.hash('sha256', key.handle.spki).toString('hex').toUpperCase(), match: matchKey(p, key, certs) }
    })
  },
} satisfies JobTable

type JobTable = { [K in JobName]: (args: JobArgs[K], opts: JobOptions) => JobResults[K] | Promise<JobResults[K]> }
/** The same table typed by job name, for the runners that dispatch by name. */
export const JOB_TABLE: JobTable = JOBS

/** Turns the Uint8Arrays of a structured clone back into Buffers, per job. */
export function reviveResult<K extends JobName>(job: K, v: JobResults[K]): JobResults[K] {
  switch (job) {
    case 'read':
      return reviveContainer(v as Container) as JobResults[K]
    case 'readMany':
      return (v as ReadManyItem[]).map((i) => (i.ok ? { ...i, container: reviveContainer(i.container) } : i)) as JobResults[K]
    case 'check': {
      const c = v as EdgeCheckResult
      return (c.chainDer ? { ...c, chainDer: bufs(c.chainDer) } : c) as JobResults[K]
    }
    case 'convert':
      return { ...(v as ConvertResult), bytes: asBuffer((v as ConvertResult).bytes) } as JobResults[K]
    case 'encryptKey':
    case 'decryptKey':
      return asBuffer(v as Uint8Array) as JobResults[K]
    default:
      return v
  }
}

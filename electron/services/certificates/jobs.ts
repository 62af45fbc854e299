/**
 * The heavy jobs, as pure functions over structured-clone-safe data, shared by the in-process
 * runner and the worker (crypto-worker.ts): PKCS#12 key derivation with large iteration counts
 * and folders of hundreds of files must not block Electron's main thread (pitfall 18).
 */
import { AppError, type AppErrorData, ErrorCode } from '../../../shared/errors'
import { createPrimitives } from './primitives'
import { type Container, readContainer } from './read-container'

export interface RunnerFile {
  readonly name: string
  readonly bytes: Uint8Array
  readonly password?: string
}

export type ReadManyItem =
  | { readonly name: string; readonly ok: true; readonly container: Container }
  | { readonly name: string; readonly ok: false; readonly error: AppErrorData }

export interface JobOptions {
  readonly forceFallback?: boolean
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength))

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

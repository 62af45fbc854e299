/**
 * Where heavy certificate work runs. `createInProcessRunner` (unit tests, the command line)
 * runs the jobs directly; `createWorkerRunner` runs them on a worker_threads worker whose
 * entry is crypto-worker.ts (built to dist-electron/crypto-worker.js), so a 600 000-iteration
 * PFX or a folder of 500 files never blocks Electron's main thread (certificates.md pitfall 18).
 */
import { Worker } from 'node:worker_threads'
import { AppError, ErrorCode, isAppErrorData } from '../../../shared/errors'
import { type JobOptions, type ReadManyItem, type RunnerFile, jobRead, jobReadMany, reviveContainer, toErrorData } from './jobs'
import type { Container } from './read-container'

export interface CryptoRunner {
  /** Reads one file (see read-container.ts). Rejects with AppError only. */
  read(bytes: Buffer, password?: string): Promise<Container>
  /** Reads many files; per-file errors are in the items. */
  readMany(files: readonly RunnerFile[]): Promise<ReadManyItem[]>
  /** Stops the worker, if any. */
  close(): Promise<void>
}

/** Runs jobs on the calling thread. */
export function createInProcessRunner(opts: JobOptions = {}): CryptoRunner {
  return {
    async read(bytes, password) {
      return jobRead(bytes, password, opts)
    },
    async readMany(files) {
      return jobReadMany(files, opts)
    },
    async close() {},
  }
}

/** Request sent to the worker. */
export type WorkerRequest =
  | { readonly id: number; readonly job: 'read'; readonly bytes: Uint8Array; readonly password?: string; readonly opts: JobOptions }
  | { readonly id: number; readonly job: 'readMany'; readonly files: readonly RunnerFile[]; readonly opts: JobOptions }

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

/** Reply from the worker. */
export type WorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: unknown }

/**
 * Runs jobs on one lazily started worker (nothing starts until the first job). A crashed
 * worker fails its pending jobs with INTERNAL and is restarted on the next job.
 */
export function createWorkerRunner(workerUrl: URL, opts: JobOptions & { timeoutMs?: number } = {}): CryptoRunner {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer?: NodeJS.Timeout }>()

  const failAll = (err: AppError) => {
    for (const [id, p] of pending) {
      if (p.timer) clearTimeout(p.timer)
      p.reject(err)
      pending.delete(id)
    }
  }
  const ensure = (): Worker => {
    if (worker) return worker
    const w = new Worker(workerUrl)
    w.on('message', (m: WorkerReply) => {
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      if (p.timer) clearTimeout(p.timer)
      if (pending.size === 0) w.unref()
      if (m.ok) p.resolve(m.value)
      else p.reject(isAppErrorData(m.error) ? new AppError(m.error.code, m.error.message, m.error.details) : new AppError(ErrorCode.Internal, 'Certificate worker failed.'))
    })
    w.on('error', () => {
      worker = null
      failAll(new AppError(ErrorCode.Internal, 'The certificate worker stopped unexpectedly.'))
    })
    w.on('exit', () => {
      if (worker === w) worker = null
      failAll(new AppError(ErrorCode.Internal, 'The certificate worker stopped unexpectedly.'))
    })
    worker = w
    return w
  }
  const call = <T>(msg: WithoutId<WorkerRequest>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const w = ensure()
      const id = nextId++
      const entry: { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer?: NodeJS.Timeout } = { resolve: resolve as (v: unknown) => void, reject }
      if (opts.timeoutMs) {
        entry.timer = setTimeout(() => {
          pending.delete(id)
          reject(new AppError(ErrorCode.Timeout, 'Reading the certificate file took too long.'))
          void w.terminate()
        }, opts.timeoutMs)
      }
      pending.set(id, entry)
      w.ref()
      w.postMessage({ ...msg, id })
    })
  const jobOpts: JobOptions = opts.forceFallback ? { forceFallback: true } : {}
  return {
    async read(bytes, password) {
      const c = await call<Container>({ job: 'read', bytes, ...(password !== undefined ? { password } : {}), opts: jobOpts })
      return reviveContainer(c)
    },
    async readMany(files) {
      const items = await call<ReadManyItem[]>({ job: 'readMany', files, opts: jobOpts })
      return items.map((i) => (i.ok ? { ...i, container: reviveContainer(i.container) } : i))
    },
    async close() {
      const w = worker
      worker = null
      if (w) await w.terminate()
    },
  }
}

export { toErrorData }

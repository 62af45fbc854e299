/**
 * Where certificate work runs. `createInProcessRunner` (unit tests) runs the jobs directly;
 * `createWorkerRunner` runs them on worker_threads workers whose entry is crypto-worker.ts
 * (built to dist-electron/crypto-worker.js), so no user file is parsed, no key imported and no
 * key derivation run on the thread that answers the window, the HTTP host or /healthz.
 *
 * The worker runner keeps two workers. A job is "small" (one file under 256 KiB, a key
 * derivation of the store) or "large" (a folder, a big file); a large job may occupy only one
 * worker at a time and small jobs leave the queue first, so a small job always passes a large
 * one. Every job has a time budget: a worker still busy at the end of it is terminated and
 * replaced, and the job ends with TIMEOUT.
 */
import { Worker } from 'node:worker_threads'
import { AppError, ErrorCode, isAppErrorData } from '../../../shared/errors'
import { type JobArgs, type JobName, type JobOptions, type JobResults, type ReadManyItem, type RunnerFile, JOB_TABLE, reviveResult, toErrorData } from './jobs'
import type { Container } from './read-container'

export type JobWeight = 'small' | 'large'

export interface CryptoRunner {
  /** Reads one file (see read-container.ts). Rejects with AppError only. */
  read(bytes: Buffer, password?: string): Promise<Container>
  /** Reads many files; per-file errors are in the items. */
  readMany(files: readonly RunnerFile[]): Promise<ReadManyItem[]>
  /** Any job of the table in jobs.ts. */
  run<K extends JobName>(job: K, args: JobArgs[K], weight?: JobWeight): Promise<JobResults[K]>
  /** Stops the workers, if any. */
  close(): Promise<void>
}

/** A single file this small is a small job; anything bigger, or several files, is large. */
export const SMALL_JOB_BYTES = 256 * 1024
/** An export of this many partners or fewer takes a few milliseconds: a small job. */
export const EXPORT_SMALL_PARTNERS = 200
/** Default time budget of one job. */
export const DEFAULT_JOB_TIMEOUT_MS = 30_000

function weightOf<K extends JobName>(job: K, args: JobArgs[K]): JobWeight {
  if (job === 'read' || job === 'inspect') return (args as JobArgs['read']).bytes.byteLength <= SMALL_JOB_BYTES ? 'small' : 'large'
  if (job === 'readMany') {
    const files = (args as JobArgs['readMany']).files
    return files.length <= 1 && (files[0]?.bytes.byteLength ?? 0) <= SMALL_JOB_BYTES ? 'small' : 'large'
  }
  if (job === 'encryptKey' || job === 'decryptKey' || job === 'passCheck') return 'small'
  if (job === 'exportBundle') return (args as JobArgs['exportBundle']).project.partners.partners.length <= EXPORT_SMALL_PARTNERS ? 'small' : 'large'
  return 'large'
}

/** Runs jobs on the calling thread (tests; no worker built). */
export function createInProcessRunner(opts: JobOptions = {}): CryptoRunner {
  const run = async <K extends JobName>(job: K, args: JobArgs[K]): Promise<JobResults[K]> => {
    try {
      return await JOB_TABLE[job](args, opts)
    } catch (e) {
      const d = toErrorData(e)
      throw e instanceof AppError ? e : new AppError(d.code, d.message)
    }
  }
  return {
    read: (bytes, password) => run('read', { bytes, ...(password !== undefined ? { password } : {}) }),
    readMany: (files) => run('readMany', { files }),
    run,
    async close() {},
  }
}

/** Request sent to the worker. */
export interface WorkerRequest {
  readonly id: number
  readonly job: JobName
  readonly args: unknown
  readonly opts: JobOptions
}

/** Reply from the worker. */
export type WorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: unknown }

interface Job {
  readonly id: number
  readonly job: JobName
  readonly args: unknown
  readonly weight: JobWeight
  readonly resolve: (v: unknown) => void
  readonly reject: (e: unknown) => void
}

interface Slot {
  worker: Worker | null
  current: (Job & { timer: NodeJS.Timeout }) | null
}

export interface WorkerRunnerOptions extends JobOptions {
  /** Time budget of one job; default 30 s. */
  readonly timeoutMs?: number
  /** Number of workers; default 2 (at least 2 so a small job can pass a large one). */
  readonly workers?: number
}

export function createWorkerRunner(workerUrl: URL, opts: WorkerRunnerOptions = {}): CryptoRunner {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS
  const jobOpts: JobOptions = opts.forceFallback ? { forceFallback: true } : {}
  const slots: Slot[] = Array.from({ length: Math.max(2, opts.workers ?? 2) }, () => ({ worker: null, current: null }))
  const queue: Job[] = []
  let nextId = 1
  let closed = false

  const finish = (slot: Slot) => {
    if (slot.current) clearTimeout(slot.current.timer)
    slot.current = null
    slot.worker?.unref()
  }

  const spawn = (slot: Slot): Worker => {
    const w = new Worker(workerUrl)
    w.on('message', (m: WorkerReply) => {
      const job = slot.current
      if (!job || job.id !== m.id) return
      finish(slot)
      if (m.ok) job.resolve(m.value)
      else job.reject(isAppErrorData(m.error) ? new AppError(m.error.code, m.error.message, m.error.details) : new AppError(ErrorCode.Internal, 'Certificate worker failed.'))
      pump()
    })
    const died = () => {
      if (slot.worker !== w) return
      slot.worker = null
      const job = slot.current
      finish(slot)
      job?.reject(new AppError(ErrorCode.Internal, 'The certificate worker stopped unexpectedly; try again.'))
      pump()
    }
    w.on('error', died)
    w.on('exit', died)
    slot.worker = w
    return w
  }

  const start = (slot: Slot, job: Job) => {
    const w = slot.worker ?? spawn(slot)
    const timer = setTimeout(() => {
      // Over budget: the worker may be stuck in native code, so it is ended, not asked.
      slot.worker = null
      finish(slot)
      void w.terminate()
      job.reject(new AppError(ErrorCode.Timeout, `The certificate work took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; the file is too complex to read.`))
      pump()
    }, timeoutMs)
    slot.current = { ...job, timer }
    w.ref()
    w.postMessage({ id: job.id, job: job.job, args: job.args, opts: jobOpts } satisfies WorkerRequest)
  }

  function pump(): void {
    if (closed) return
    for (;;) {
      const idle = slots.find((s) => s.current === null)
      if (!idle || queue.length === 0) return
      const largeRunning = slots.some((s) => s.current?.weight === 'large')
      // Small jobs first; a large job only while no other large job holds a worker.
      const i = queue.findIndex((j) => j.weight === 'small')
      const pick = i >= 0 ? i : largeRunning ? -1 : 0
      if (pick < 0) return
      const [job] = queue.splice(pick, 1)
      start(idle, job!)
    }
  }

  const run = <K extends JobName>(job: K, args: JobArgs[K], weight?: JobWeight): Promise<JobResults[K]> =>
    new Promise<JobResults[K]>((resolve, reject) => {
      if (closed) return reject(new AppError(ErrorCode.Internal, 'The certificate worker was stopped.'))
      queue.push({ id: nextId++, job, args, weight: weight ?? weightOf(job, args), resolve: (v) => resolve(reviveResult(job, v as JobResults[K])), reject })
      pump()
    })

  return {
    read: (bytes, password) => run('read', { bytes, ...(password !== undefined ? { password } : {}) }),
    readMany: (files) => run('readMany', { files }),
    run,
    async close() {
      closed = true
      for (const j of queue.splice(0)) j.reject(new AppError(ErrorCode.Internal, 'The certificate worker was stopped.'))
      await Promise.all(
        slots.map(async (s) => {
          const w = s.worker
          s.worker = null
          const job = s.current
          finish(s)
          job?.reject(new AppError(ErrorCode.Internal, 'The certificate worker was stopped.'))
          if (w) await w.terminate()
        }),
      )
    },
  }
}

export { toErrorData }

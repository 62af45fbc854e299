/**
 * Worker entry for createWorkerRunner (built as dist-electron/crypto-worker.js). Plain Node:
 * receives WorkerRequest messages, answers WorkerReply; every failure is coded data.
 */
import { parentPort } from 'node:worker_threads'
import type { WorkerReply, WorkerRequest } from './crypto-runner'
import { JOBS, toErrorData } from './jobs'

parentPort?.on('message', (m: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const fn = JOBS[m.job] as (args: unknown, opts: WorkerRequest['opts']) => unknown
    if (typeof fn !== 'function') throw new Error('unknown job')
    reply = { id: m.id, ok: true, value: fn(m.args, m.opts) }
  } catch (e) {
    reply = { id: m.id, ok: false, error: toErrorData(e) }
  }
  parentPort!.postMessage(reply)
})

/**
 * Worker entry for createWorkerRunner (built as dist-electron/crypto-worker.js). Plain Node:
 * receives WorkerRequest messages, answers WorkerReply; every failure is coded data.
 */
import { parentPort } from 'node:worker_threads'
import type { WorkerReply, WorkerRequest } from './crypto-runner'
import { JOB_TABLE, toErrorData } from './jobs'

async function answer(m: WorkerRequest): Promise<void> {
  let reply: WorkerReply
  try {
    const fn = JOB_TABLE[m.job] as (args: unknown, opts: WorkerRequest['opts']) => unknown
    if (typeof fn !== 'function') throw new Error('unknown job')
    reply = { id: m.id, ok: true, value: await fn(m.args, m.opts) }
  } catch (e) {
    reply = { id: m.id, ok: false, error: toErrorData(e) }
  }
  parentPort!.postMessage(reply)
}

parentPort?.on('message', (m: WorkerRequest) => void answer(m))

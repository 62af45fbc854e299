/**
 * Worker entry for createWorkerRunner (built as dist-electron/crypto-worker.js). Plain Node:
 * receives WorkerRequest messages, answers WorkerReply; every failure is coded data.
 */
import { parentPort } from 'node:worker_threads'
import type { WorkerReply, WorkerRequest } from './crypto-runner'
import { jobRead, jobReadMany, toErrorData } from './jobs'

parentPort?.on('message', (m: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const value = m.job === 'read' ? jobRead(m.bytes, m.password, m.opts) : jobReadMany(m.files, m.opts)
    reply = { id: m.id, ok: true, value }
  } catch (e) {
    reply = { id: m.id, ok: false, error: toErrorData(e) }
  }
  parentPort!.postMessage(reply)
})

/**
 * The dispatcher `xgw` runs its commands over, built on first use and only as far as the
 * command needs (issue 12, start-up): `--help`, `--version` and usage errors load none of it;
 * `inspect` (the one-shot read the admin runs most) is served in process by the certificate
 * engine alone, without the contract's zod schemas, node-forge or a worker thread; `store list`
 * by the certificate store alone (zod only when the index has to be validated); every other
 * route goes through the shared dispatcher (createDispatcher) with its input validation, loaded
 * on the first such call. Work runs in process: a command line has no UI thread to keep free.
 */
import * as path from 'node:path'
import { AppError, ErrorCode } from '../../shared/errors'
import { fail, ok, type Result } from '../../shared/result'
import type { Dispatch } from '../ipc/dispatcher'
import type { FileLogger } from '../lib/file-logger'
import type { CertStore } from '../services/certificates/cert-store'
import type { CliDispatch } from './run-cli'
import { MAX_STORE_QUERY } from '../../shared/domain/store-query'

export interface CliDispatchOptions {
  readonly dataDir: string
  readonly log: FileLogger
  readonly version: string
  /**
   * The worker bundle for routes that batch heavy work (store import of a folder); inspect stays in
   * process. Asked for only by those routes: a URL costs a one-shot command about 0.5 ms to build.
   */
  readonly cryptoWorker?: () => URL
}

/** The file's contents: base64 as the contract has them, or the bytes as they are (the xgw command's, see takesBytes). */
function isInspectInput(x: unknown): x is { data: string | Uint8Array; password?: string } {
  const o = x as Record<string, unknown> | null
  return !!o && (typeof o.data === 'string' || o.data instanceof Uint8Array) && (o.password === undefined || typeof o.password === 'string')
}

/** `certificates.inspect` as the service runs it (service.ts), minus the output re-validation. */
async function inspectDirect(input: unknown): Promise<unknown> {
  if (!isInspectInput(input)) throw new AppError(ErrorCode.Validation, 'Invalid input: inspect needs the file data.')
  // The engine's reader alone: the in-process runner's job table (jobs.ts) would also load
  // conversion, the Edge check and node:tls (its root store) for this one read.
  const { inspectBytes } = await import('../services/certificates/inspect')
  const d = input.data
  return inspectBytes(typeof d === 'string' ? Buffer.from(d, 'base64') : d, input.password)
}

/** The storeList input as the contract takes it, `{ query?: string }` and nothing else; an over-long query worded as the dispatcher words it. */
function storeListQuery(x: unknown): string | undefined {
  const invalid = (at: string, why: string) => new AppError(ErrorCode.Validation, `Invalid input${at ? ` at ${at}` : ''}: ${why}`, { path: at })
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw invalid('', 'expected an object')
  const extra = Object.keys(x).find((k) => k !== 'query')
  if (extra !== undefined) throw invalid('', `Unrecognized key: "${extra}"`)
  const query = (x as { query?: unknown }).query
  if (query !== undefined && typeof query !== 'string') throw invalid('query', 'expected a string')
  if (query !== undefined && query.length > MAX_STORE_QUERY) throw invalid('query', `Too big: expected string to have <=${MAX_STORE_QUERY} characters`)
  return query
}

/** The certificate store as the services open it, on the store alone. */
async function openStore(opts: CliDispatchOptions) {
  const [{ adoptLegacyData, dataPaths }, { createCertStore }, { createPrimitives }] = await Promise.all([import('../app/paths'), import('../services/certificates/cert-store'), import('../services/certificates/primitives')])
  // As createServices does first: a store an earlier version left in its own folder moves in before it is listed.
  const notice = await adoptLegacyData(opts.dataDir, { env: process.env, platform: process.platform }).catch((e: unknown) => `Data in an earlier version's folder could not be moved here (${(e as Error).message}); it is still there.`)
  if (notice) opts.log.warn('startup notice', { notice })
  return createCertStore({ dir: path.resolve(dataPaths(opts.dataDir).storeDir), primitives: createPrimitives(), log: opts.log, now: () => new Date() })
}

/** What the routes served here run on: the options, and the store, opened once per dispatcher (legacy data adopted once). */
interface Served {
  readonly opts: CliDispatchOptions
  store(): Promise<CertStore>
}

/** `certificates.storeList` as the service runs it (service.ts: the store's listing), on the store alone. */
async function storeListDirect(input: unknown, served: Served): Promise<unknown> {
  const query = storeListQuery(input)
  return (await served.store()).listing(query)
}

/**
 * The unfiltered listing's JSON line as the index's own bytes (cert-store listingJson), or null:
 * a query, an index not sealed as compact, or any failure, which the usual route then reports.
 */
async function storeListJson(input: unknown, served: Served): Promise<readonly Uint8Array[] | null> {
  const started = Date.now()
  try {
    if (storeListQuery(input)?.trim()) return null
    const pieces = await (await served.store()).listingJson()
    if (pieces) served.opts.log.info('route', { route: 'certificates.storeList', ms: Date.now() - started, ok: true, bytes: true })
    return pieces
  } catch {
    return null
  }
}

/** Routes served without the contract: inspect's input is built and typed by the xgw command itself, storeList's checked above. */
const DIRECT = new Map<string, (input: unknown, served: Served) => Promise<unknown>>([
  ['certificates.inspect', inspectDirect],
  ['certificates.storeList', storeListDirect],
])

export function createCliDispatch(opts: CliDispatchOptions): CliDispatch {
  let opened: Promise<CertStore> | undefined
  const served: Served = { opts, store: () => (opened ??= openStore(opts)) }
  let full: Promise<Dispatch> | undefined
  const loadFull = async (): Promise<Dispatch> => {
    const [{ createHandlers, createServices }, { createDispatcher }] = await Promise.all([import('../app/create-services'), import('../ipc/dispatcher')])
    const services = await createServices({ dataDir: opts.dataDir, log: opts.log, shell: 'cli', version: opts.version, diagnostics: opts.log, ...(opts.cryptoWorker ? { cryptoWorker: opts.cryptoWorker() } : {}) })
    return createDispatcher(createHandlers(services), opts.log, { allowCliOnly: true })
  }
  const dispatch = async (route: string, input: unknown): Promise<Result<unknown>> => {
    const direct = DIRECT.get(route)
    if (!direct) return (await (full ??= loadFull()))(route, input)
    // The same outcome and log line as createDispatcher for a direct route.
    const started = Date.now()
    try {
      const value = await direct(input ?? {}, served)
      opts.log.info('route', { route, ms: Date.now() - started, ok: true })
      return ok(value)
    } catch (err) {
      if (err instanceof AppError) {
        opts.log.info('route', { route, ms: Date.now() - started, ok: false, code: err.code })
        return fail(err.toData())
      }
      opts.log.error('unhandled error', { route, error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
      return fail({ code: ErrorCode.Internal, message: 'Internal error: see the diagnostics log for details.' })
    }
  }
  // Inspect, served here, takes the file's bytes as they are: base64 would make a 10 MB bundle a
  // 14 MB string plus a second copy (run-cli.ts CliDispatch). Every other route takes the contract's base64.
  return Object.assign(dispatch, {
    takesBytes: (route: string) => route === 'certificates.inspect',
    answerJson: async (route: string, input: unknown) => (route === 'certificates.storeList' ? storeListJson(input ?? {}, served) : null),
  })
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { zipSync } from 'fflate'
import type { AddressInfo } from 'node:net'
import { ErrorCode } from '../../shared/errors'
import { fail } from '../../shared/result'
import type { Dispatch } from '../ipc/dispatcher'
import { CONTENT_SECURITY_POLICY } from '../security/csp'
import { contentTypeFor, resolveInside } from '../security/app-path'

export interface HttpHostOptions {
  readonly dispatch: Dispatch
  /** The built renderer (dist/); null serves only /rpc and /healthz. */
  readonly rendererDir: string | null
  readonly port?: number // 0 picks a free port
  readonly token?: string // tests may fix it; otherwise random per launch
  readonly maxBodyBytes?: number
  /** Where the browser host saves exports (<data>/exports); GET /export.zip offers one of them as a download. */
  readonly exportsDir?: string
}

/** The names writeExportFolder gives export folders; nothing else is ever zipped. */
const EXPORT_FOLDER = /^xmpp-export-\d{8}-\d{6}(-\d{1,4})?$/

/** One export folder as a .zip: its files, flat, as written (null when there is no such folder). */
export async function zipExportFolder(exportsDir: string, name: string): Promise<Uint8Array | null> {
  if (!EXPORT_FOLDER.test(name)) return null
  const folder = join(exportsDir, name)
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => null)
  if (!entries) return null
  const files: Record<string, Uint8Array> = {}
  for (const e of entries) if (e.isFile()) files[e.name] = await readFile(join(folder, e.name))
  return zipSync(files, { level: 6 })
}

export interface HttpHost {
  readonly port: number
  readonly token: string
  readonly url: string // http://127.0.0.1:<port>/?token=<token>
  close(): Promise<void>
}

/** The header the renderer's HTTP transport sends the per-launch token in. */
export const TOKEN_HEADER = 'x-xgw-token'

/**
 * Serves the renderer and the same dispatcher over HTTP on 127.0.0.1, so the wizard runs in a
 * plain browser (and in Playwright's Chromium). This is not Electron, so its hardening is ours:
 * loopback only; a random token per launch on every RPC (401 without it); Host must be
 * 127.0.0.1:<port> or localhost:<port> (403: DNS-rebinding guard); a foreign Origin is 403, so no
 * other web page can drive it. Never imported by electron/main.ts.
 */
export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const tokenBytes = Buffer.from(token)
  const maxBody = opts.maxBodyBytes ?? 64 * 1024 * 1024
  let port = 0

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const send = (res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    })
    res.end(body)
  }
  const sendError = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, JSON.stringify({ ok: false, error: { code, message } }))

  const tokenOk = (req: IncomingMessage) => {
    const given = req.headers[TOKEN_HEADER]
    if (typeof given !== 'string') return false
    const bytes = Buffer.from(given)
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes)
  }

  async function readBody(req: IncomingMessage): Promise<Buffer | null> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > maxBody) return null
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (!allowedHosts().includes(req.headers.host ?? '')) return sendError(res, 403, ErrorCode.Forbidden, 'Host not allowed')
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
      return sendError(res, 403, ErrorCode.Forbidden, 'Cross-origin request refused')
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return sendError(res, 405, ErrorCode.Validation, 'Use POST')
      if (!tokenOk(req)) return sendError(res, 401, ErrorCode.Unauthorized, 'Missing or wrong token')
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendError(res, 415, ErrorCode.Validation, 'Send application/json')
      }
      const body = await readBody(req)
      if (body === null) return sendError(res, 413, ErrorCode.Validation, 'Request too large')
      let input: unknown
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {}
      } catch {
        return send(res, 400, JSON.stringify(fail({ code: ErrorCode.Validation, message: 'Malformed JSON' })))
      }
      // Command-line-only routes are refused by the dispatcher itself (it is built without allowCliOnly).
      const result = await opts.dispatch(decodeURIComponent(url.pathname.slice(5)), input)
      return send(res, 200, JSON.stringify(result))
    }
    if (url.pathname === '/healthz') return send(res, 200, 'ok', 'text/plain; charset=utf-8')
    // The saved export as one download: the browser may run where the data folder cannot be opened.
    if (url.pathname === '/export.zip') {
      if (req.method !== 'GET') return sendError(res, 405, ErrorCode.Validation, 'Use GET')
      if (!tokenOk(req)) return sendError(res, 401, ErrorCode.Unauthorized, 'Missing or wrong token')
      const name = url.searchParams.get('folder') ?? ''
      const zip = opts.exportsDir ? await zipExportFolder(opts.exportsDir, name) : null
      if (!zip) return sendError(res, 404, ErrorCode.NotFound, `No export folder named ${JSON.stringify(name.slice(0, 80))}`)
      res.writeHead(200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${name}.zip"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      })
      return res.end(zip)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, ErrorCode.Validation, 'Method not allowed')
    if (!opts.rendererDir) return sendError(res, 404, ErrorCode.NotFound, 'Not found')
    const file = resolveInside(opts.rendererDir, url.pathname)
    if (!file) return sendError(res, 404, ErrorCode.NotFound, 'Not found')
    try {
      const data = await readFile(file)
      res.writeHead(200, {
        'content-type': contentTypeFor(file),
        'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'content-security-policy': CONTENT_SECURITY_POLICY,
      })
      res.end(req.method === 'HEAD' ? undefined : data)
    } catch {
      sendError(res, 404, ErrorCode.NotFound, 'Not found')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendError(res, 500, ErrorCode.Internal, 'Internal error')
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

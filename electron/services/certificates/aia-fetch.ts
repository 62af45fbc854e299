/**
 * "Find missing issuers" over the network: follows the Authority Information Access caIssuers
 * URL of the certificate whose issuer is missing (RFC 5280 4.2.2.1), only on the admin's
 * explicit request (a click, `--fetch-issuers`). AIA is plain HTTP by design (the answer is
 * verified, not the transport), so only http: URLs are followed, redirects are bounded, an
 * answer is cut at 1 MiB and the whole fetch at 10 s. The answer may be DER, PEM or PKCS#7
 * (CAs publish .cer and .p7c); a certificate from it is used only when its signature check
 * proves it signed the child, so a lying server can waste a fetch but never add trust.
 */
import * as http from 'node:http'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../lib/logger'
import { SignatureCache } from './chain'
import { type CheckSubject, type EdgeRequirements, checkCertificates } from './edge-check'
import { type ParsedCertificate, parseCertificate } from './facts'
import type { CryptoPrimitives } from './primitives'
import { readContainer } from './read-container'

export const AIA_MAX_BYTES = 1024 * 1024
export const AIA_TIMEOUT_MS = 10_000
export const AIA_MAX_REDIRECTS = 3
/** Issuers fetched one after the other (leaf → intermediate → root needs 2). */
export const AIA_MAX_ROUNDS = 4

export interface FetchOptions {
  readonly maxBytes?: number
  readonly timeoutMs?: number
  readonly maxRedirects?: number
  readonly log?: Logger
}

export interface FetchFailure {
  readonly url: string
  readonly code: string
  readonly message: string
}

/** GET over http:, redirects followed up to the bound, body capped; AppError on every failure. */
export function httpGetBounded(url: string, opts: FetchOptions = {}): Promise<Buffer> {
  const maxBytes = opts.maxBytes ?? AIA_MAX_BYTES
  const timeoutMs = opts.timeoutMs ?? AIA_TIMEOUT_MS
  const maxRedirects = opts.maxRedirects ?? AIA_MAX_REDIRECTS
  const deadline = Date.now() + timeoutMs
  const once = (u: string, redirects: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      let parsed: URL
      try {
        parsed = new URL(u)
      } catch {
        reject(new AppError(ErrorCode.FetchFailed, `"${u}" is not a URL.`))
        return
      }
      if (parsed.protocol !== 'http:') {
        reject(new AppError(ErrorCode.FetchFailed, `Only http: issuer URLs are followed (AIA is plain HTTP; the certificate is verified instead); "${u}" is not one.`))
        return
      }
      const left = deadline - Date.now()
      if (left <= 0) {
        reject(new AppError(ErrorCode.Timeout, `The CA's server did not answer within ${timeoutMs / 1000} s.`))
        return
      }
      const timer = setTimeout(() => {
        req.destroy(new AppError(ErrorCode.Timeout, `The CA's server did not answer within ${timeoutMs / 1000} s.`))
      }, left)
      const req = http.get(parsed, { headers: { accept: 'application/pkix-cert, application/pkcs7-mime, */*' } }, (res) => {
        const status = res.statusCode ?? 0
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume()
          clearTimeout(timer)
          if (redirects >= maxRedirects) {
            reject(new AppError(ErrorCode.FetchFailed, `More than ${maxRedirects} redirects from ${url}.`))
            return
          }
          once(new URL(res.headers.location, parsed).toString(), redirects + 1).then(resolve, reject)
          return
        }
        if (status !== 200) {
          res.resume()
          clearTimeout(timer)
          reject(new AppError(ErrorCode.FetchFailed, `The CA's server answered HTTP ${status} for ${u}.`))
          return
        }
        const declared = Number(res.headers['content-length'] ?? NaN)
        if (Number.isFinite(declared) && declared > maxBytes) {
          res.destroy()
          clearTimeout(timer)
          reject(new AppError(ErrorCode.LimitExceeded, `The answer from ${u} is ${declared} bytes; an issuer certificate is far smaller (limit ${maxBytes}).`))
          return
        }
        const parts: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxBytes) {
            res.destroy(new AppError(ErrorCode.LimitExceeded, `The answer from ${u} is larger than ${maxBytes} bytes; an issuer certificate is far smaller.`))
            return
          }
          parts.push(chunk)
        })
        res.on('end', () => {
          clearTimeout(timer)
          resolve(Buffer.concat(parts))
        })
        res.on('error', (e) => {
          clearTimeout(timer)
          reject(e instanceof AppError ? e : new AppError(ErrorCode.FetchFailed, `The download from ${u} broke off.`))
        })
      })
      req.on('error', (e) => {
        clearTimeout(timer)
        reject(e instanceof AppError ? e : new AppError(ErrorCode.FetchFailed, `Cannot reach ${parsed.host} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`))
      })
    })
  return once(url, 0)
}

/**
 * Fetches the issuer of `child` from one URL and returns the certificates of the answer that
 * really signed it. FETCH_FAILED when the answer holds certificates but none signed the child.
 */
export async function fetchIssuerFrom(p: CryptoPrimitives, child: ParsedCertificate, url: string, opts: FetchOptions = {}): Promise<Buffer[]> {
  const bytes = await httpGetBounded(url, opts)
  let certs: readonly Buffer[]
  try {
    certs = readContainer(p, bytes).certificates
  } catch (e) {
    const why = e instanceof AppError ? e.message : 'unreadable'
    throw new AppError(ErrorCode.FetchFailed, `The answer from ${url} is not a certificate or PKCS#7 bundle (${why}).`)
  }
  const sigs = new SignatureCache(p)
  const signers = certs.filter((der) => {
    try {
      return sigs.signed(child, parseCertificate(der))
    } catch {
      return false
    }
  })
  if (signers.length === 0) {
    throw new AppError(ErrorCode.FetchFailed, `The certificate from ${url} did not sign "${child.facts.subject}"; it was not used.`)
  }
  return signers
}

/**
 * Completes the path of a checked subject from AIA: while the path stops at a missing issuer
 * whose child names a caIssuers URL, fetch and verify it, then build again.
 */
export async function fetchMissingIssuers(p: CryptoPrimitives, subject: CheckSubject, req: EdgeRequirements, opts: FetchOptions = {}): Promise<{ certificates: Buffer[]; failures: FetchFailure[] }> {
  const fetched: Buffer[] = []
  const failures: FetchFailure[] = []
  const tried = new Set<string>()
  for (let round = 0; round < AIA_MAX_ROUNDS; round++) {
    const r = checkCertificates({ ...subject, issuers: [...(subject.issuers ?? []), ...fetched.map((der) => ({ der, source: 'fetched' as const }))] }, req, { primitives: p })
    if (r.trust?.status !== 'incomplete' || !r.chainDer?.length) break
    const child = parseCertificate(r.chainDer[r.chainDer.length - 1]!)
    const urls = child.facts.caIssuers.filter((u) => !tried.has(u))
    if (urls.length === 0) break
    let got = false
    for (const url of urls) {
      tried.add(url)
      try {
        fetched.push(...(await fetchIssuerFrom(p, child, url, opts)))
        got = true
        break
      } catch (e) {
        const d = e instanceof AppError ? e.toData() : { code: ErrorCode.FetchFailed, message: `The download from ${url} failed.` }
        failures.push({ url, code: d.code, message: d.message })
        opts.log?.warn('issuer fetch failed', { code: d.code })
      }
    }
    if (!got) break
  }
  return { certificates: fetched, failures }
}

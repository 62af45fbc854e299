/**
 * "Find missing issuers" against a real HTTP server on 127.0.0.1 that this test starts: DER, PEM
 * and PKCS#7 answers complete the chain; a slow, an oversized, a lying (another CA's certificate),
 * an HTML and an endlessly redirecting answer are refused with their own code, and nothing they
 * send is used. Certificates are made here with the openssl CLI (OpensslCa), their AIA URLs
 * pointing at the server.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../electron/lib/logger'
import { createCertificateService, createPrimitives } from '../../../electron/services/certificates'
import { fetchIssuerFrom, httpGetBounded } from '../../../electron/services/certificates/aia-fetch'
import { parseCertificate } from '../../../electron/services/certificates/facts'
import { OpensslCa, pemToDer } from '../../helpers/openssl'

let ca: OpensslCa
let server: http.Server
let base: string
let storeDir: string
const hits: string[] = []
const ROUTES = ['int.cer', 'int.pem', 'int.p7c', 'slow', 'big', 'bigdeclared', 'lie', 'loop', 'hop', 'html', 'missing'] as const

const leafFor = (route: string) => `leaf-${route.replace(/\W/g, '')}`

beforeAll(async () => {
  ca = new OpensslCa({ prefix: 'xgw-aia-', key: 'ec' })
  storeDir = mkdtempSync(path.join(tmpdir(), 'xgw-aia-store-'))
  server = http.createServer((req, res) => {
    const route = (req.url ?? '/').slice(1)
    hits.push(route)
    const send = (type: string, body: Buffer | string) => {
      res.writeHead(200, { 'content-type': type })
      res.end(body)
    }
    if (route === 'int.cer') return send('application/pkix-cert', pemToDer(ca.text('int.pem')))
    if (route === 'int.pem') return send('application/x-pem-file', ca.read('int.pem'))
    if (route === 'int.p7c') return send('application/pkcs7-mime', ca.read('int.p7c'))
    if (route === 'slow') return void setTimeout(() => send('application/pkix-cert', pemToDer(ca.text('int.pem'))), 3000)
    if (route === 'big') {
      // 2 MiB in chunks without a Content-Length: the cap must cut the body while it streams.
      res.writeHead(200, { 'content-type': 'application/pkix-cert' })
      let sent = 0
      const more = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += 64 * 1024
          if (!res.write(Buffer.alloc(64 * 1024, 0x30))) return void res.once('drain', more)
        }
        res.end()
      }
      return more()
    }
    if (route === 'bigdeclared') {
      res.writeHead(200, { 'content-type': 'application/pkix-cert', 'content-length': String(5 * 1024 * 1024) })
      return res.end()
    }
    if (route === 'lie') return send('application/pkix-cert', pemToDer(ca.text('otherint.pem')))
    if (route === 'loop') {
      res.writeHead(302, { location: '/loop' })
      return res.end()
    }
    if (route === 'hop') {
      res.writeHead(301, { location: `${base}/int.cer` })
      return res.end()
    }
    if (route === 'html') return send('text/html', '<!DOCTYPE html><html><body><h1>Server Error</h1></body></html>')
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  ca.selfSign('root', { subject: '/CN=AIA Root', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] })
  ca.issue('int', { subject: '/CN=AIA Issuing CA', issuer: 'root', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'] })
  ca.selfSign('otherroot', { subject: '/CN=Liar Root', extensions: ['basicConstraints=critical,CA:TRUE'] })
  ca.issue('otherint', { subject: '/CN=Liar Issuing CA', issuer: 'otherroot', extensions: ['basicConstraints=critical,CA:TRUE'] })
  ca.run(['crl2pkcs7', '-nocrl', '-certfile', 'int.pem', '-outform', 'DER', '-out', 'int.p7c'])
  for (const r of ROUTES) {
    ca.issue(leafFor(r), {
      subject: `/CN=${r}.aia.test`,
      issuer: 'int',
      extensions: [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=DNS:${r}.aia.test`,
        'crlDistributionPoints=URI:http://pki.aia.test/int.crl',
        `authorityInfoAccess=caIssuers;URI:${base}/${r}`,
      ],
    })
  }
}, 120_000)

afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()))
  server?.closeAllConnections?.()
  ca?.cleanup()
  if (storeDir) rmSync(storeDir, { recursive: true, force: true })
})

const leafCert = (route: string) => parseCertificate(pemToDer(ca.text(`${leafFor(route)}.pem`)))
const intThumb = () => parseCertificate(pemToDer(ca.text('int.pem'))).facts.thumbprint

describe('AIA issuer fetch', () => {
  const p = createPrimitives()

  it.each(['int.cer', 'int.pem', 'int.p7c', 'hop'])('%s: the answer is read and verified to have signed the child', async (route) => {
    const got = await fetchIssuerFrom(p, leafCert(route), `${base}/${route}`)
    expect(got.map((d) => parseCertificate(d).facts.thumbprint)).toEqual([intThumb()])
  })

  it('slow: TIMEOUT at the bound', async () => {
    const t = Date.now()
    await expect(fetchIssuerFrom(p, leafCert('slow'), `${base}/slow`, { timeoutMs: 400 })).rejects.toMatchObject({ code: 'TIMEOUT' })
    expect(Date.now() - t).toBeLessThan(2500)
  })

  it('oversized: LIMIT_EXCEEDED while streaming and from the declared length', async () => {
    await expect(httpGetBounded(`${base}/big`)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' })
    await expect(httpGetBounded(`${base}/bigdeclared`)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' })
    // The cap is a parameter: a small one refuses even the real certificate.
    await expect(httpGetBounded(`${base}/int.cer`, { maxBytes: 100 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' })
  })

  it("lying: another CA's certificate is refused (it did not sign the child)", async () => {
    await expect(fetchIssuerFrom(p, leafCert('lie'), `${base}/lie`)).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringContaining('did not sign') })
  })

  it('HTML error page, 404, endless redirects, https and other schemes: FETCH_FAILED', async () => {
    await expect(fetchIssuerFrom(p, leafCert('html'), `${base}/html`)).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringContaining('not a certificate') })
    await expect(httpGetBounded(`${base}/missing`)).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringContaining('HTTP 404') })
    const before = hits.filter((h) => h === 'loop').length
    await expect(httpGetBounded(`${base}/loop`)).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringContaining('redirects') })
    expect(hits.filter((h) => h === 'loop').length - before).toBe(4)
    await expect(httpGetBounded('https://127.0.0.1:1/int.cer')).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringContaining('Only http:') })
    await expect(httpGetBounded('ldap://127.0.0.1/x')).rejects.toMatchObject({ code: 'FETCH_FAILED' })
  })

  it('check with fetchIssuers completes the chain to the anchor; without it nothing is fetched', async () => {
    const svc = createCertificateService({ storeDir, log: silentLogger, fetchOptions: { timeoutMs: 2000 } })
    const b64 = (b: Buffer) => b.toString('base64')
    const input = (route: string, fetchIssuers: boolean) => ({
      file: { name: 'leaf.pem', data: b64(ca.read(`${leafFor(route)}.pem`)) },
      extraFiles: [],
      chainFiles: [],
      fetchIssuers,
      requirements: { sipDomains: [], xmppDomains: [], edgeFqdns: [`${route}.aia.test`], trustAnchors: [b64(ca.read('root.pem'))] },
    })
    const before = hits.length
    const plain = await svc.check(input('int.cer', false))
    expect(hits.length).toBe(before)
    expect(plain.trust?.status).toBe('incomplete')
    // (The leaves carry EC keys, hence NON_RSA_KEY; only the chain findings matter here.)
    expect(plain.findings.map((f) => f.code)).toEqual(['NON_RSA_KEY', 'CHAIN_INCOMPLETE'])

    const done = await svc.check(input('int.cer', true))
    expect(done.trust).toEqual({ status: 'trusted', anchors: 'given', sources: ['file', 'fetched', 'anchor'] })
    expect(done.findings.map((f) => f.code)).toEqual(['NON_RSA_KEY'])
    expect(done.completedChain).toHaveLength(3)
    expect(done.fetch).toEqual([])

    const lie = await svc.check(input('lie', true))
    expect(lie.trust?.status).toBe('incomplete')
    expect(lie.fetch).toEqual([{ url: `${base}/lie`, code: 'FETCH_FAILED', message: expect.stringContaining('did not sign') }])
    expect(lie.completedChain).toHaveLength(1)
    await svc.close()
  })
})

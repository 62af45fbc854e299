import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkInterfaces } from 'node:os'
import { connect } from 'node:net'
import { routeNames, uiRouteNames } from '../../shared/contract'
import { registerIpcRoutes } from '../../electron/ipc/electron-adapter'
import { startHttpHost, type HttpHost } from '../../electron/host/http-host'
import { createSenderCheck } from '../../electron/security/sender'
import { createTestHost } from '../helpers/test-host'
import { tempDir } from '../helpers/temp-dir'
import type { Dispatch } from '../../electron/ipc/dispatcher'

let dispatch: Dispatch
let host: HttpHost
let cleanup: () => Promise<void>
const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
const mainFrame = { url: 'app://wizard/index.html' }
const trustedEvent = { senderFrame: mainFrame, sender: { mainFrame } }

const rpc = (route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${host.port}/rpc/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-xgw-token': host.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

beforeAll(async () => {
  const t = await tempDir()
  cleanup = t.cleanup
  ;({ dispatch } = await createTestHost(t.dir))
  // The IPC adapter registers on whatever exposes handle/removeHandler: here a recorder.
  registerIpcRoutes(
    { handle: (ch: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => void handlers.set(ch, fn), removeHandler: (ch: string) => void handlers.delete(ch) } as never,
    dispatch,
    createSenderCheck([{ protocol: 'app:', host: 'wizard' }]),
  )
  host = await startHttpHost({ dispatch, rendererDir: null })
})
afterAll(async () => {
  await host.close()
  await cleanup()
})

describe('both transports over one dispatcher', () => {
  it('IPC registers exactly one handler per route', () => {
    expect([...handlers.keys()].sort()).toEqual([...uiRouteNames].sort())
  })

  it('bad input gives the same VALIDATION result over IPC and HTTP', async () => {
    const viaIpc = await handlers.get('project.create')!(trustedEvent, { name: '' })
    const viaHttp = await (await rpc('project.create', { name: '' })).json()
    expect(viaIpc).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { path: 'name' } } })
    expect(viaHttp).toEqual(viaIpc)
  })

  it('a good call gives the same shape over both', async () => {
    const viaIpc = (await handlers.get('app.info')!(trustedEvent, {})) as { ok: boolean }
    const viaHttp = await (await rpc('app.info', {})).json()
    expect(viaHttp).toEqual(viaIpc)
    expect(viaIpc.ok).toBe(true)
  })

  it('IPC refuses a sender that is not our main frame', async () => {
    const iframe = { url: 'app://wizard/index.html' }
    expect(await handlers.get('app.info')!({ senderFrame: iframe, sender: { mainFrame } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const foreign = { url: 'https://evil.example/' }
    expect(await handlers.get('app.info')!({ senderFrame: foreign, sender: { mainFrame: foreign } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })
})

describe('browser host security', () => {
  it('answers 401 to an RPC without the token or with a wrong one', async () => {
    const none = await fetch(`http://127.0.0.1:${host.port}/rpc/app.info`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(none.status).toBe(401)
    expect((await rpc('app.info', {}, { 'x-xgw-token': 'x'.repeat(host.token.length) })).status).toBe(401)
    expect((await rpc('app.info', {}, { 'x-xgw-token': `${host.token}x` })).status).toBe(401)
  })

  it('answers 403 to a foreign Host header (DNS rebinding) and to a cross-origin Origin', async () => {
    const raw = (hostHeader: string, extra = '') =>
      new Promise<string>((resolve) => {
        const s = connect(host.port, '127.0.0.1', () => {
          s.write(`POST /rpc/app.info HTTP/1.1\r\nHost: ${hostHeader}\r\nContent-Type: application/json\r\nx-xgw-token: ${host.token}\r\n${extra}Content-Length: 2\r\nConnection: close\r\n\r\n{}`)
        })
        let out = ''
        s.on('data', (d) => (out += d.toString()))
        s.on('end', () => resolve(out))
      })
    expect(await raw('evil.example')).toMatch(/^HTTP\/1\.1 403/)
    expect(await raw(`evil.example:${host.port}`)).toMatch(/^HTTP\/1\.1 403/)
    expect(await raw(`127.0.0.1:${host.port}`, 'Origin: https://evil.example\r\n')).toMatch(/^HTTP\/1\.1 403/)
    expect(await raw(`localhost:${host.port}`, `Origin: http://localhost:${host.port}\r\n`)).toMatch(/^HTTP\/1\.1 200/)
    expect(await raw(`127.0.0.1:${host.port}`)).toMatch(/^HTTP\/1\.1 200/)
  })

  it('listens on 127.0.0.1 only', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address)
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ port: host.port, host: address, timeout: 2000 }, () => (s.destroy(), resolve('connected')))
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
        s.on('timeout', () => (s.destroy(), resolve('timeout')))
      })
      expect(outcome, address).not.toBe('connected')
    }
    const v6 = await new Promise<string>((resolve) => {
      const s = connect({ port: host.port, host: '::1' }, () => (s.destroy(), resolve('connected')))
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
    })
    expect(v6).not.toBe('connected')
  })

  it('refuses command-line-only routes (they take file-system paths)', async () => {
    const res = await (await rpc('artifacts.write', { projectData: {}, outDir: '/etc' })).json()
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(routeNames).toContain('artifacts.write')
  })

  it('rejects malformed JSON and non-JSON bodies without calling the service', async () => {
    expect((await rpc('app.info', '{not json')).status).toBe(400)
    expect((await rpc('app.info', '{}', { 'content-type': 'text/plain' })).status).toBe(415)
  })
})

import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { parseTarget, verifyCommands } from '../../../../../electron/cli/commands/verify'
import { createVerifyService } from '../../../../../electron/services/verify'
import { silentLogger } from '../../../../../electron/lib/logger'
import { verifyCliContext } from './cli-context'

const probe = verifyCommands.find((c) => c.name === 'probe')!
const dnsCheck = verifyCommands.find((c) => c.name === 'dns-check')!
const svc = createVerifyService({ log: silentLogger })
const dirs: string[] = []
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'xgw-dnscheck-'))
  dirs.push(d)
  return d
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

describe('parseTarget', () => {
  it.each([
    ['edge.contoso.com', { host: 'edge.contoso.com', port: 5269 }],
    ['edge.contoso.com:5270', { host: 'edge.contoso.com', port: 5270 }],
    ['127.0.0.1:1', { host: '127.0.0.1', port: 1 }],
    ['[::1]:5269', { host: '::1', port: 5269 }],
    ['::1', { host: '::1', port: 5269 }],
  ])('%s', (text, want) => expect(parseTarget(text, 5269)).toEqual(want))

  it.each(['host:0', 'host:70000', 'host:x', ':5269'])('rejects %s', (text) => expect(() => parseTarget(text, 5269)).toThrow(/HOST\[:PORT\]/))
})

describe('xgw probe', () => {
  it('prints exactly the issue 5 JSON shape and exits 3 when the target cannot be probed', async () => {
    const port = await closedPort()
    const { ctx, stdout } = verifyCliContext(svc, { json: true, cwd: tmpdir() })
    const code = await probe.run([`127.0.0.1:${port}`], { domain: 'contoso.example', timeout: '2' }, ctx)
    expect(code).toBe(3)
    const out = JSON.parse(stdout())
    expect(Object.keys(out)).toEqual(['target', 'reachable', 'starttls', 'tls', 'chain', 'check', 'error'])
    expect(out).toMatchObject({ target: `127.0.0.1:${port}`, reachable: false, starttls: { offered: false, required: false }, tls: null, chain: [], check: null })
    expect(out.error.code).toBe('CONNECTION_REFUSED')
  })

  it('usage errors: no target, no --domain, a bad timeout, an unreadable trust anchor', async () => {
    const { ctx } = verifyCliContext(svc, { json: false, cwd: tmpdir() })
    await expect(probe.run([], { domain: 'd.example' }, ctx)).rejects.toMatchObject({ code: 'USAGE' })
    await expect(probe.run(['h.example'], {}, ctx)).rejects.toMatchObject({ code: 'USAGE' })
    await expect(probe.run(['h.example'], { domain: 'd.example', timeout: 'soon' }, ctx)).rejects.toMatchObject({ code: 'USAGE' })
    await expect(probe.run(['h.example'], { domain: 'd.example', 'trust-anchor': 'nope.pem' }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('a DER trust anchor reaches the engine as strict PEM, with no blank line when the base64 fills whole lines', async () => {
    const dir = await tempDir()
    const der = Buffer.from(Array.from({ length: 96 }, (_, i) => (i * 7) & 0xff))
    await writeFile(join(dir, 'root.cer'), der)
    const anchors: (string | undefined)[] = []
    const recording: typeof svc = { ...svc, probeXmpp: (input) => (anchors.push(input.trustAnchorPem), svc.probeXmpp(input)) }
    const { ctx } = verifyCliContext(recording, { json: true, cwd: dir })
    await probe.run([`127.0.0.1:${await closedPort()}`], { domain: 'contoso.example', 'trust-anchor': 'root.cer', timeout: '2' }, ctx)
    const b64 = der.toString('base64')
    expect(anchors).toEqual([`-----BEGIN CERTIFICATE-----\n${b64.slice(0, 64)}\n${b64.slice(64)}\n-----END CERTIFICATE-----\n`])
  })
})

describe('xgw dns-check', () => {
  it('rejects a file that is not a project and requires --project', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ format: 'xgw-project', data: { inventory: { xmppDomains: 'not a list' } } }))
    await writeFile(join(dir, 'text.json'), 'not json')
    const { ctx } = verifyCliContext(svc, { json: true, cwd: dir })
    await expect(dnsCheck.run([], {}, ctx)).rejects.toMatchObject({ code: 'USAGE' })
    await expect(dnsCheck.run([], { project: 'bad.json' }, ctx)).rejects.toMatchObject({ code: 'PROJECT_FILE_INVALID' })
    await expect(dnsCheck.run([], { project: 'text.json' }, ctx)).rejects.toMatchObject({ code: 'PROJECT_FILE_INVALID' })
    await expect(dnsCheck.run([], { project: 'missing.json' }, ctx)).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('exits 3 when the resolver cannot be asked at all', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'p.json'), JSON.stringify({ inventory: { xmppDomains: ['contoso.example'] } }))
    const port = await closedPort()
    const { ctx, stdout } = verifyCliContext(svc, { json: true, cwd: dir })
    const code = await dnsCheck.run([], { project: 'p.json', server: `127.0.0.1:${port}` }, ctx)
    expect(code).toBe(3)
    expect(JSON.parse(stdout()).findings.map((f: { code: string }) => f.code)).toEqual(['DNS_LOOKUP_FAILED'])
  })
})

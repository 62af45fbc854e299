/**
 * The real servers the live-check tests run against, all on 127.0.0.1: one Prosody with a
 * VirtualHost per case, one dnsmasq with the test zone, a Node TLS server standing in for the
 * SIP federation port, and small TCP servers that misbehave on purpose.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer } from 'node:tls'
import { type RunningDnsmasq, startDnsmasq } from '../../helpers/dnsmasq'
import { freeTcpPort, type RunningProsody, startProsody } from '../../helpers/prosody'
import { caDate, createTestCa, type TestCa, type TestLeaf } from '../../helpers/test-ca'

export interface Lab {
  readonly dir: string
  readonly ca: TestCa
  readonly leaves: Record<'good' | 'nosan' | 'expired' | 'optional' | 'partner' | 'client', TestLeaf>
  readonly prosody: RunningProsody
  /** A second Prosody serving only partner.example (SASL EXTERNAL for certificates from the test CA). */
  readonly partnerProsody: RunningProsody
  readonly dns: RunningDnsmasq
  /** Node TLS server with the good certificate (the Access Edge SIP port). */
  readonly sipPort: number
  readonly closedPort: number
  readonly silentPort: number
  readonly dropAfterHeaderPort: number
  readonly dropMidTlsPort: number
  readonly garbagePort: number
  stop(): Promise<void>
}

async function listen(handler: (s: Socket) => void): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => {})
    handler(s)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, port: (server.address() as { port: number }).port, sockets }
}

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' id='x1' from='drop.example' version='1.0'>"
const FEATURES = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>"

/** Starts everything; about one second on the build machine. */
export async function startLab(): Promise<Lab> {
  const dir = await mkdtemp(join(tmpdir(), 'xgw-verify-'))
  const cleanups: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })]
  try {
    return await startIn(dir, cleanups)
  } catch (e) {
    // A half-started lab leaves no process and no temp dir behind.
    for (const c of cleanups.reverse()) await c().catch(() => undefined)
    throw e
  }
}

async function startIn(dir: string, cleanups: (() => Promise<void>)[]): Promise<Lab> {
  const ca = await createTestCa(dir)
  const past = { startDate: caDate(new Date('2020-01-01T00:00:00Z')), endDate: caDate(new Date('2021-01-01T00:00:00Z')) }
  const [good, nosan, expired, optional, partner, client] = await Promise.all([
    ca.issue('good', { commonName: 'edge.good.example', dnsNames: ['edge.good.example', 'sip.good.example', 'good.example'] }),
    ca.issue('nosan', { commonName: 'edge.nosan.example', dnsNames: ['edge.nosan.example', 'sip.nosan.example'] }),
    ca.issue('expired', { commonName: 'expired.example', dnsNames: ['expired.example'], ...past }),
    ca.issue('optional', { commonName: 'optional.example', dnsNames: ['optional.example'] }),
    ca.issue('partner', { commonName: 'partner.example', dnsNames: ['partner.example'] }),
    ca.issue('client', { commonName: 'ours.example', dnsNames: ['ours.example'] }),
  ])
  const prosody = await startProsody(join(dir, 'prosody'), [
    { domain: 'good.example', certificateFile: good.chainFile, keyFile: good.keyFile },
    { domain: 'nosan.example', certificateFile: nosan.chainFile, keyFile: nosan.keyFile },
    { domain: 'expired.example', certificateFile: expired.chainFile, keyFile: expired.keyFile },
    { domain: 'optional.example', certificateFile: optional.chainFile, keyFile: optional.keyFile, requireEncryption: false },
    { domain: 'plain.example', allowEncryption: false, requireEncryption: false },
    { domain: 'nodialback.example', allowEncryption: false, requireEncryption: false, dialback: false },
  ])
  cleanups.push(() => prosody.stop())
  // The partner is another server: a stream 'from' one of our domains must not land on a host that serves it.
  const partnerProsody = await startProsody(join(dir, 'partner-prosody'), [{ domain: 'partner.example', certificateFile: partner.chainFile, keyFile: partner.keyFile, cafile: ca.rootFile }])
  cleanups.push(() => partnerProsody.stop())

  const sip = createTlsServer({ cert: good.chainPem, key: good.keyPem }, (s) => s.end())
  sip.on('tlsClientError', () => {})
  await new Promise<void>((r) => sip.listen(0, '127.0.0.1', r))
  const sipPort = (sip.address() as { port: number }).port
  cleanups.push(() => new Promise<void>((r) => sip.close(() => r())))

  const silent = await listen(() => {})
  const dropAfterHeader = await listen((s) => s.once('data', () => s.destroy()))
  const dropMidTls = await listen((s) => {
    let step = 0
    s.on('data', () => {
      step++
      if (step === 1) s.write(HEADER + FEATURES)
      else if (step === 2) s.write("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
      else s.destroy() // the TLS ClientHello: drop in the middle of the handshake
    })
  })
  const garbage = await listen((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))
  const closedPort = await freeTcpPort()

  const dns = await startDnsmasq(dir, {
    localDomains: ['example'],
    srv: [
      { name: '_xmpp-server._tcp.good.example', target: 'edge.good.example', port: prosody.port, priority: 10, weight: 0 },
      { name: '_xmpp-server._tcp.std.example', target: 'edge.good.example', port: 5269, priority: 10, weight: 0 },
      { name: '_xmpp-server._tcp.cname.example', target: 'alias.cname.example', port: 5269, priority: 10, weight: 0 },
      { name: '_xmpp-server._tcp.port.example', target: 'edge.good.example', port: 5270, priority: 20, weight: 0 },
      { name: '_xmpp-server._tcp.host.example', target: 'xmpp.host.example', port: 5269, priority: 10, weight: 0 },
      { name: '_xmpp-server._tcp.partner.example', target: 'xmpp.partner.example', port: partnerProsody.port, priority: 5, weight: 0 },
    ],
    hosts: [
      { name: 'edge.good.example', addresses: ['127.0.0.1'] },
      { name: 'xmpp.host.example', addresses: ['127.0.0.9'] },
      { name: 'xmpp.partner.example', addresses: ['127.0.0.1'] },
    ],
    cnames: [{ alias: 'alias.cname.example', target: 'edge.good.example' }],
  })

  const servers = [sip, silent.server, dropAfterHeader.server, dropMidTls.server, garbage.server]
  const socketSets = [silent.sockets, dropAfterHeader.sockets, dropMidTls.sockets, garbage.sockets]
  return {
    dir,
    ca,
    leaves: { good, nosan, expired, optional, partner, client },
    prosody,
    partnerProsody,
    dns,
    sipPort,
    closedPort,
    silentPort: silent.port,
    dropAfterHeaderPort: dropAfterHeader.port,
    dropMidTlsPort: dropMidTls.port,
    garbagePort: garbage.port,
    async stop() {
      for (const set of socketSets) for (const s of set) s.destroy()
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
      await Promise.all([prosody.stop(), partnerProsody.stop(), dns.stop()])
      await rm(dir, { recursive: true, force: true })
    },
  }
}

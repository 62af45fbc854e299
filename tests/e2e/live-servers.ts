/**
 * Real servers for the Verification step's Playwright tests, all on 127.0.0.1, made with the
 * same helpers as the live-check integration tests (tests/helpers): a test CA, Prosody as our
 * "Access Edge" (s2s on a free port, one VirtualHost per XMPP domain), a second Prosody as the
 * partner, a Node TLS server standing in for the SIP federation port, and dnsmasq answering the
 * SRV and A records. Started once per spec file (test.beforeAll), stopped in afterAll.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createTlsServer, type Server } from 'node:tls'
import { hasDnsmasq, type RunningDnsmasq, startDnsmasq } from '../helpers/dnsmasq'
import { hasProsody, type RunningProsody, startProsody } from '../helpers/prosody'
import { createTestCa, type TestCa, type TestLeaf } from '../helpers/test-ca'

/** Our domains and names: what the seeded project says and what the servers serve. */
export const LAB = {
  /** Served with a certificate that has every required name. */
  goodDomain: 'good.example',
  /** Served with a certificate that lacks this domain (SAN_MISSING). */
  nosanDomain: 'nosan.example',
  accessEdgeFqdn: 'edge.good.example',
  partnerDomain: 'partner.example',
  partnerHost: 'xmpp.partner.example',
  /** A partner without any SRV record (PARTNER_SRV_MISSING). */
  noSrvPartner: 'nosrv.example',
} as const

export interface LiveLab {
  readonly dir: string
  readonly ca: TestCa
  readonly leaves: { edge: TestLeaf; nosan: TestLeaf; partner: TestLeaf }
  /** Our "Access Edge" XMPP listener. */
  readonly edge: RunningProsody
  readonly partner: RunningProsody
  readonly dns: RunningDnsmasq
  /** TLS port standing in for the Access Edge SIP federation port (5061). */
  readonly sipPort: number
  stop(): Promise<void>
}

/** Starts every server; a failure leaves no process and no temp dir behind. */
export async function startLiveLab(): Promise<LiveLab> {
  if (!hasProsody()) throw new Error('prosody (apt package prosody) is required for the Verification e2e tests')
  if (!hasDnsmasq()) throw new Error('dnsmasq (apt package dnsmasq-base) is required for the Verification e2e tests')
  const dir = await mkdtemp(join(tmpdir(), 'xgw-e2e-verify-'))
  const cleanups: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })]
  const undo = async () => {
    for (const c of [...cleanups].reverse()) await c().catch(() => undefined)
  }
  try {
    const ca = await createTestCa(dir)
    const edgeNames = [LAB.accessEdgeFqdn, `sip.${LAB.goodDomain}`, LAB.goodDomain]
    const [edgeLeaf, nosanLeaf, partnerLeaf] = await Promise.all([
      ca.issue('edge', { commonName: LAB.accessEdgeFqdn, dnsNames: [...edgeNames, LAB.nosanDomain] }),
      // An older certificate, issued before nosan.example was added to the Edge.
      ca.issue('nosan', { commonName: LAB.accessEdgeFqdn, dnsNames: edgeNames }),
      ca.issue('partner', { commonName: LAB.partnerDomain, dnsNames: [LAB.partnerDomain] }),
    ])
    const edge = await startProsody(join(dir, 'edge'), [
      { domain: LAB.goodDomain, certificateFile: edgeLeaf.chainFile, keyFile: edgeLeaf.keyFile },
      { domain: LAB.nosanDomain, certificateFile: nosanLeaf.chainFile, keyFile: nosanLeaf.keyFile },
    ])
    cleanups.push(() => edge.stop())
    const partner = await startProsody(join(dir, 'partner'), [{ domain: LAB.partnerDomain, certificateFile: partnerLeaf.chainFile, keyFile: partnerLeaf.keyFile, cafile: ca.rootFile }])
    cleanups.push(() => partner.stop())

    const sip: Server = createTlsServer({ cert: edgeLeaf.chainPem, key: edgeLeaf.keyPem }, (s) => s.end())
    sip.on('tlsClientError', () => {})
    await new Promise<void>((r) => sip.listen(0, '127.0.0.1', r))
    cleanups.push(() => new Promise<void>((r) => sip.close(() => r())))
    const sipPort = (sip.address() as { port: number }).port

    // The loopback Prosody cannot listen on 5269: the SRV records carry its real port (DNS_SRV_WRONG_PORT).
    const dns = await startDnsmasq(dir, {
      localDomains: ['example'],
      srv: [
        { name: `_xmpp-server._tcp.${LAB.goodDomain}`, target: LAB.accessEdgeFqdn, port: edge.port, priority: 10, weight: 0 },
        { name: `_xmpp-server._tcp.${LAB.nosanDomain}`, target: LAB.accessEdgeFqdn, port: edge.port, priority: 10, weight: 0 },
        { name: `_xmpp-server._tcp.${LAB.partnerDomain}`, target: LAB.partnerHost, port: partner.port, priority: 5, weight: 0 },
      ],
      hosts: [
        { name: LAB.accessEdgeFqdn, addresses: ['127.0.0.1'] },
        { name: LAB.partnerHost, addresses: ['127.0.0.1'] },
      ],
    })
    cleanups.push(() => dns.stop())

    return {
      dir,
      ca,
      leaves: { edge: edgeLeaf, nosan: nosanLeaf, partner: partnerLeaf },
      edge,
      partner,
      dns,
      sipPort,
      stop: undo,
    }
  } catch (e) {
    await undo()
    throw e
  }
}

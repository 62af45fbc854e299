import { X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ProbePartnerInput, ProbeSipInput, ProbeXmppInput, DnsCheckInput, ReadinessInput, XmppProbeReport, SipProbeReport, PartnerProbeReport, DnsReport, ReadinessReport } from '../../../shared/contract/verify'
import { ProjectData, type ProjectDataInput } from '../../../shared/domain/model/project'
import { createVerifyService, type VerifyHandlers } from '../../../electron/services/verify'
import { silentLogger } from '../../../electron/lib/logger'
import { hasProsody } from '../../helpers/prosody'
import { hasDnsmasq } from '../../helpers/dnsmasq'
import { type Lab, startLab } from './servers'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { verifyCommands } from '../../../electron/cli/commands/verify'
import { verifyCliContext } from '../../unit/electron/services/verify/cli-context'

const probeCmd = verifyCommands.find((c) => c.name === 'probe')!
const dnsCmd = verifyCommands.find((c) => c.name === 'dns-check')!

/**
 * Live checks against real servers on 127.0.0.1 (issue 5 "Proof"): every report field is
 * asserted against what the servers were set up with. Prosody and dnsmasq are Debian packages
 * that .ci/run installs; without them the suite fails loudly rather than skipping.
 */

let lab: Lab
let svc: VerifyHandlers
const thumb = (pem: string) => new X509Certificate(pem).fingerprint.replace(/:/g, '')

beforeAll(async () => {
  expect(hasProsody(), 'prosody (apt package prosody) is required').toBe(true)
  expect(hasDnsmasq(), 'dnsmasq (apt package dnsmasq-base) is required').toBe(true)
  lab = await startLab()
  svc = createVerifyService({ log: silentLogger })
})
afterAll(async () => {
  await lab?.stop()
})

const probe = (input: Parameters<typeof ProbeXmppInput.parse>[0]) => svc.probeXmpp(ProbeXmppInput.parse(input)).then((r) => XmppProbeReport.parse(r))
const sipProbe = (input: Parameters<typeof ProbeSipInput.parse>[0]) => svc.probeSip(ProbeSipInput.parse(input)).then((r) => SipProbeReport.parse(r))
const partnerProbe = (input: Parameters<typeof ProbePartnerInput.parse>[0]) => svc.probePartner(ProbePartnerInput.parse(input)).then((r) => PartnerProbeReport.parse(r))

describe('XMPP STARTTLS probe against Prosody', () => {
  it('reports the good Edge: STARTTLS required, TLS 1.3, the presented chain and a passing Edge check', async () => {
    const r = await probe({
      host: '127.0.0.1',
      port: lab.prosody.port,
      domain: 'good.example',
      sipDomains: ['good.example'],
      edgeFqdns: ['edge.good.example'],
      trustAnchorPem: lab.ca.rootPem,
      timeoutSeconds: 5,
    })
    expect(r.error).toBeNull()
    expect(r.target).toBe(`127.0.0.1:${lab.prosody.port}`)
    expect(r.reachable).toBe(true)
    expect(r.starttls).toEqual({ offered: true, required: true })
    expect(r.tls).toMatchObject({ version: 'TLSv1.3', authorized: true, authorizationError: null })
    expect(r.tls!.cipher).toMatch(/^TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/)
    // Prosody sends leaf + intermediate; OpenSSL closes the chain with the root from our anchor.
    expect(r.chain.map((c) => c.thumbprint)).toEqual([thumb(lab.leaves.good.certPem), thumb(lab.ca.intermediatePem), thumb(lab.ca.rootPem)])
    expect(r.chain[0]!.dnsNames).toEqual(['edge.good.example', 'sip.good.example', 'good.example'])
    expect(r.chain[0]!.subject).toBe('CN=edge.good.example')
    expect(r.chain[0]!.issuer).toBe('CN=XGW Test Issuing CA')
    expect(r.chain[0]!.eku).toEqual(['serverAuth', 'clientAuth'])
    expect(Date.parse(r.chain[0]!.notAfter)).toBe(lab.leaves.good.notAfter.getTime())
    expect(r.check).toMatchObject({ verdict: 'pass', findings: [], leaf: thumb(lab.leaves.good.certPem) })
    expect([...r.check!.requiredNames].sort()).toEqual(['edge.good.example', 'good.example', 'sip.good.example'])
  })

  it('without a trust anchor, the test CA is not trusted: UNTRUSTED_CHAIN and Node says why', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.prosody.port, domain: 'good.example', timeoutSeconds: 5 })
    expect(r.error).toBeNull()
    expect(r.tls!.authorized).toBe(false)
    expect(r.tls!.authorizationError).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')
    expect(r.chain.map((c) => c.thumbprint)).toEqual([thumb(lab.leaves.good.certPem), thumb(lab.ca.intermediatePem)])
    expect(r.check!.verdict).toBe('fail')
    expect(r.check!.findings.map((f) => f.code)).toContain('UNTRUSTED_CHAIN')
    // No anchor was given: the message names the runtime's roots, never "the given trust anchor".
    const msg = r.check!.findings.find((f) => f.code === 'UNTRUSTED_CHAIN')!.message
    expect(msg).toContain('bundled with Node.js')
    expect(msg).not.toMatch(/given/)
  })

  it('a certificate without the XMPP domain gives SAN_MISSING naming exactly that domain', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.prosody.port, domain: 'nosan.example', sipDomains: ['nosan.example'], edgeFqdns: ['edge.nosan.example'], trustAnchorPem: lab.ca.rootPem, timeoutSeconds: 5 })
    expect(r.error).toBeNull()
    expect(r.chain[0]!.thumbprint).toBe(thumb(lab.leaves.nosan.certPem))
    expect(r.tls!.authorizationError).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(r.check!.verdict).toBe('fail')
    expect(r.check!.findings).toHaveLength(1)
    expect(r.check!.findings[0]).toMatchObject({ code: 'SAN_MISSING', severity: 'error', names: ['nosan.example'] })
  })

  it('an expired certificate gives EXPIRED with its real end date', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.prosody.port, domain: 'expired.example', trustAnchorPem: lab.ca.rootPem, timeoutSeconds: 5 })
    expect(r.error).toBeNull()
    expect(r.chain[0]!.notAfter).toBe('2021-01-01T00:00:00Z')
    expect(r.tls!.authorizationError).toBe('CERT_HAS_EXPIRED')
    expect(r.check!.findings.map((f) => f.code)).toEqual(['EXPIRED'])
    expect(r.check!.findings[0]!.message).toContain('2021-01-01')
  })

  it('optional STARTTLS is reported as offered, not required', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.prosody.port, domain: 'optional.example', trustAnchorPem: lab.ca.rootPem, timeoutSeconds: 5 })
    expect(r.error).toBeNull()
    expect(r.starttls).toEqual({ offered: true, required: false })
    expect(r.check!.verdict).toBe('pass')
  })

  it('a server that offers no STARTTLS gives NO_STARTTLS, reachable', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.prosody.port, domain: 'plain.example', timeoutSeconds: 5 })
    expect(r.reachable).toBe(true)
    expect(r.starttls).toEqual({ offered: false, required: false })
    expect(r.error?.code).toBe('NO_STARTTLS')
    expect(r.tls).toBeNull()
    expect(r.chain).toEqual([])
    expect(r.check).toBeNull()
  })

  it('a domain the server does not host gives STREAM_ERROR with the RFC 6120 condition', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.prosody.port, domain: 'unknown.example', timeoutSeconds: 5 })
    expect(r.reachable).toBe(true)
    expect(r.error?.code).toBe('STREAM_ERROR')
    expect(r.error?.message).toContain('host-unknown')
  })
})

describe('probe failures each have their own code within the time bound', () => {
  it('closed port: CONNECTION_REFUSED', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.closedPort, domain: 'good.example', timeoutSeconds: 2 })
    expect(r).toMatchObject({ reachable: false, error: { code: 'CONNECTION_REFUSED' } })
    expect(r.error!.message).toContain('refused')
    expect(r.elapsedMs).toBeLessThan(1000)
  })

  it('accepts TCP and never answers: TIMEOUT within the bound', async () => {
    const started = Date.now()
    const r = await probe({ host: '127.0.0.1', port: lab.silentPort, domain: 'good.example', timeoutSeconds: 1 })
    const took = Date.now() - started
    expect(r).toMatchObject({ reachable: true, error: { code: 'TIMEOUT' } })
    expect(took).toBeGreaterThanOrEqual(950)
    expect(took).toBeLessThan(2500)
  })

  it('drops the connection after the stream header: STREAM_ERROR', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.dropAfterHeaderPort, domain: 'good.example', timeoutSeconds: 2 })
    expect(r).toMatchObject({ reachable: true, error: { code: 'STREAM_ERROR' } })
    expect(r.elapsedMs).toBeLessThan(1500)
  })

  it('drops the connection in the middle of the TLS handshake: TLS_HANDSHAKE_FAILED', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.dropMidTlsPort, domain: 'good.example', timeoutSeconds: 2 })
    expect(r).toMatchObject({ reachable: true, starttls: { offered: true, required: true }, error: { code: 'TLS_HANDSHAKE_FAILED' } })
    expect(r.tls).toBeNull()
    expect(r.elapsedMs).toBeLessThan(1500)
  })

  it('answers with something that is not XMPP: STREAM_ERROR', async () => {
    const r = await probe({ host: '127.0.0.1', port: lab.garbagePort, domain: 'good.example', timeoutSeconds: 2 })
    expect(r).toMatchObject({ reachable: true, error: { code: 'STREAM_ERROR' } })
  })
})

describe('SIP federation port (direct TLS)', () => {
  it('reports TLS and the Edge check of the certificate on the port', async () => {
    const r = await sipProbe({ host: '127.0.0.1', port: lab.sipPort, servername: 'edge.good.example', sipDomains: ['good.example'], xmppDomains: ['good.example'], trustAnchorPem: lab.ca.rootPem, timeoutSeconds: 5 })
    expect(r.error).toBeNull()
    expect(r.reachable).toBe(true)
    expect(r.tls).toMatchObject({ version: 'TLSv1.3', authorized: true })
    expect(r.chain[0]!.thumbprint).toBe(thumb(lab.leaves.good.certPem))
    expect(r.check).toMatchObject({ verdict: 'pass', findings: [] })
  })

  it('closed port: CONNECTION_REFUSED; a plain TCP server: TLS_HANDSHAKE_FAILED', async () => {
    const closed = await sipProbe({ host: '127.0.0.1', port: lab.closedPort, servername: 'edge.good.example', timeoutSeconds: 2 })
    expect(closed.error?.code).toBe('CONNECTION_REFUSED')
    const plain = await sipProbe({ host: '127.0.0.1', port: lab.garbagePort, servername: 'edge.good.example', timeoutSeconds: 2 })
    expect(plain).toMatchObject({ reachable: true, error: { code: 'TLS_HANDSHAKE_FAILED' } })
  })
})

describe('partner probe: what the partner offers and the matching negotiation row', () => {
  it('follows the partner SRV record; TLS required + dialback, EXTERNAL unknown without a client certificate', async () => {
    const r = await partnerProbe({ domain: 'partner.example', from: 'ours.example', resolver: lab.dns.server, trustAnchorPem: lab.ca.rootPem, timeoutSeconds: 5 })
    expect(r.error).toBeNull()
    expect(r.target).toBe(`xmpp.partner.example:${lab.partnerProsody.port}`)
    expect(r.offers).toEqual({ tls: 'required', dialback: true, saslExternal: 'unknown', saslMechanisms: [] })
    expect(r.chain[0]!.dnsNames).toEqual(['partner.example'])
    expect(r.suggestion).toMatchObject({ tls: 'Required', sasl: 'NotSupported', dialback: true, validity: 'valid', methods: ['TLS Dialback'] })
  })

  it('with a trusted client certificate the partner offers SASL EXTERNAL (XEP-0178)', async () => {
    const r = await partnerProbe({
      domain: 'partner.example',
      host: '127.0.0.1',
      port: lab.partnerProsody.port,
      from: 'ours.example',
      clientCertificate: { certPem: lab.leaves.client.chainPem, keyPem: lab.leaves.client.keyPem },
      timeoutSeconds: 5,
    })
    expect(r.error).toBeNull()
    expect(r.offers).toEqual({ tls: 'required', dialback: true, saslExternal: 'offered', saslMechanisms: ['EXTERNAL'] })
    expect(r.suggestion).toMatchObject({ tls: 'Required', sasl: 'Optional', dialback: true, validity: 'valid' })
  })

  it('a dialback-only partner without TLS maps to the Google Talk row; no dialback and no TLS: no row', async () => {
    const plain = await partnerProbe({ domain: 'plain.example', host: '127.0.0.1', port: lab.prosody.port, timeoutSeconds: 5 })
    expect(plain.error).toBeNull()
    expect(plain.offers).toEqual({ tls: 'none', dialback: true, saslExternal: 'not-offered', saslMechanisms: [] })
    expect(plain.suggestion).toMatchObject({ tls: 'NotSupported', sasl: 'NotSupported', dialback: true, methods: ['TCP Dialback'] })
    const none = await partnerProbe({ domain: 'nodialback.example', host: '127.0.0.1', port: lab.prosody.port, timeoutSeconds: 5 })
    expect(none.offers.tls).toBe('none')
    expect(none.offers.dialback).toBe(false)
    expect(none.suggestion).toBeNull()
  })
})

const baseProject: ProjectDataInput = {
  inventory: {
    sipDomains: ['good.example'],
    xmppDomains: ['good.example', 'std.example', 'cname.example', 'port.example', 'missing.example'],
    accessEdgeFqdn: 'edge.good.example',
    accessEdgePublicIpv4: '127.0.0.1',
  },
  partners: { partners: [{ domain: 'partner.example', tls: 'Required', sasl: 'NotSupported', dialback: true }, { domain: 'nosrv.example' }] },
}

describe('DNS check against dnsmasq', () => {
  it('compares SRV, port, CNAME, addresses and SANs with the project', async () => {
    const r = DnsReport.parse(await svc.dns(DnsCheckInput.parse({ project: baseProject, resolver: lab.dns.server })))
    expect(r.resolver).toBe(lab.dns.server)
    const codes = (d: string) =>
      r.findings
        .filter((f) => f.domain === d)
        .map((f) => f.code)
        .sort()
    const dom = (d: string) => r.domains.find((x) => x.domain === d)!

    expect(dom('std.example').answers).toEqual([{ target: 'edge.good.example', port: 5269, priority: 10, weight: 0, cname: null, ipv4: ['127.0.0.1'], ipv6: [] }])
    expect(dom('std.example').expected).toEqual([{ target: 'edge.good.example', port: 5269, priority: 10, addresses: ['127.0.0.1'] }])
    // The Access Edge target lives in another domain than std.example (S24): a warning, nothing else.
    expect(codes('std.example')).toEqual(['DNS_SRV_TARGET_OTHER_DOMAIN'])
    expect(codes('good.example')).toEqual(['DNS_SRV_WRONG_PORT'])
    expect(dom('good.example').answers[0]!.port).toBe(lab.prosody.port)

    expect(dom('cname.example').answers[0]).toMatchObject({ target: 'alias.cname.example', cname: 'edge.good.example', ipv4: ['127.0.0.1'] })
    expect(codes('cname.example')).toEqual(['DNS_SRV_CNAME_TARGET', 'DNS_SRV_EXTRA_TARGET', 'DNS_SRV_TARGET_MISMATCH', 'DNS_SRV_TARGET_NOT_IN_SAN'])

    expect(codes('port.example')).toEqual(['DNS_SRV_PRIORITY_MISMATCH', 'DNS_SRV_TARGET_OTHER_DOMAIN', 'DNS_SRV_WRONG_PORT'])
    expect(r.findings.find((f) => f.domain === 'port.example' && f.code === 'DNS_SRV_WRONG_PORT')!.message).toContain('5270')

    expect(dom('missing.example')).toMatchObject({ answers: [], error: null })
    expect(codes('missing.example')).toEqual(['DNS_SRV_MISSING'])

    expect(dom('partner.example')).toMatchObject({ role: 'partner', answers: [{ target: 'xmpp.partner.example', port: lab.partnerProsody.port, priority: 5 }] })
    expect(codes('partner.example')).toEqual(['PARTNER_SRV_NONSTANDARD_PORT'])
    expect(codes('nosrv.example')).toEqual(['PARTNER_SRV_MISSING'])
    expect(r.status).toBe('fail')
    for (const f of r.findings) if (f.status !== 'pass') expect(f.fix).not.toBe('')
  })

  it('flags an SRV target whose address is not the Access Edge public address', async () => {
    const project: ProjectDataInput = { inventory: { xmppDomains: ['host.example'], accessEdgeFqdn: 'edge.host.example', accessEdgePublicIpv4: '127.0.0.1' }, dns: { targetMode: 'xmpp-host' } }
    const r = await svc.dns(DnsCheckInput.parse({ project, resolver: lab.dns.server }))
    expect(r.domains[0]!.answers[0]).toMatchObject({ target: 'xmpp.host.example', ipv4: ['127.0.0.9'] })
    expect(r.findings.map((f) => f.code)).toEqual(['DNS_ADDRESS_MISMATCH'])
    expect(r.findings[0]!.message).toContain('127.0.0.1')
  })

  it('a resolver that does not answer gives DNS_LOOKUP_FAILED within the bound', async () => {
    const started = Date.now()
    const r = await svc.dns(DnsCheckInput.parse({ project: { inventory: { xmppDomains: ['good.example'] } }, resolver: `127.0.0.1:${lab.closedPort}`, timeoutSeconds: 1, partners: false }))
    expect(Date.now() - started).toBeLessThan(3000)
    expect(r.findings.map((f) => f.code)).toEqual(['DNS_LOOKUP_FAILED'])
    expect(r.domains[0]!.error?.code).toBe('DNS_FAILURE')
  })
})

describe('readiness summary', () => {
  it('runs every check: one line per check with status, code and fix', async () => {
    const project = ProjectData.parse({
      ...baseProject,
      inventory: { ...baseProject.inventory, xmppDomains: ['good.example'] },
    })
    const r = ReadinessReport.parse(
      await svc.readiness(
        ReadinessInput.parse({
          project,
          resolver: lab.dns.server,
          trustAnchorPem: lab.ca.rootPem,
          sipPort: lab.sipPort,
          timeoutSeconds: 5,
        }),
      ),
    )
    const byId = Object.fromEntries(r.lines.map((l) => [l.id, l]))
    expect(byId['dns:good.example:DNS_SRV_WRONG_PORT']).toMatchObject({ status: 'fail' })
    expect(byId['xmpp:good.example']).toMatchObject({ status: 'pass', code: 'XMPP_PROBE_OK', fix: '' })
    expect(byId['xmpp:good.example:certificate']).toMatchObject({ status: 'pass', code: 'CERTIFICATE_OK' })
    expect(byId['sip:edge.good.example']).toMatchObject({ status: 'pass', code: 'SIP_TLS_PROBE_OK' })
    expect(byId['sip:edge.good.example:certificate']).toMatchObject({ status: 'pass', code: 'CERTIFICATE_OK' })
    expect(byId['partner:partner.example']).toMatchObject({ status: 'pass', code: 'PARTNER_NEGOTIATION_MATCH' })
    expect(byId['dns:nosrv.example:PARTNER_SRV_MISSING']).toMatchObject({ status: 'fail' })
    expect(byId['partner:nosrv.example']).toMatchObject({ status: 'fail', code: 'PROBE_SKIPPED' })
    expect(r.ready).toBe(false)
    expect(r.counts).toEqual({
      pass: r.lines.filter((l) => l.status === 'pass').length,
      warn: r.lines.filter((l) => l.status === 'warn').length,
      fail: r.lines.filter((l) => l.status === 'fail').length,
    })
    for (const l of r.lines) if (l.status !== 'pass') expect(l.fix).not.toBe('')
  })
})

describe('xgw probe and xgw dns-check against the same servers', () => {
  it('xgw probe --json: exit 4 when the probe ran and the certificate check fails', async () => {
    await writeFile(join(lab.dir, 'anchor.pem'), lab.ca.rootPem)
    const { ctx, stdout } = verifyCliContext(svc, { json: true, cwd: lab.dir })
    const code = await probeCmd.run(
      [`127.0.0.1:${lab.prosody.port}`],
      {
        domain: 'nosan.example',
        'sip-domain': ['nosan.example'],
        'edge-fqdn': ['edge.nosan.example'],
        'trust-anchor': 'anchor.pem',
        timeout: '5',
      },
      ctx,
    )
    // The probe ran and its certificate check failed (SAN_MISSING): exit 4, so a scheduled check notices.
    expect(code).toBe(4)
    const out = JSON.parse(stdout())
    expect(Object.keys(out)).toEqual(['target', 'reachable', 'starttls', 'tls', 'chain', 'check', 'error'])
    expect(out).toMatchObject({ target: `127.0.0.1:${lab.prosody.port}`, reachable: true, starttls: { offered: true, required: true }, error: null })
    expect(Object.keys(out.tls)).toEqual(['version', 'cipher'])
    expect(out.chain[0].thumbprint).toBe(thumb(lab.leaves.nosan.certPem))
    expect(out.check).toMatchObject({ verdict: 'fail', findings: [{ code: 'SAN_MISSING', names: ['nosan.example'] }] })
  })

  it('xgw probe without --json prints a readable summary; NO_STARTTLS exits 3', async () => {
    const { ctx, stdout } = verifyCliContext(svc, { json: false, cwd: lab.dir })
    expect(await probeCmd.run([`127.0.0.1:${lab.prosody.port}`], { domain: 'plain.example' }, ctx)).toBe(3)
    expect(stdout()).toContain('STARTTLS   not offered')
    expect(stdout()).toContain('Error      NO_STARTTLS')
  })

  it('exit codes follow the verdict: probe 0 on pass, dns-check 0 on warn', async () => {
    await writeFile(join(lab.dir, 'anchor-ok.pem'), lab.ca.rootPem)
    const p = verifyCliContext(svc, { json: true, cwd: lab.dir })
    expect(await probeCmd.run([`127.0.0.1:${lab.prosody.port}`], { domain: 'good.example', 'sip-domain': ['good.example'], 'edge-fqdn': ['edge.good.example'], 'trust-anchor': 'anchor-ok.pem', timeout: '5' }, p.ctx)).toBe(0)
    expect(JSON.parse(p.stdout()).check.verdict).toBe('pass')
    const warnOnly: ProjectDataInput = { inventory: { sipDomains: ['good.example'], xmppDomains: ['std.example'], accessEdgeFqdn: 'edge.good.example', accessEdgePublicIpv4: '127.0.0.1' } }
    await writeFile(join(lab.dir, 'warn.json'), JSON.stringify({ format: 'xgw-project', schemaVersion: 1, name: 'Lab', data: warnOnly }))
    const d = verifyCliContext(svc, { json: true, cwd: lab.dir })
    expect(await dnsCmd.run([], { project: 'warn.json', server: lab.dns.server }, d.ctx)).toBe(0)
    expect(DnsReport.parse(JSON.parse(d.stdout())).status).toBe('warn')
  })

  it('xgw dns-check --project (exported file) --server: the DNS report', async () => {
    await writeFile(join(lab.dir, 'project.json'), JSON.stringify({ format: 'xgw-project', schemaVersion: 1, name: 'Lab', data: baseProject }))
    const { ctx, stdout } = verifyCliContext(svc, { json: true, cwd: lab.dir })
    // Records are missing or wrong: the overall status is FAIL and the exit code 4.
    expect(await dnsCmd.run([], { project: 'project.json', server: lab.dns.server }, ctx)).toBe(4)
    const out = DnsReport.parse(JSON.parse(stdout()))
    expect(out.status).toBe('fail')
    expect(out.resolver).toBe(lab.dns.server)
    expect(out.findings.find((f) => f.domain === 'missing.example')?.code).toBe('DNS_SRV_MISSING')
    const text = verifyCliContext(svc, { json: false, cwd: lab.dir })
    expect(await dnsCmd.run([], { project: 'project.json', server: lab.dns.server }, text.ctx)).toBe(4)
    expect(text.stdout()).toContain('_xmpp-server._tcp.cname.example (own)')
    expect(text.stdout()).toContain('(CNAME → edge.good.example)')
  })
})

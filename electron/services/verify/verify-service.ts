/**
 * The `verify` namespace (issue 5): read-only live checks from the workstation. Everything
 * effectful comes in through deps (network, resolver, certificate engine, clock), nothing
 * happens at construction, and no check writes anything anywhere.
 */
import * as nodeNet from 'node:net'
import * as nodeTls from 'node:tls'
import type { Handlers } from '../../../shared/contract'
import { ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../lib/logger'
import { toPem } from '../certificates/pem'
import { type CertificatePort, certificateEngine, factsData, judgeChain, pemCertificates } from './cert-report'
import { checkDns, nodeResolverFactory, type ResolverFactory } from './dns-check'
import { offerFromProbe, suggestNegotiation } from './negotiation'
import { runReadiness } from './readiness'
import { probeSipTls } from './sip-tls-probe'
import type { NetPort } from './transport'
import { probeXmppServer } from './xmpp-probe'

/** The verify routes as the contract types them (one definition: the contract's `Handlers`). */
export type VerifyHandlers = Handlers['verify']

export interface VerifyServiceDeps {
  readonly log: Logger
  /** @default node:net connect / node:tls connect */
  readonly net?: NetPort
  /** @default node:dns Resolver with bounded timeout and 2 tries */
  readonly resolverFactory?: ResolverFactory
  /** The certificate engine's facts/check (electron/services/certificates). */
  readonly certificates?: CertificatePort
  /** Milliseconds clock for deadlines and elapsed times. @default Date.now */
  readonly now?: () => number
  /** Probes and lookups in flight at once during readiness. @default 4 */
  readonly concurrency?: number
}

/** node:net and node:tls as the probes' network port. */
export const nodeNetPort: NetPort = {
  connect: (o) => nodeNet.connect(o),
  tlsConnect: (o) => nodeTls.connect(o),
}

const ms = (seconds: number) => Math.round(seconds * 1000)

/** The verify service. */
export function createVerifyService(deps: VerifyServiceDeps): VerifyHandlers {
  const net = deps.net ?? nodeNetPort
  const resolverFactory = deps.resolverFactory ?? nodeResolverFactory
  const certs = deps.certificates ?? certificateEngine
  const now = deps.now ?? Date.now
  const concurrency = deps.concurrency ?? 4

  const service: VerifyHandlers = {
    async dns(input) {
      const report = await checkDns(resolverFactory, input.project, {
        resolver: input.resolver ?? input.project.dns.resolver,
        certificateSans: input.certificateSans,
        partners: input.partners,
        timeoutMs: ms(input.timeoutSeconds),
        concurrency,
      })
      deps.log.info('verify.dns', { resolver: report.resolver, status: report.status, findings: report.findings.length })
      return report
    },

    async probeXmpp(input) {
      const anchors = tlsAnchors(input.trustAnchorPem)
      const raw = await probeXmppServer(net, { host: input.host, port: input.port, domain: input.domain, timeoutMs: ms(input.timeoutSeconds), ca: anchors }, now)
      // The probed domain is always required in the SAN (spec §3: "each XMPP domain").
      const xmppDomains = input.xmppDomains.includes(input.domain) ? input.xmppDomains : [input.domain, ...input.xmppDomains]
      const judged = judgeChain(certs, raw.chain, { ...input, xmppDomains })
      deps.log.info('verify.probeXmpp', { target: raw.target, error: raw.error?.code ?? null, verdict: judged.check?.verdict ?? null })
      return {
        target: raw.target,
        domain: input.domain,
        reachable: raw.reachable,
        starttls: raw.starttls,
        tls: raw.tls,
        chain: judged.chain,
        check: judged.check,
        error: raw.error,
        elapsedMs: raw.elapsedMs,
      }
    },

    async probeSip(input) {
      const anchors = tlsAnchors(input.trustAnchorPem)
      const raw = await probeSipTls(net, { host: input.host, port: input.port, servername: input.servername, timeoutMs: ms(input.timeoutSeconds), ca: anchors }, now)
      const edgeFqdns = input.edgeFqdns.includes(input.servername) ? input.edgeFqdns : [input.servername, ...input.edgeFqdns]
      const judged = judgeChain(certs, raw.chain, { ...input, edgeFqdns })
      deps.log.info('verify.probeSip', { target: raw.target, error: raw.error?.code ?? null, verdict: judged.check?.verdict ?? null })
      return { target: raw.target, reachable: raw.reachable, tls: raw.tls, chain: judged.chain, check: judged.check, error: raw.error, elapsedMs: raw.elapsedMs }
    },

    async probePartner(input) {
      const started = now()
      const reasons: string[] = []
      let host = input.host
      let port = input.port
      const r = resolverFactory(input.resolver.trim() || null, ms(Math.min(input.timeoutSeconds, 5)))
      if (!host) {
        // RFC 6120 §3.2.1: follow _xmpp-server._tcp; §3.2.2: fall back to the domain itself.
        const srv = await r.resolveSrv(`_xmpp-server._tcp.${input.domain}`).catch(() => [])
        const best = srv.filter((s) => s.name && s.name !== '.').sort((a, b) => a.priority - b.priority)[0]
        if (best) {
          host = best.name
          port ??= best.port
        } else {
          host = input.domain
          reasons.push(`No _xmpp-server._tcp.${input.domain} SRV record: probed ${input.domain} itself (RFC 6120 §3.2.2).`)
        }
      }
      port ??= 5269
      const address = nodeNet.isIP(host) ? host : (await r.resolve4(host).catch(() => [] as string[]))[0]
      if (!address) {
        return emptyPartner(input.domain, `${host}:${port}`, { code: ErrorCode.DnsFailure, message: `${host} does not resolve to an IPv4 address.` }, reasons, now() - started)
      }
      const anchors = tlsAnchors(input.trustAnchorPem)
      const raw = await probeXmppServer(
        net,
        {
          host: address,
          port,
          domain: input.domain,
          from: input.from,
          timeoutMs: ms(input.timeoutSeconds),
          ca: anchors,
          clientCert: input.clientCertificate,
          restartAfterTls: true,
        },
        now,
      )
      const offer = offerFromProbe(raw, !!input.clientCertificate)
      // A partner without STARTTLS is a finding about its offer, not a failed probe.
      const error = raw.error?.code === ErrorCode.NoStarttls ? null : raw.error
      const { suggestion, reasons: why } = error && !raw.features ? { suggestion: null, reasons: [] } : suggestNegotiation(offer)
      deps.log.info('verify.probePartner', { target: raw.target, error: error?.code ?? null, tls: offer.tls, dialback: offer.dialback })
      return {
        domain: input.domain,
        target: `${host}:${port}`,
        reachable: raw.reachable,
        starttls: raw.starttls,
        tls: raw.tls,
        chain: raw.chain.map((d) => factsData(certs.facts(d))),
        offers: offer,
        suggestion,
        reasons: [...reasons, ...why],
        error,
        elapsedMs: now() - started,
      }
    },

    async readiness(input) {
      const report = await runReadiness(service, resolverFactory, input, { concurrency, now })
      deps.log.info('verify.readiness', { ...report.counts, ready: report.ready })
      return report
    },
  }
  return service
}

/** Only the certificate blocks of the admin's anchor file, re-armoured, reach node:tls. */
function tlsAnchors(pem: string | undefined): string[] | undefined {
  return pem ? pemCertificates(pem).map((der) => toPem('CERTIFICATE', der)) : undefined
}

function emptyPartner(domain: string, target: string, error: { code: string; message: string }, reasons: string[], elapsedMs: number) {
  return {
    domain,
    target,
    reachable: false,
    starttls: { offered: false, required: false },
    tls: null,
    chain: [],
    offers: { tls: 'none' as const, dialback: false, saslExternal: 'unknown' as const, saslMechanisms: [] },
    suggestion: null,
    reasons,
    error,
    elapsedMs,
  }
}

/**
 * The Verification step's readiness summary (spec §5 step 10, issue 5): DNS, the XMPP probe of
 * each of our domains at the address its SRV record gives, the SIP TLS port of the Access
 * Edge, and each partner's offer against its configured negotiation row. One line per check
 * with a status, a stable code, a message and the fix.
 */
import { isIP } from 'node:net'
import type { z } from 'zod'
import type { CheckOutput } from '../../../shared/contract/certificates'
import type { ReadinessInput, ReadinessLine, ReadinessReport } from '../../../shared/contract/verify'
import { requirementsFromProject } from '../certificates/index'
import { normaliseFqdn } from '../../../shared/domain/rules/fqdn'
import { ownXmppDomains } from '../../../shared/domain/rules/names'
import { type CheckStatus, fixFor } from './codes'
import type { ResolverFactory } from './dns-check'
import { mapLimit } from './limit'
import type { Handlers } from '../../../shared/contract'

type Input = z.output<typeof ReadinessInput>
type Check = CheckOutput | null

const line = (id: string, title: string, status: CheckStatus, code: string, message: string, fix = fixFor(code)): ReadinessLine => ({ id, title, status, code, message, fix: status === 'pass' ? '' : fix })

/** One line per certificate finding (errors fail, warnings warn; notices are informational). */
function certificateLines(prefix: string, title: string, check: Check): ReadinessLine[] {
  if (!check) return []
  const bad = check.findings.filter((f) => f.severity !== 'notice')
  if (bad.length === 0) return [line(`${prefix}:certificate`, title, 'pass', 'CERTIFICATE_OK', `The presented certificate passes the Edge checks (SANs ${check.requiredNames.join(', ')}).`)]
  return bad.map((f) =>
    line(
      `${prefix}:certificate:${f.code}`,
      title,
      f.severity === 'error' ? 'fail' : 'warn',
      f.code,
      f.message,
      'Replace or fix the Edge external certificate (Certificates step), assign it with Set-CsCertificate and restart the Edge services.',
    ),
  )
}

/** Runs every check with bounded concurrency and returns the summary. */
export async function runReadiness(svc: Pick<Handlers['verify'], 'dns' | 'probeXmpp' | 'probeSip' | 'probePartner'>, resolverFactory: ResolverFactory, input: Input, o: { concurrency: number; now: () => number }): Promise<ReadinessReport> {
  const p = input.project
  const resolver = input.resolver ?? p.dns.resolver
  const timeout = input.timeoutSeconds
  const req = requirementsFromProject(p)
  const common = {
    sipDomains: [...req.sipDomains],
    xmppDomains: [...req.xmppDomains],
    edgeFqdns: [...req.edgeFqdns],
    trustAnchorPem: input.trustAnchorPem,
    at: input.at,
    timeoutSeconds: timeout,
  }
  const lines: ReadinessLine[] = []

  const dns = await svc.dns({ project: p, resolver, partners: input.partners, timeoutSeconds: Math.min(timeout, 10) })
  for (const f of dns.findings) lines.push(line(`dns:${f.domain}:${f.code}`, `DNS ${f.domain}`, f.status, f.code, f.message, f.fix))

  // XMPP: probe each of our domains where its SRV record says partners will connect.
  const own = ownXmppDomains(p)
  const xmpp = await mapLimit(own, o.concurrency, async (domain) => {
    const d = dns.domains.find((x) => x.domain === domain && x.role === 'own')
    const a = d?.answers.find((x) => x.ipv4.length + x.ipv6.length > 0)
    const title = `XMPP ${domain}`
    if (!a) return [line(`xmpp:${domain}`, title, 'fail', 'PROBE_SKIPPED', `Not probed: _xmpp-server._tcp.${domain} gives no reachable target.`)]
    const r = await svc.probeXmpp({ host: a.ipv4[0] ?? a.ipv6[0]!, port: a.port, domain, ...common })
    if (r.error) return [line(`xmpp:${domain}`, title, 'fail', r.error.code, r.error.message)]
    const out = [line(`xmpp:${domain}`, title, 'pass', 'XMPP_PROBE_OK', `${a.target} (${r.target}) offers STARTTLS${r.starttls.required ? ' (required)' : ''}; ${r.tls?.version} ${r.tls?.cipher}.`)]
    if (!r.starttls.required) out.push(line(`xmpp:${domain}:starttls`, title, 'warn', 'STARTTLS_OPTIONAL', `${a.target} offers STARTTLS but does not require it.`))
    return [...out, ...certificateLines(`xmpp:${domain}`, title, r.check)]
  })
  lines.push(...xmpp.flat())

  // SIP federation port of the Access Edge (spec §1.7), reached at its resolved address.
  const edge = normaliseFqdn(p.inventory.accessEdgeFqdn)
  if (edge) {
    const title = `SIP TLS ${edge}`
    const addr = isIP(edge)
      ? edge
      : (
          await resolverFactory(resolver.trim() || null, 5000)
            .resolve4(edge)
            .catch(() => [] as string[])
        )[0]
    if (!addr) {
      lines.push(line(`sip:${edge}`, title, 'fail', 'DNS_FAILURE', `${edge} does not resolve to an IPv4 address.`))
    } else {
      const r = await svc.probeSip({ host: addr, port: input.sipPort, servername: edge, ...common })
      if (r.error) lines.push(line(`sip:${edge}`, title, 'fail', r.error.code, r.error.message))
      else {
        lines.push(line(`sip:${edge}`, title, 'pass', 'SIP_TLS_PROBE_OK', `${edge} (${r.target}) answers TLS: ${r.tls?.version} ${r.tls?.cipher}.`))
        lines.push(...certificateLines(`sip:${edge}`, title, r.check))
      }
    }
  }

  // Partners: what they offer against the row configured for them (spec §1.5, §4 F12).
  if (input.partners) {
    const partners = p.partners.partners.filter((x) => normaliseFqdn(x.domain))
    const res = await mapLimit(partners, o.concurrency, async (partner) => {
      const domain = normaliseFqdn(partner.domain)
      const title = `Partner ${domain}`
      const d = dns.domains.find((x) => x.domain === domain && x.role === 'partner')
      if (!d || d.answers.length === 0) return line(`partner:${domain}`, title, 'fail', 'PROBE_SKIPPED', `Not probed: ${domain} has no usable SRV record.`)
      const r = await svc.probePartner({ domain, from: own[0], resolver, trustAnchorPem: input.trustAnchorPem, timeoutSeconds: timeout })
      if (r.error) return line(`partner:${domain}`, title, 'fail', r.error.code, r.error.message)
      const s = r.suggestion
      if (!s) return line(`partner:${domain}`, title, 'fail', 'PARTNER_NO_COMMON_METHOD', r.reasons.join(' '))
      const same = s.tls === partner.tls && s.sasl === partner.sasl && s.dialback === partner.dialback
      const row = `TLS ${s.tls}, SASL ${s.sasl}, dialback ${s.dialback}`
      return same
        ? line(`partner:${domain}`, title, 'pass', 'PARTNER_NEGOTIATION_MATCH', `The partner's offer matches the configured row (${row}).`)
        : line(
            `partner:${domain}`,
            title,
            'warn',
            'PARTNER_NEGOTIATION_MISMATCH',
            `Configured TLS ${partner.tls}, SASL ${partner.sasl}, dialback ${partner.dialback}; the partner's offer suggests ${row}. ${r.reasons.join(' ')}`,
            `Change the partner's negotiation (Partners step) to ${row}.`,
          )
    })
    lines.push(...res)
  }

  const counts = { pass: 0, warn: 0, fail: 0 }
  for (const l of lines) counts[l.status]++
  return { ready: counts.fail === 0, counts, lines, checkedAt: new Date(o.now()).toISOString() }
}

/**
 * The DNS live check (spec §1.6, §5 step 7, §4 F15/F16/F18/F19): resolve
 * `_xmpp-server._tcp.<domain>` for each of our XMPP domains and each partner domain, the
 * A/AAAA of every target, and compare with what the project says. Read-only; the resolver is
 * the system's or a given server, so an admin can ask the external DNS explicitly.
 */
import { promises as dnsPromises } from 'node:dns'
import type { ProjectData } from '../../../shared/domain/model/project'
import { hostRecords, srvRecords, XMPP_SERVER_PORT } from '../../../shared/domain/rules/dns'
import { isSameOrSubdomain, normaliseFqdn, uniqueNames } from '../../../shared/domain/rules/fqdn'
import { cleanDomains, ownXmppDomains } from '../../../shared/domain/rules/names'
import { requiredSans } from '../../../shared/domain/rules/sans'
import type { DnsReport } from '../../../shared/contract/verify'
import { ErrorCode } from '../../../shared/errors'
import { type CheckCode, type CheckStatus, fixFor } from './codes'
import { mapLimit } from './limit'

/** The resolver calls the check makes (node:dns/promises Resolver has them all). */
export interface DnsResolverPort {
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>
  resolve4(name: string): Promise<string[]>
  resolve6(name: string): Promise<string[]>
  resolveCname(name: string): Promise<string[]>
}

/** Makes a resolver for `server` (IP[:port]; null = system) with a per-query timeout. */
export type ResolverFactory = (server: string | null, timeoutMs: number) => DnsResolverPort

/** node:dns Resolver: c-ares, `tries` bounded so a dead server costs at most 2 × timeout per query. */
export const nodeResolverFactory: ResolverFactory = (server, timeoutMs) => {
  const r = new dnsPromises.Resolver({ timeout: Math.max(100, Math.round(timeoutMs / 2)), tries: 2 })
  if (server) r.setServers([server])
  return r
}

type Finding = DnsReport['findings'][number]
type DomainReport = DnsReport['domains'][number]
type Answer = DomainReport['answers'][number]

/** "No such record" answers, as opposed to a resolver that failed (RFC 2308 NXDOMAIN/NODATA). */
const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME'])
const errno = (e: unknown) => String((e as NodeJS.ErrnoException)?.code ?? '')

async function orEmpty<T>(p: Promise<T[]>): Promise<T[]> {
  try {
    return await p
  } catch (e) {
    if (NOT_FOUND.has(errno(e))) return []
    throw e
  }
}

const bare = (n: string) => normaliseFqdn(n)

/** Resolves one SRV owner and, for each target, its CNAME and addresses. */
async function lookup(r: DnsResolverPort, owner: string): Promise<{ answers: Answer[]; error: DomainReport['error'] }> {
  let srv: Awaited<ReturnType<DnsResolverPort['resolveSrv']>>
  try {
    srv = await orEmpty(r.resolveSrv(owner))
  } catch (e) {
    return { answers: [], error: { code: ErrorCode.DnsFailure, message: `The resolver did not answer for ${owner}: ${errno(e) || (e as Error).message}.` } }
  }
  // RFC 2782: a target of "." means "service not available here"; treat as no record.
  srv = srv.filter((s) => s.name && s.name !== '.').sort((a, b) => a.priority - b.priority || b.weight - a.weight)
  const answers: Answer[] = []
  for (const s of srv) {
    const target = bare(s.name)
    const cnames = await orEmpty(r.resolveCname(target)).catch(() => [] as string[])
    const [ipv4, ipv6] = await Promise.all([orEmpty(r.resolve4(target)).catch(() => []), orEmpty(r.resolve6(target)).catch(() => [])])
    answers.push({ target, port: s.port, priority: s.priority, weight: s.weight, cname: cnames[0] ? bare(cnames[0]) : null, ipv4, ipv6 })
  }
  return { answers, error: null }
}

function finding(code: CheckCode, status: CheckStatus, domain: string, message: string): Finding {
  return { code, status, domain, message, fix: fixFor(code) }
}

/** Compares our domain's answers with the project's SRV and A/AAAA records. */
function judgeOwn(domain: string, rep: DomainReport, sans: ReadonlySet<string>, sansFrom: string): Finding[] {
  const out: Finding[] = []
  const owner = rep.owner
  if (rep.error) return [finding('DNS_LOOKUP_FAILED', 'fail', domain, rep.error.message)]
  if (rep.answers.length === 0) return [finding('DNS_SRV_MISSING', 'fail', domain, `${owner} has no SRV record: partners cannot find the Edge for ${domain} (spec §4 F15).`)]
  for (const exp of rep.expected) {
    const a = rep.answers.find((x) => x.target === exp.target)
    if (!a) {
      out.push(finding('DNS_SRV_TARGET_MISMATCH', 'warn', domain, `${owner} does not point at ${exp.target} as the project says; it points at ${rep.answers.map((x) => x.target).join(', ')}.`))
      continue
    }
    if (a.priority !== exp.priority) {
      out.push(finding('DNS_SRV_PRIORITY_MISMATCH', 'warn', domain, `${owner} → ${a.target} has priority ${a.priority}; the project says ${exp.priority}.`))
    }
  }
  for (const a of rep.answers) {
    if (a.port !== XMPP_SERVER_PORT) {
      out.push(finding('DNS_SRV_WRONG_PORT', 'fail', domain, `${owner} → ${a.target} uses port ${a.port}, not ${XMPP_SERVER_PORT}, the port the Edge XMPP proxy listens on (spec §1.6).`))
    }
    if (!rep.expected.some((e) => e.target === a.target)) {
      out.push(finding('DNS_SRV_EXTRA_TARGET', 'warn', domain, `${owner} also points at ${a.target}, which the project does not list.`))
    }
    if (a.cname) out.push(finding('DNS_SRV_CNAME_TARGET', 'fail', domain, `The SRV target ${a.target} is an alias (CNAME for ${a.cname}); RFC 2782 requires a name with its own A/AAAA record.`))
    const addrs = [...a.ipv4, ...a.ipv6]
    if (addrs.length === 0) {
      out.push(finding('DNS_SRV_TARGET_UNRESOLVED', 'fail', domain, `The SRV target ${a.target} has no A or AAAA record.`))
    } else {
      const want = rep.expected.find((e) => e.target === a.target)?.addresses ?? []
      const missing = want.filter((w) => !addrs.includes(w))
      if (want.length > 0 && missing.length > 0) {
        out.push(finding('DNS_ADDRESS_MISMATCH', 'fail', domain, `${a.target} resolves to ${addrs.join(', ')}; the Access Edge public address ${missing.join(', ')} is missing (spec §1.6).`))
      }
    }
    if (!sans.has(a.target)) {
      out.push(finding('DNS_SRV_TARGET_NOT_IN_SAN', 'fail', domain, `The SRV target ${a.target} is not among the ${sansFrom}; partners that check the certificate against the target will fail.`))
    }
    if (!isSameOrSubdomain(a.target, domain)) {
      out.push(finding('DNS_SRV_TARGET_OTHER_DOMAIN', 'warn', domain, `The SRV target ${a.target} is outside ${domain} (S24 [INFERENCE]).`))
    }
  }
  if (!out.some((f) => f.status !== 'pass')) {
    out.push(finding('DNS_SRV_OK', 'pass', domain, `${owner} → ${rep.answers.map((a) => `${a.target}:${a.port} (${[...a.ipv4, ...a.ipv6].join(', ')})`).join('; ')} as the project says.`))
  }
  return out
}

/** A partner's SRV: it must exist for outbound federation (spec §4 F16, T1). */
function judgePartner(domain: string, rep: DomainReport): Finding[] {
  if (rep.error) return [finding('DNS_LOOKUP_FAILED', 'fail', domain, rep.error.message)]
  if (rep.answers.length === 0) return [finding('PARTNER_SRV_MISSING', 'fail', domain, `${rep.owner} has no SRV record: the Edge cannot route to ${domain} (spec §4 F16).`)]
  const out: Finding[] = []
  for (const a of rep.answers) {
    if (a.cname) out.push(finding('PARTNER_SRV_CNAME_TARGET', 'warn', domain, `The partner's SRV target ${a.target} is a CNAME for ${a.cname} (RFC 2782).`))
    if (a.ipv4.length + a.ipv6.length === 0) out.push(finding('PARTNER_SRV_TARGET_UNRESOLVED', 'fail', domain, `The partner's SRV target ${a.target} has no A or AAAA record.`))
    if (a.port !== XMPP_SERVER_PORT) out.push(finding('PARTNER_SRV_NONSTANDARD_PORT', 'warn', domain, `The partner listens on port ${a.port}, not ${XMPP_SERVER_PORT}.`))
  }
  if (out.length === 0) out.push(finding('PARTNER_SRV_OK', 'pass', domain, `${rep.owner} → ${rep.answers.map((a) => `${a.target}:${a.port}`).join(', ')}.`))
  return out
}

/** fail > warn > pass. */
export function worst(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'pass'
}

export interface DnsCheckOptions {
  readonly resolver: string
  readonly certificateSans?: readonly string[]
  readonly partners: boolean
  readonly timeoutMs: number
  /** Lookups in flight at once. @default 4 */
  readonly concurrency?: number
}

/** Runs the DNS check for a project. Never throws for DNS answers; a dead resolver is a finding. */
export async function checkDns(factory: ResolverFactory, project: ProjectData, o: DnsCheckOptions): Promise<DnsReport> {
  const server = o.resolver.trim() || null
  const r = factory(server, o.timeoutMs)
  const expectedSrv = srvRecords(project)
  const hosts = hostRecords(project)
  const sans = new Set((o.certificateSans ?? requiredSans(project).map((s) => s.name)).map(bare))
  const sansFrom = o.certificateSans ? 'names the Edge certificate carries' : 'SANs the Edge certificate must carry (Certificates step)'

  const own = ownXmppDomains(project)
  const partnerDomains = o.partners ? uniqueNames(cleanDomains(project.partners.partners.flatMap((p) => [p.domain, ...p.additionalDomains]))).filter((d) => !own.includes(d)) : []
  const jobs = [...own.map((d) => ({ domain: d, role: 'own' as const })), ...partnerDomains.map((d) => ({ domain: d, role: 'partner' as const }))]

  const domains = await mapLimit(jobs, o.concurrency ?? 4, async ({ domain, role }): Promise<DomainReport> => {
    const owner = `_xmpp-server._tcp.${domain}`
    const { answers, error } = await lookup(r, owner)
    const expected =
      role === 'own'
        ? expectedSrv
            .filter((s) => s.domain === domain)
            .map((s) => ({
              target: s.target,
              port: s.port,
              priority: s.priority,
              addresses: hosts.filter((h) => h.name === s.target).map((h) => h.address),
            }))
        : []
    return { domain, owner, role, answers, expected, error }
  })
  const findings = domains.flatMap((d) => (d.role === 'own' ? judgeOwn(d.domain, d, sans, sansFrom) : judgePartner(d.domain, d)))
  return { resolver: server ?? 'system', domains, findings, status: worst(findings.map((f) => f.status)) }
}

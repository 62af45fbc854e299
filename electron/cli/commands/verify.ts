// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { DnsReport, XmppProbeReport } from '../../../shared/contract/verify'
import { pemArmour } from '../../../shared/domain/pem-armour'
import { AppError, ErrorCode } from '../../../shared/errors'
import { readProjectFile } from '../project-file'
import { EXIT_CHECK_FAILED, expectOk, type CliContext, type Command, type OptionValues } from '../command'

/** Exit code of a target that could not be probed (command.ts). */
export const EXIT_NOT_PROBED = 3

/** Splits HOST[:PORT], [IPv6]:PORT or a bare IPv6 address. */
export function parseTarget(text: string, defaultPort: number): { host: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text)
  let host = text
  let port: string | undefined
  if (bracket) {
    host = bracket[1]!
    port = bracket[2]
  } else if ((text.match(/:/g) ?? []).length === 1) {
    ;[host, port] = text.split(':') as [string, string]
  }
  const n = port === undefined ? defaultPort : Number(port)
  if (!host || !Number.isInteger(n) || n < 1 || n > 65535) throw new AppError(ErrorCode.Usage, `"${text}" is not HOST[:PORT] with a port from 1 to 65535.`)
  return { host, port: n }
}

const list = (v: OptionValues[string]): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])

/** A trust anchor file as PEM: PEM text kept, a DER certificate wrapped. */
async function readAnchor(ctx: CliContext, file: string): Promise<string> {
  let bytes: Buffer
  try {
    bytes = readFileSync(resolve(ctx.cwd, file))
  } catch {
    throw new AppError(ErrorCode.NotFound, `Cannot read the trust anchor file ${file}.`)
  }
  const text = bytes.toString('latin1')
  if (text.includes('-----BEGIN CERTIFICATE-----')) return text
  return pemArmour('CERTIFICATE', bytes.toString('base64'))
}

function seconds(v: OptionValues[string]): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (typeof v !== 'string' || !Number.isFinite(n) || n <= 0 || n > 120) throw new AppError(ErrorCode.Usage, '--timeout takes a number of seconds from 0.1 to 120.')
  return n
}

/** The JSON `xgw probe` prints (issue 5), nothing more. */
export function probeJson(r: XmppProbeReport) {
  return {
    target: r.target,
    reachable: r.reachable,
    starttls: { offered: r.starttls.offered, required: r.starttls.required },
    tls: r.tls ? { version: r.tls.version, cipher: r.tls.cipher } : null,
    chain: r.chain,
    check: r.check,
    error: r.error ? { code: r.error.code, message: r.error.message } : null,
  }
}

function probeText(r: XmppProbeReport): string {
  const out = [`Target     ${r.target} (XMPP domain ${r.domain})`, `Reachable  ${r.reachable ? 'yes' : 'no'}`]
  if (r.reachable) out.push(`STARTTLS   ${r.starttls.offered ? (r.starttls.required ? 'offered, required' : 'offered, optional') : 'not offered'}`)
  if (r.tls) out.push(`TLS        ${r.tls.version} ${r.tls.cipher}`)
  r.chain.forEach((c, i) => out.push(`${i === 0 ? 'Chain     ' : '          '} ${i}: ${c.subject}  (issuer ${c.issuer}; ${c.notBefore} … ${c.notAfter}; ${c.thumbprint})`))
  if (r.check) {
    out.push(`Check      ${r.check.verdict.toUpperCase()}`)
    for (const f of r.check.findings) out.push(`  ${f.severity.padEnd(7)} ${f.code}: ${f.message}`)
  }
  if (r.error) out.push(`Error      ${r.error.code}: ${r.error.message}`)
  return `${out.join('\n')}\n`
}

function dnsText(r: DnsReport): string {
  const out = [`Resolver: ${r.resolver}`]
  for (const d of r.domains) {
    out.push(`${d.owner} (${d.role})`)
    if (d.error) out.push(`  lookup failed: ${d.error.message}`)
    for (const a of d.answers) {
      out.push(`  ${a.priority} ${a.weight} ${a.port} ${a.target}${a.cname ? ` (CNAME → ${a.cname})` : ''} → ${[...a.ipv4, ...a.ipv6].join(', ') || 'no address'}`)
    }
  }
  for (const f of r.findings) out.push(`${f.status.toUpperCase().padEnd(4)} ${f.code} ${f.domain}: ${f.message}${f.fix ? `\n     Fix: ${f.fix}` : ''}`)
  out.push(`Overall: ${r.status.toUpperCase()}`)
  return `${out.join('\n')}\n`
}

/** `xgw probe` and `xgw dns-check` (issue 5). */
export const verifyCommands: Command[] = [
  {
    name: 'probe',
    summary: 'XMPP STARTTLS probe: reachability, TLS and the certificate a server presents on 5269',
    usage: 'xgw probe HOST[:PORT] --domain D [--sip-domain D] [--xmpp-domain D...] [--edge-fqdn F...] [--trust-anchor FILE] [--timeout SECONDS] [--json]',
    options: [
      { name: 'domain', type: 'string', description: 'XMPP domain sent in the stream header and as TLS SNI', valueName: 'D' },
      { name: 'sip-domain', type: 'list', description: 'SIP domain whose sip.<domain> the certificate must name (repeatable)', valueName: 'D' },
      { name: 'xmpp-domain', type: 'list', description: 'Further XMPP domain the certificate must name (repeatable)', valueName: 'D' },
      { name: 'edge-fqdn', type: 'list', description: 'Edge external FQDN the certificate must name (repeatable)', valueName: 'F' },
      { name: 'trust-anchor', type: 'string', description: 'CA certificate (PEM or DER) to trust instead of the system store', valueName: 'FILE' },
      { name: 'timeout', type: 'string', description: 'Time bound for the whole probe in seconds (default 10)', valueName: 'SECONDS' },
    ],
    async run(args, opts, ctx) {
      if (args.length !== 1) throw new AppError(ErrorCode.Usage, 'Give exactly one target: xgw probe HOST[:PORT] --domain D')
      const domain = typeof opts.domain === 'string' ? opts.domain.trim() : ''
      if (!domain) throw new AppError(ErrorCode.Usage, '--domain D is required: the XMPP domain to ask the server for.')
      const { host, port } = parseTarget(args[0]!, 5269)
      const timeoutSeconds = seconds(opts.timeout)
      const trustAnchorPem = typeof opts['trust-anchor'] === 'string' ? await readAnchor(ctx, opts['trust-anchor']) : undefined
      const report = await expectOk(
        ctx.api.verify.probeXmpp({
          host,
          port,
          domain,
          sipDomains: list(opts['sip-domain']),
          xmppDomains: list(opts['xmpp-domain']),
          edgeFqdns: list(opts['edge-fqdn']),
          ...(trustAnchorPem ? { trustAnchorPem } : {}),
          ...(timeoutSeconds ? { timeoutSeconds } : {}),
        }),
      )
      ctx.out(ctx.json ? `${JSON.stringify(probeJson(report), null, 2)}\n` : probeText(report))
      if (report.error) return EXIT_NOT_PROBED
      return report.check?.verdict === 'fail' ? EXIT_CHECK_FAILED : 0
    },
  },
  {
    name: 'dns-check',
    summary: 'Resolve the _xmpp-server._tcp SRV records and addresses of a project and compare them',
    usage: 'xgw dns-check --project FILE [--server IP[:PORT]] [--json]',
    options: [
      { name: 'project', type: 'string', description: 'Exported project file (or bare project data JSON)', valueName: 'FILE' },
      { name: 'server', type: 'string', description: 'DNS server to ask instead of the system resolver', valueName: 'IP[:PORT]' },
    ],
    async run(args, opts, ctx) {
      if (args.length > 0) throw new AppError(ErrorCode.Usage, `Unexpected argument "${args[0]}". Usage: xgw dns-check --project FILE [--server IP[:PORT]]`)
      if (typeof opts.project !== 'string') throw new AppError(ErrorCode.Usage, '--project FILE is required.')
      const project = await readProjectFile(ctx, opts.project)
      const server = typeof opts.server === 'string' ? opts.server.trim() : undefined
      const report = await expectOk(ctx.api.verify.dns({ project, ...(server !== undefined ? { resolver: server } : {}) }))
      ctx.out(ctx.json ? `${JSON.stringify(report, null, 2)}\n` : dnsText(report))
      // Nothing could be asked: every lookup failed in transport (resolver down or refusing).
      const allFailed = report.domains.length > 0 && report.domains.every((d) => d.error)
      if (allFailed) return EXIT_NOT_PROBED
      return report.status === 'fail' ? EXIT_CHECK_FAILED : 0
    },
  },
]

import { defineStore } from 'pinia'
import { edgeRequirements } from '../../../shared/domain/rules/edge-requirements'
import { reactive, ref, watch } from 'vue'
import type { Output } from '../../../shared/contract'
import { ResolverAddress } from '../../../shared/contract/verify'
import type { ProjectData } from '../../../shared/domain/model/project'
import { pemArmour } from '../../../shared/domain/pem-armour'
import { normaliseFqdn } from '../../../shared/domain/rules/fqdn'
import { ownXmppDomains } from '../../../shared/domain/rules/names'
import type { AppErrorData } from '../../../shared/errors'
import { useApi } from '../api/inject'
import { plain } from '../lib/plain'
import { toBase64 } from '../lib/base64'
import { useArtifactsStore } from './artifacts'
import { useProjectsStore } from './projects'

export type DnsReportView = Output<'verify', 'dns'>
export type ReadinessReportView = Output<'verify', 'readiness'>
export type ReadinessLineView = ReadinessReportView['lines'][number]
export type XmppProbeView = Output<'verify', 'probeXmpp'>
export type SipProbeView = Output<'verify', 'probeSip'>
export type PartnerProbeView = Output<'verify', 'probePartner'>
export type CheckStatus = ReadinessLineView['status']

/** The trust anchor the admin picked: PEM text in memory only (never a path, never saved). */
export interface TrustAnchor {
  readonly fileName: string
  readonly pem: string
  readonly count: number
}

/** One asynchronous check's state: the last answer, whether it runs, and a transport/contract error. */
interface Slot<T> {
  report: T | null
  running: boolean
  error: AppErrorData | null
}
const slot = <T>(): Slot<T> => ({ report: null, running: false, error: null })

/** '' when the resolver text is usable (blank = system), else why not. */
export function resolverProblem(text: string): string {
  return ResolverAddress.safeParse(text.trim()).success ? '' : 'Enter an IPv4 address with an optional port (192.0.2.53 or 192.0.2.53:53), an IPv6 address, or leave it blank for the system resolver.'
}

const PEM_RE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/**
 * A picked .cer/.crt/.pem file as PEM text: PEM files are taken as they are (every certificate
 * block), a DER .cer is base64-encoded and wrapped. Returns null for anything else.
 */
export function anchorPemFromBytes(bytes: Uint8Array): { pem: string; count: number } | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  const blocks = text.match(PEM_RE)
  if (blocks?.length) return { pem: `${blocks.join('\n')}\n`, count: blocks.length }
  // DER: an X.509 certificate is an ASN.1 SEQUENCE (0x30) with a long-form length.
  if (bytes.length < 64 || bytes[0] !== 0x30 || (bytes[1]! & 0x80) === 0) return null
  return { pem: pemArmour('CERTIFICATE', toBase64(bytes)), count: 1 }
}

const STATUS_WORD: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' }

/** The readiness summary as Markdown, to go with the runbook. */
export function readinessMarkdown(r: ReadinessReportView, o: { project: string; resolver: string; trustAnchor: string | null }): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
  const out = [
    `# XMPP federation readiness: ${o.project}`,
    '',
    `- Checked: ${r.checkedAt}`,
    `- Resolver: ${o.resolver || 'system resolver of the workstation'}`,
    `- Trust: ${o.trustAnchor ? `trust anchor ${o.trustAnchor}` : 'system trust store'}`,
    `- Result: **${r.ready ? 'READY' : 'NOT READY'}**: ${r.counts.pass} passed, ${r.counts.warn} warnings, ${r.counts.fail} failed`,
    '',
    '| Status | Check | Code | Result | Fix |',
    '|---|---|---|---|---|',
    ...r.lines.map((l) => `| ${STATUS_WORD[l.status]} | ${cell(l.title)} | \`${l.code}\` | ${cell(l.message)} | ${cell(l.fix)} |`),
    '',
  ]
  return out.join('\n')
}

/**
 * The live checks from the workstation (issue 5): DNS "Check now", the partner probe, the Edge
 * probe and the readiness summary of the Verification step. Reports live here, in memory, for
 * the open project; the trust anchor too. Nothing of it is saved.
 */
export const useVerifyStore = defineStore('verify', () => {
  const api = useApi()
  const projects = useProjectsStore()
  const artifacts = useArtifactsStore()

  const trustAnchor = ref<TrustAnchor | null>(null)
  const dns = reactive(slot<DnsReportView>())
  const readiness = reactive(slot<ReadinessReportView>())
  /** The resolver the last readiness run asked ('' = system). */
  const readinessResolver = ref('')
  const partners = reactive<Record<string, Slot<PartnerProbeView>>>({})
  const edge = reactive({ xmpp: null as XmppProbeView | null, sip: null as SipProbeView | null, running: false, error: null as AppErrorData | null, note: '' })

  async function setTrustAnchor(file: File): Promise<string> {
    const parsed = anchorPemFromBytes(new Uint8Array(await file.arrayBuffer()))
    if (!parsed) return `${file.name} is not a certificate (PEM or DER .cer expected).`
    trustAnchor.value = { fileName: file.name, pem: parsed.pem, count: parsed.count }
    return ''
  }
  /** Bumped when another project opens: answers to checks started before are dropped. */
  let epoch = 0
  const clearTrustAnchor = () => (trustAnchor.value = null)
  const anchorPem = () => trustAnchor.value?.pem

  async function checkDns(data: ProjectData, resolver: string): Promise<void> {
    const at = epoch
    dns.running = true
    dns.error = null
    const sans = artifacts.sanNames ?? (data.certificates.edgeSans.length ? [...data.certificates.edgeSans] : undefined)
    const res = await api.verify.dns({ project: plain(data), resolver: resolver.trim(), certificateSans: sans })
    if (at !== epoch) return
    dns.running = false
    if (!res.ok) {
      dns.error = res.error
      return
    }
    dns.report = res.value
  }

  async function runReadiness(data: ProjectData, o: { resolver: string; sipPort: number; timeoutSeconds: number }): Promise<void> {
    const at = epoch
    readiness.running = true
    readiness.error = null
    const res = await api.verify.readiness({
      project: plain(data),
      resolver: o.resolver.trim(),
      trustAnchorPem: anchorPem(),
      sipPort: o.sipPort,
      timeoutSeconds: o.timeoutSeconds,
    })
    if (at !== epoch) return
    readiness.running = false
    if (!res.ok) {
      readiness.error = res.error
      return
    }
    readinessResolver.value = o.resolver.trim()
    readiness.report = res.value
  }

  function partnerSlot(domain: string): Slot<PartnerProbeView> {
    // Read back through the reactive map: the object assigned is not the proxy that triggers renders.
    if (!partners[domain]) partners[domain] = slot<PartnerProbeView>()
    return partners[domain]
  }

  async function probePartner(domain: string, data: ProjectData): Promise<void> {
    const d = normaliseFqdn(domain)
    const s = partnerSlot(d)
    s.running = true
    s.error = null
    const from = ownXmppDomains(data)[0]
    const at = epoch
    const res = await api.verify.probePartner({ domain: d, from, resolver: data.dns.resolver.trim(), trustAnchorPem: anchorPem(), timeoutSeconds: 10 })
    if (at !== epoch) return
    s.running = false
    if (!res.ok) {
      s.error = res.error
      return
    }
    s.report = res.value
  }

  /**
   * What the Access Edge presents: the XMPP STARTTLS probe for one XMPP domain and the TLS
   * probe of the SIP federation port. `followSrv` connects where the domain's SRV record points
   * (asked through `resolver`); otherwise to `host` (a name goes through the system resolver).
   */
  async function probeEdge(data: ProjectData, o: { domain: string; followSrv: boolean; resolver: string; host: string; xmppPort: number; sipPort: number; timeoutSeconds: number }): Promise<void> {
    const at = epoch
    edge.running = true
    edge.error = null
    edge.note = ''
    edge.xmpp = null
    edge.sip = null
    const domain = normaliseFqdn(o.domain)
    const edgeFqdn = normaliseFqdn(data.inventory.accessEdgeFqdn)
    const req = {
      ...edgeRequirements(data),
      trustAnchorPem: anchorPem(),
      timeoutSeconds: o.timeoutSeconds,
    }
    let host = o.host.trim()
    let port = o.xmppPort
    if (o.followSrv) {
      const res = await api.verify.dns({ project: plain(data), resolver: o.resolver.trim(), partners: false })
      if (at !== epoch) return
      if (!res.ok) {
        edge.running = false
        edge.error = res.error
        return
      }
      const answer = res.value.domains.find((x) => x.domain === domain)?.answers.find((a) => a.ipv4.length + a.ipv6.length > 0)
      if (!answer) {
        edge.running = false
        edge.note = `_xmpp-server._tcp.${domain} gives no target with an address (resolver: ${res.value.resolver}). Run the DNS check, or enter the host to probe.`
        return
      }
      host = answer.ipv4[0] ?? answer.ipv6[0]!
      port = answer.port
      edge.note = `_xmpp-server._tcp.${domain} → ${answer.target}:${answer.port} (${host}), asked ${res.value.resolver}.`
    }
    if (!host) {
      edge.running = false
      edge.note = 'Enter the host to probe (the Access Edge FQDN or its public address).'
      return
    }
    const [x, s] = await Promise.all([api.verify.probeXmpp({ host, port, domain, ...req }), edgeFqdn ? api.verify.probeSip({ host, port: o.sipPort, servername: edgeFqdn, ...req }) : Promise.resolve(null)])
    if (at !== epoch) return
    edge.running = false
    if (!x.ok) edge.error = x.error
    else edge.xmpp = x.value
    if (s && !s.ok) edge.error = s.error
    else if (s) edge.sip = s.value
  }

  // Another project: no report of the previous one applies.
  watch(
    () => projects.current?.id,
    () => {
      epoch++
      Object.assign(dns, slot())
      Object.assign(readiness, slot())
      for (const k of Object.keys(partners)) delete partners[k]
      Object.assign(edge, { xmpp: null, sip: null, running: false, error: null, note: '' })
      trustAnchor.value = null
    },
  )

  return {
    trustAnchor,
    dns,
    readiness,
    readinessResolver,
    partners,
    edge,
    setTrustAnchor,
    clearTrustAnchor,
    checkDns,
    runReadiness,
    partnerSlot,
    probePartner,
    probeEdge,
  }
})

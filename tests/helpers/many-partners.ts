/**
 * A project with `n` XMPP partners (the large sample project's settings, partners varied over
 * every type and negotiation value), for the partner limit and the measurements at 5,000.
 */
import type { ProjectData } from '../../shared/domain/model/project'
import type { XmppPartner } from '../../shared/domain/model/partners'
import { largeProject } from './sample-projects'

const TYPES = ['Federated', 'PublicVerified', 'PublicUnverified'] as const
const NEG = ['Required', 'Optional', 'NotSupported'] as const

export function manyPartners(n: number): XmppPartner[] {
  return Array.from({ length: n }, (_, i) => ({
    domain: `partner-${String(i).padStart(5, '0')}.example.net`,
    description: `Partner ${i}`,
    additionalDomains: i % 10 === 0 ? [`chat.partner-${i}.example.net`] : [],
    partnerType: TYPES[i % 3]!,
    tls: NEG[i % 3]!,
    sasl: 'NotSupported',
    dialback: true,
    enableKeepAlive: i % 2 === 0,
    connectionLimit: i % 7 === 0 ? 50 : null,
    proxyFqdn: '',
  }))
}

export function projectWithPartners(n: number): ProjectData {
  const p = largeProject()
  p.partners.partners = manyPartners(n)
  return p
}

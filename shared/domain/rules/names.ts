import type { ProjectData } from '../model/project'
import { fqdnProblem, normaliseFqdn, uniqueNames } from './fqdn'

/** Our own SIP domains, normalised, de-duplicated, invalid entries dropped. */
export function ownSipDomains(p: Pick<ProjectData, 'inventory'>): string[] {
  return cleanDomains(p.inventory.sipDomains)
}

/** Our own XMPP domains (spec §5 step 1), normalised, de-duplicated, invalid entries dropped. */
export function ownXmppDomains(p: Pick<ProjectData, 'inventory'>): string[] {
  return cleanDomains(p.inventory.xmppDomains)
}

/** Normalises a list of typed domain names and keeps only the valid ones, first spelling first. */
export function cleanDomains(names: readonly string[]): string[] {
  return uniqueNames(names.map(normaliseFqdn)).filter((n) => fqdnProblem(n) === null)
}

/** The Edge member FQDNs that carry the external certificate (spec §5 step 6e), cleaned. */
export function edgeMembers(p: Pick<ProjectData, 'inventory'>): string[] {
  return cleanDomains(p.inventory.edgeMembers)
}

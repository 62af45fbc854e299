import type { ProjectData } from '../model/project'
import { PREREQUISITES } from '../prerequisite-catalog'
import { error, warning, notice, type Finding } from './issue'
import { fqdnProblem, isIpv4, isIpv6, isPrivateIpv4, isSameOrSubdomain, normaliseFqdn } from './fqdn'

/** Step 0 (spec §5): a scenario and the legacy product whose shell runs the scripts. */
export function validateScenario(p: Pick<ProjectData, 'scenario'>): Finding[] {
  const out: Finding[] = []
  if (!p.scenario.scenario) out.push(error('scenario.scenario', 'scenario.required', 'Choose the deployment scenario.'))
  if (!p.scenario.legacyVersion) {
    out.push(error('scenario.legacyVersion', 'scenario.legacy-version.required', 'Choose the legacy version that hosts XMPP: Skype for Business Server 2015 or Lync Server 2013.'))
  }
  return out
}

/** Non-blank entries of a list field, normalised. */
const names = (list: readonly string[]) => list.map(normaliseFqdn).filter((n) => n.length > 0)

function checkList(out: Finding[], field: string, list: readonly string[], label: string, min: number): string[] {
  const values = names(list)
  if (values.length < min) out.push(error(field, `${field}.required`, `Enter at least one ${label}.`))
  const seen = new Set<string>()
  values.forEach((v) => {
    const problem = fqdnProblem(v)
    if (problem) out.push(error(field, 'fqdn.invalid', `${v}: ${problem}`))
    if (seen.has(v)) out.push(error(field, 'fqdn.duplicate', `${v} is listed twice.`))
    seen.add(v)
  })
  return values
}

function checkOne(out: Finding[], field: string, raw: string, label: string, required: boolean): string {
  const v = normaliseFqdn(raw)
  if (!v) {
    if (required) out.push(error(field, `${field}.required`, `Enter the ${label}.`))
    return v
  }
  const problem = fqdnProblem(v)
  if (problem) out.push(error(field, 'fqdn.invalid', problem))
  return v
}

/** Step 1 (spec §5): domains, pools and the Access Edge addresses. */
export function validateInventory(p: Pick<ProjectData, 'inventory' | 'scenario' | 'dns'>): Finding[] {
  const inv = p.inventory
  const out: Finding[] = []
  const sip = checkList(out, 'inventory.sipDomains', inv.sipDomains, 'SIP domain', 1)
  const xmpp = checkList(out, 'inventory.xmppDomains', inv.xmppDomains, 'XMPP-enabled domain', 1)
  for (const d of xmpp) {
    // [INFERENCE] spec §5 step 1: an XMPP domain equals or is a sub-domain of a SIP domain.
    if (sip.length && !sip.some((s) => isSameOrSubdomain(d, s))) {
      out.push(error('inventory.xmppDomains', 'xmpp-domain.not-sip', `${d} is neither a SIP domain nor a sub-domain of one; XMPP users are SIP users of that domain.`))
    }
  }
  checkList(out, 'inventory.frontEndPools', inv.frontEndPools, 'legacy Front End pool FQDN', 1)
  checkOne(out, 'inventory.edgePoolFqdn', inv.edgePoolFqdn, 'legacy Edge pool FQDN (internal)', true)
  const members = checkList(out, 'inventory.edgeMembers', inv.edgeMembers, 'Edge member server FQDN', 1)
  if (members.length > 1) {
    out.push(notice('inventory.edgeMembers', 'edge.pool.exportable', 'Several Edge members share one certificate, so its private key must be exportable.'))
  }
  const access = checkOne(out, 'inventory.accessEdgeFqdn', inv.accessEdgeFqdn, 'Access Edge external FQDN', true)
  const webconf = checkOne(out, 'inventory.webConfEdgeFqdn', inv.webConfEdgeFqdn, 'Web Conferencing Edge external FQDN', true)
  checkOne(out, 'inventory.avEdgeFqdn', inv.avEdgeFqdn, 'A/V Edge external FQDN', false)
  if (access && webconf && access === webconf) {
    out.push(warning('inventory.webConfEdgeFqdn', 'webconf.same-as-access', 'The Web Conferencing Edge usually has its own external FQDN; check the topology.'))
  }
  const v4 = inv.accessEdgePublicIpv4.trim()
  const v6 = inv.accessEdgePublicIpv6.trim()
  if (!v4 && !v6) out.push(error('inventory.accessEdgePublicIpv4', 'access-edge.ip.required', 'Enter the Access Edge public IPv4 address (or an IPv6 address).'))
  if (v4 && !isIpv4(v4)) out.push(error('inventory.accessEdgePublicIpv4', 'ip.invalid', `${v4} is not an IPv4 address.`))
  else if (v4 && isPrivateIpv4(v4)) {
    out.push(
      error(
        'inventory.accessEdgePublicIpv4',
        'ip.private',
        inv.behindNat ? `${v4} is a private address; with NAT, enter the translated public address that partners connect to.` : `${v4} is a private address; partners on the internet need the public address.`,
      ),
    )
  }
  if (v6 && !isIpv6(v6)) out.push(error('inventory.accessEdgePublicIpv6', 'ip.invalid', `${v6} is not an IPv6 address.`))
  const siteNames = new Set<string>()
  inv.sites.forEach((s, i) => {
    const name = s.name.trim()
    if (!name) out.push(error(`inventory.sites.${i}.name`, 'site.name.required', 'Enter the site name.'))
    else if (/^site:/i.test(name)) out.push(error(`inventory.sites.${i}.name`, 'site.name.prefix', 'Use the bare site name, without "site:" (Set-CsSite takes the bare name).'))
    else if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(name)) out.push(error(`inventory.sites.${i}.name`, 'site.name.invalid', 'Use letters, digits, spaces, dots, hyphens or underscores.'))
    if (siteNames.has(name.toLowerCase())) out.push(error(`inventory.sites.${i}.name`, 'site.name.duplicate', `${name} is listed twice.`))
    siteNames.add(name.toLowerCase())
    checkOne(out, `inventory.sites.${i}.xmppRouteEdgePool`, s.xmppRouteEdgePool, 'Edge pool that carries the XMPP federation route', true)
  })
  const priorities = new Map<number, string>()
  inv.failoverPools.forEach((pool, i) => {
    checkOne(out, `inventory.failoverPools.${i}.poolFqdn`, pool.poolFqdn, 'failover Edge pool FQDN', true)
    checkOne(out, `inventory.failoverPools.${i}.accessEdgeFqdn`, pool.accessEdgeFqdn, 'failover Access Edge external FQDN', true)
    if (pool.publicIpv4 && !isIpv4(pool.publicIpv4.trim())) out.push(error(`inventory.failoverPools.${i}.publicIpv4`, 'ip.invalid', `${pool.publicIpv4} is not an IPv4 address.`))
    // RFC 2782: the lowest number is preferred, so a failover pool needs a higher one than the main pool.
    if (pool.priority <= p.dns.priority || priorities.has(pool.priority)) {
      out.push(error(`inventory.failoverPools.${i}.priority`, 'srv.priority.distinct', `Give each failover pool its own SRV priority, higher than the main pool's ${p.dns.priority} (the lowest number is preferred, RFC 2782).`))
    }
    priorities.set(pool.priority, pool.poolFqdn)
  })
  if (!Number.isInteger(inv.xmppInternalPort) || inv.xmppInternalPort < 1 || inv.xmppInternalPort > 65535) {
    out.push(error('inventory.xmppInternalPort', 'port.invalid', 'Enter a port from 1 to 65535.'))
  } else if (inv.xmppInternalPort !== 23456) {
    out.push(
      notice(
        'inventory.xmppInternalPort',
        'port.internal.conflict',
        `Microsoft documents two different defaults for this port: 23456 in the port tables, 5098 on the Set-CsEdgeServer page. Use the value Get-CsService -EdgeServer shows for your topology (${inv.xmppInternalPort} entered).`,
      ),
    )
  }
  return out
}

/** Step 2 (spec §5): blocked items are errors; open ones keep the step incomplete. */
export function validatePrerequisites(p: Pick<ProjectData, 'prerequisites'>): Finding[] {
  const out: Finding[] = []
  for (const item of PREREQUISITES) {
    const state = p.prerequisites.items[item.id]
    const field = `prerequisites.items.${item.id}`
    if (state?.status === 'blocked') {
      out.push(error(`${field}.status`, 'prerequisite.blocked', `"${item.title}" is blocked: resolve it before the change window.${state.evidence ? '' : ' Note what blocks it in the evidence field.'}`))
    } else if (!state || state.status === 'open') {
      out.push(warning(`${field}.status`, 'prerequisite.open', `${item.id} ${item.title} is not confirmed yet.`))
    }
  }
  return out
}

import type { ExternalAccessPolicy } from '../domain/model/policy'
import type { ProjectData } from '../domain/model/project'
import { requestSanList } from '../domain/rules/certificates'
import { SRV_PRIORITY_EXPLANATION, hostRecords, srvRecords } from '../domain/rules/dns'
import { XMPP_INTERNAL_PORT_NOTE, firewallRules } from '../domain/rules/firewall'
import { normaliseFqdn } from '../domain/rules/fqdn'
import { MESSAGE_BODY_LOGGING_WARNING } from '../domain/rules/gateway'
import { cleanDomains, edgeMembers } from '../domain/rules/names'
import { NEGOTIATION_LABELS, PARTNER_TYPE_LABELS, PUBLIC_VERIFIED_WARNING, negotiationRow } from '../domain/rules/partners'
import { POLICY_LABELS, policyPrecedenceText } from '../domain/rules/policy'
import { cleared, commandText, configPlan, type ConfigPlan, type PlannedCommand, type PolicyPlan } from './config-plan'
import { PRECHANGE_STATE_FILE } from './ps-common'
import { productNames, type ProductNames } from './products'
import { code, label, plain, type Block, type RunbookDoc, type RunbookStep } from './runbook-doc'

/**
 * The runbook's steps, one builder each, all reading the same configuration plan as
 * xmpp-config.ps1 (config-plan.ts): every value the script sets is printed in the step for the
 * same object, with the Management Shell line that sets it.
 */

/** What every step builder reads. */
interface RunbookContext {
  readonly p: ProjectData
  readonly n: ProductNames
  readonly plan: ConfigPlan
  readonly retiring: boolean
  readonly xmppDomains: readonly string[]
  readonly members: readonly string[]
  readonly edgePool: string
}

/** Microsoft's pages use two names for the same navigation entry: both are printed. */
const NAV = `${label('Federation and External Access')} (the Lync Server 2013 pages and the cmdlet help call it ${label('External User Access')}; click whichever your Control Panel shows)`

/** A plan command as a runbook line: the exact PowerShell, and what it clears. */
function shellLine(c: PlannedCommand): string {
  const clears = cleared(c)
  return `${code(commandText(c))}${clears.length ? ` (blank in the project, so cleared: ${clears.map(code).join(', ')})` : ''}`
}

function beforeYouStart(): RunbookStep {
  return {
    title: 'Before you start',
    owner: 'UC admin',
    tool: 'Checklist',
    blocks: [
      {
        kind: 'ul',
        items: [
          'XMPP users are homed on the legacy pool, not on a Skype for Business Server 2019 pool, and not on a Survivable Branch Appliance ("XMPP federation is not supported for users who are homed on survivable branch appliances").',
          `Accounts: RTCUniversalServerAdmins (or CsAdministrator) for Control Panel and the scripts; Domain Admins + RTCUniversalServerAdmins to publish the topology; local Administrators on each Edge Server.`,
          'A change window agreed: the certificate, gateway and DNS steps "should be performed in parallel to minimize the down time".',
          'Partner details collected: domains, TLS/SASL/dialback capabilities, the CA they trust.',
        ],
      },
    ],
    checkpoints: ['Change window booked; people for DNS, network and PKI available.'],
  }
}

function topology({ p, n, edgePool }: RunbookContext): RunbookStep {
  const sites = p.inventory.sites.filter((s) => s.name.trim())
  return {
    title: 'Topology: enable XMPP federation and the site route',
    owner: 'UC admin',
    tool: n.topologyBuilder,
    blocks: [
      { kind: 'note', text: 'Run Topology Builder on a Front End or Standard Edition server, never on an Edge Server.' },
      {
        kind: 'ol',
        items: [
          `Edit the Edge pool ${code(edgePool)}; on ${label('Select features')} select ${label('Enable federation for this Edge pool (Port 5061)')} and ${label('Enable XMPP federation (port 5269)')}. Microsoft's Skype for Business Server 2015 page "Create your Edge topology" shows only the federation check box here: if your Topology Builder has no XMPP check box on this page, XMPP federation is set at the site in the next step.`,
          `Select the site and confirm that the ${label('Site federation route assignment')} for ${label('XMPP federation')} shows the Edge pool. If not, right-click the site, click ${label('Edit Properties')}, select ${label('Enable XMPP federation')} and select the correct Edge pool.`,
          ...(sites.length ? [`Routes to set: ${sites.map((s) => `${code(s.name.trim())} → ${code(normaliseFqdn(s.xmppRouteEdgePool) || edgePool)}`).join('; ')}.`] : []),
          'Publish the topology.',
        ],
      },
      {
        kind: 'note',
        text: `Set-CsSite is not used here: Microsoft's Set-CsSite page names its parameter ${code('-XmppFederationRoute')}, the XMPP failover page uses ${code('-XmppExternalFederationRoute')}; Topology Builder sets the route without that question.`,
      },
    ],
    checkpoints: ['Topology published without errors; the site shows the XMPP federation route.'],
  }
}

function deploymentWizard({ n, members }: RunbookContext): RunbookStep {
  return {
    title: 'Deployment Wizard: apply the topology on the Front End, then on each Edge',
    owner: 'UC admin',
    tool: n.deploymentWizard,
    blocks: [
      {
        kind: 'ol',
        items: [
          `On each legacy Front End server: ${label('Install or Update … System')}, then ${label('Setup or Remove … Components')}, ${label('Run Again')}, ${label('Next')}, ${label('Finish')}.`,
          `On each Edge Server (${members.map(code).join(', ') || 'each member'}): the same, with the topology from replication or ${label('Import from a file (Recommended for Edge Servers)')}.`,
        ],
      },
    ],
    checkpoints: ['Both wizards finish without errors.'],
  }
}

function firewall({ p }: RunbookContext): RunbookStep {
  return {
    title: 'Firewall',
    owner: 'Network',
    tool: 'Firewall management (firewall-rules.csv)',
    blocks: [
      {
        kind: 'table',
        header: ['Direction', 'Protocol/port', 'Source', 'Destination', 'Purpose'],
        rows: firewallRules(p).map((r) => [r.direction, `${r.protocol} ${r.port}${r.existing ? ' (usually exists)' : ''}`, plain(r.source), plain(r.destination), r.purpose]),
      },
      { kind: 'note', text: XMPP_INTERNAL_PORT_NOTE },
    ],
    checkpoints: ["TCP 5269 on the Access Edge public address answers from outside (the wizard's Verification step can test it)."],
  }
}

function certificate({ p, n, xmppDomains }: RunbookContext): RunbookStep {
  const sans = requestSanList(p)
  return {
    title: 'Edge certificate: request, import, assign',
    owner: 'PKI',
    tool: `${n.deploymentWizard} – Certificate Wizard (csr-parameters.txt)`,
    blocks: [
      {
        kind: 'ol',
        items: [
          `On the Edge, next to ${label('Step 3: Request, Install, or Assign Certificates')} click ${label('Run again')}; ${label('Create a new certificate request')}; ${label('External Edge Certificate')}; ${label('Prepare the request now, but send it later')}; then the values of ${code('csr-parameters.txt')} page by page.`,
          `The subject alternative names must include: ${sans.map(code).join(', ')}. No wildcards.`,
          'Submit the request to the public CA; import the issued certificate on the SAME Edge Server that made the request.',
          `${label('Import a certificate from a .P7b, .pfx or .cer file')}, then ${label('Assign an existing certificate')}: ${label('Edge External')}. Do this on EACH Edge Server.`,
          `For a pool: export with the private key (MMC: ${label('Yes, export the private key')}, ${label('Personal Information Exchange - PKCS#12 (.PFX)')}, ${label('Include all certificates in the certification path, if possible')}, ${label('Export all extended properties')}). NEVER select ${label('Delete the private key if the export is successful')}. Import and assign on every other member.`,
          `Or in the Management Shell on each Edge: ${code('Set-CsCertificate -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Thumbprint <thumbprint>')} (commented in section 8 of xmpp-config.ps1).`,
          `Restart the Edge services: ${code('Stop-CsWindowsService')} then ${code('Start-CsWindowsService')}.`,
        ],
      },
    ],
    checkpoints: [`The Edge presents a certificate whose SAN lists ${xmppDomains.map(code).join(', ') || 'every XMPP domain'} (Verification step: STARTTLS probe).`],
  }
}

function checkboxItems(pol: ExternalAccessPolicy): string[] {
  const set = (on: boolean, text: string) => `${on ? 'Select' : 'Clear'} ${label(text)}.`
  const items = [set(pol.enableFederationAccess, POLICY_LABELS.federation), set(pol.enableXmppAccess, POLICY_LABELS.xmpp)]
  if (pol.enableOutsideAccess !== 'keep') items.push(set(pol.enableOutsideAccess === 'true', POLICY_LABELS.remote))
  if (pol.enablePublicCloudAccess !== 'keep')
    items.push(
      `${set(pol.enablePublicCloudAccess === 'true', POLICY_LABELS.publicUsers)} (Microsoft removed -EnablePublicCloudAccess from the current New-CsExternalAccessPolicy page in May 2025; the script sets it only where your shell still has it)`,
    )
  return items
}

function policyStep({ n, retiring }: RunbookContext, pp: PolicyPlan): RunbookStep {
  const pol = pp.policy
  const description = pol.description ? `${label('Description')}: ${code(pol.description)}` : `${label('Description')}: leave it empty (an existing description is cleared).`
  const open = `Open the ${label(n.controlPanel)}. In the left navigation bar click ${NAV}, then ${label('External Access Policy')}.`
  const blocks: Block[] = [
    {
      kind: 'ol',
      items:
        pol.scope === 'global'
          ? [open, `Click the global policy, ${label('Edit')}, ${label('Show details')}.`, description, ...checkboxItems(pol), `Click ${label('Commit')}.`]
          : [
              open,
              pol.updateExisting
                ? `Select ${code(pp.identity)}, click ${label('Edit')}, ${label('Show details')}.`
                : pol.scope === 'site'
                  ? `Click ${label('New')}, then ${label('Site policy')}. In ${label('Select a Site')}, click ${code(pol.site.trim())} and then ${label('OK')}.`
                  : `Click ${label('New')}, then ${label('User policy')}. In ${label('Name')} enter ${code(pol.name.trim())}.`,
              description,
              ...checkboxItems(pol),
              `Click ${label('Commit')}.`,
            ],
    },
  ]
  blocks.push({ kind: 'p', text: `In the Management Shell, the same (xmpp-config.ps1 uses ${code('New-')} when the policy is missing, ${code('Set-')} when it exists): ${shellLine(pp.command)}` })
  blocks.push({ kind: 'note', text: policyPrecedenceText(pol.scope) })
  if (pol.scope === 'user' && !retiring) {
    blocks.push({ kind: 'p', text: 'Grant the policy (done by the script). A user policy is "created but will not be assigned to any users" until granted:' })
    blocks.push(pp.grants.length ? { kind: 'ul', items: pp.grants.map(shellLine) } : { kind: 'p', text: '(nobody yet)' })
  }
  return {
    title: `External Access Policy ${pp.identity}`,
    owner: 'UC admin',
    tool: `${n.controlPanel} or xmpp-config.ps1`,
    blocks,
    checkpoints: [`${code(`Get-CsExternalAccessPolicy -Identity ${pp.identity}`)} shows EnableXmppAccess ${pol.enableXmppAccess ? 'True' : 'False'}.`, 'Users sign out and in again: policies arrive by in-band provisioning at sign-in.'],
  }
}

function partners({ n, plan, retiring }: RunbookContext): RunbookStep {
  const rows = plan.partners.map(({ partner: x, domain, additional }) => {
    const row = negotiationRow(x.tls, x.sasl, x.dialback)
    return [domain, plain(x.description), additional.join(', '), PARTNER_TYPE_LABELS[x.partnerType], NEGOTIATION_LABELS[x.tls], NEGOTIATION_LABELS[x.sasl], x.dialback ? 'True' : 'False', row.methods.join(', ') || '—']
  })
  const notes: string[] = []
  for (const { partner: x, domain } of plan.partners) {
    const row = negotiationRow(x.tls, x.sasl, x.dialback)
    const d = code(domain)
    if (row.validity === 'warning') notes.push(`${d}: WARNING ${row.note}`)
    if (row.conflict) notes.push(`${d}: ${row.conflict}`)
    if (x.partnerType === 'PublicVerified') notes.push(`${d}: Public verified — "${PUBLIC_VERIFIED_WARNING}"`)
    if (!x.enableKeepAlive || x.connectionLimit !== null || x.proxyFqdn.trim()) notes.push(`${d}: keep-alive, connection limit and proxy FQDN are PowerShell-only (the script sets them).`)
  }
  return {
    title: retiring ? 'XMPP federated partners: remove' : 'XMPP federated partners',
    owner: 'UC admin',
    tool: `${n.controlPanel} or xmpp-config.ps1`,
    blocks: [
      {
        kind: 'ol',
        items: retiring
          ? [`In the left navigation bar click ${NAV}, then ${label('XMPP Federated Partners')}.`, 'Select each partner below and delete it.']
          : [
              `In the left navigation bar click ${NAV}, then ${label('XMPP Federated Partners')}.`,
              `For each partner below: click ${label('New')} (or select it and click ${label('Edit')}).`,
              `Fill in ${label('Primary domain')}, ${label('Description')}, ${label('Additional domains')}, ${label('Partner type')}, ${label('TLS Negotiation')}, ${label('SASL negotiation')} and ${label('Support server dialback negotiation')}.`,
              `Click ${label('Commit')}.`,
            ],
      },
      { kind: 'table', header: ['Primary domain', 'Description', 'Additional domains', 'Partner type', 'TLS Negotiation', 'SASL negotiation', 'Support server dialback negotiation', 'Expected authentication'], rows },
      ...(notes.length ? [{ kind: 'ul' as const, items: notes }] : []),
      { kind: 'p', text: retiring ? 'In the Management Shell (what xmpp-config.ps1 runs):' : `In the Management Shell, every value (xmpp-config.ps1 uses ${code('New-')} for a missing partner, ${code('Set-')} for an existing one):` },
      { kind: 'ul', items: plan.partners.map((x) => shellLine(x.command)) },
      { kind: 'note', text: 'Microsoft describes "Optional" two ways: the Control Panel help says the service "indicates that TLS is mandatory-to-negotiate", the New-CsXmppAllowedPartner page says "TLS will be used if available".' },
    ],
    checkpoints: [`${code('Get-CsXmppAllowedPartner')} lists every partner with the values above.`],
  }
}

function federationAndGateway({ p, n, plan }: RunbookContext): RunbookStep {
  return {
    title: 'Access Edge federation and XMPP gateway settings',
    owner: 'UC admin',
    tool: `${n.managementShell} (xmpp-config.ps1)`,
    blocks: [
      ...(plan.accessEdge ? [{ kind: 'p' as const, text: `${shellLine(plan.accessEdge)}, only if it is False. ${plan.accessEdge.consequence ?? ''}` }] : []),
      { kind: 'p', text: plan.gateway ? `The XMPP gateway settings (not available in Control Panel): ${shellLine(plan.gateway)}` : 'XMPP gateway settings: left at their current values.' },
      ...(p.gateway.enableLoggingAllMessageBodies ? [{ kind: 'note' as const, text: MESSAGE_BODY_LOGGING_WARNING }] : []),
      ...(p.gateway.setDialbackPassphrase ? [{ kind: 'p' as const, text: 'The script asks for the dialback passphrase when it runs; have it ready, it is never stored.' }] : []),
    ],
    checkpoints: [`${code('xmpp-config.ps1 -WhatIf')} reviewed, then ${code('xmpp-config.ps1')} run; a second run reports "Changes made: 0".`],
  }
}

function dns({ p, xmppDomains }: RunbookContext): RunbookStep {
  const srv = srvRecords(p)
  return {
    title: 'External DNS',
    owner: 'DNS',
    tool: 'Public DNS provider (dns-records.txt, dns-records.csv, dns-records-windows.ps1)',
    blocks: [
      {
        kind: 'table',
        header: ['Owner', 'Type', 'Priority', 'Weight', 'Port', 'Target', 'TTL'],
        rows: [...srv.map((r) => [r.owner, 'SRV', String(r.priority), String(r.weight), String(r.port), r.target, String(r.ttl)]), ...hostRecords(p).map((h) => [h.name, h.type, '', '', '', h.address, String(h.ttl)])],
      },
      ...(srv.some((r) => r.pool !== 'main') ? [{ kind: 'note' as const, text: SRV_PRIORITY_EXPLANATION }] : []),
      {
        kind: 'note',
        text: 'Microsoft\'s pages point the SRV record either at the Access Edge FQDN ("Configure XMPP gateway on Skype for Business Server 2019") or at xmpp.<domain> (the DNS tables of the Edge Server planning pages); either works when the target resolves to the Access Edge PUBLIC address. Never use a CNAME as an SRV target.',
      },
    ],
    checkpoints: [`${code(`Resolve-DnsName -Type SRV _xmpp-server._tcp.${xmppDomains[0] ?? '<domain>'}`)} from outside returns the records above (the wizard's Verification step checks every domain).`],
  }
}

function verify({ p, n }: RunbookContext): RunbookStep {
  return {
    title: 'Verify',
    owner: 'UC admin',
    tool: `${n.managementShell} and the Edge Servers`,
    blocks: [
      {
        kind: 'ul',
        items: [
          `On each Edge Server: ${code('netstat -ano | findstr 5269')} and ${code(`netstat -ano | findstr ${p.inventory.xmppInternalPort}`)} show listening and established connections.`,
          'Services running: on the Edge "Lync Server XMPP Translating Gateway Proxy"; on the Front End "Lync Server XMPP Translating Gateway" (Skype for Business Server 2015: RTCXMPPTGW, "Skype for Business Server XMPP Translating Gateway"). Microsoft does not document the Edge service\'s short name on 2015: look for "XMPP" in the Services console.',
          `If the proxy will not start: Event Viewer, ${label('Applications and Services Logs')}, the ${label('Lync Server')} log. Microsoft documents no XMPP-specific event IDs: read the errors and warnings there.`,
          'Test with one partner contact. With Public unverified partners the Skype for Business user must add the XMPP contact first.',
          `Optional: ${code('Test-CsXmppIM -TargetFqdn <pool> -Receiver <xmpp user> -UserSipAddress <sip user>')}.`,
        ],
      },
    ],
    checkpoints: ['An IM and presence exchange with a contact of each partner works.'],
  }
}

function rollback({ n }: RunbookContext): RunbookStep {
  return {
    title: 'Rollback (if needed)',
    owner: 'UC admin',
    tool: `${n.managementShell} (xmpp-rollback.ps1)`,
    blocks: [
      {
        kind: 'p',
        text: `Run ${code('xmpp-rollback.ps1')} (first with ${code('-WhatIf')}) from the folder where ${code('xmpp-config.ps1')} ran: it restores from ${code(PRECHANGE_STATE_FILE)}, including values that were empty before. DNS records, firewall rules and certificates are reverted by their owners by hand.`,
      },
    ],
    checkpoints: ['A second rollback run reports "Changes made: 0".'],
  }
}

function intro({ n, plan, retiring }: RunbookContext, generatedAt: string): Block[] {
  const blocks: Block[] = [
    { kind: 'p', text: `Generated by XMPP Gateway Wizard at ${plain(generatedAt)} for ${plain(n.product)}.` },
    {
      kind: 'note',
      text: `Every step runs against the LEGACY ${plain(n.product)} Front End pool, Edge pool and Control Panel. XMPP is not a Skype for Business Server 2019 feature: users who need XMPP stay homed on the legacy pool, and the legacy Edge with the XMPP proxy is not migrated to 2019.`,
    },
    // Steps 6 (the first policy) to the gateway settings step, after one step per policy.
    {
      kind: 'p',
      text: `Steps 6 to ${7 + plan.policies.length} are done at once by ${code('xmpp-config.ps1')} (run it with ${code('-WhatIf')} first); the clicks are given for admins who prefer ${label(n.controlPanel)}, and each step shows the Management Shell line the script runs.`,
    },
  ]
  if (n.unknown) blocks.push({ kind: 'note', text: 'The legacy version was not chosen in the wizard: product names are given for both Skype for Business Server 2015 and Lync Server 2013.' })
  if (retiring) blocks.push({ kind: 'note', text: 'Scenario: retire XMPP. The script removes the listed partners and applies the policies as set in the wizard; delete the DNS records and close the firewall rules afterwards.' })
  return blocks
}

/** The runbook as a document: steps with owner, tool, exact labels, shell lines and checkpoints. */
export function runbookDoc(p: ProjectData, o: { generatedAt: string }, plan: ConfigPlan = configPlan(p)): RunbookDoc {
  const n = productNames(p.scenario)
  const ctx: RunbookContext = {
    p,
    n,
    plan,
    retiring: plan.retiring,
    xmppDomains: cleanDomains(p.inventory.xmppDomains),
    members: edgeMembers(p),
    edgePool: normaliseFqdn(p.inventory.edgePoolFqdn) || '(Edge pool)',
  }
  return {
    title: `XMPP federation runbook – ${n.product}`,
    intro: intro(ctx, o.generatedAt),
    steps: [
      beforeYouStart(),
      topology(ctx),
      deploymentWizard(ctx),
      firewall(ctx),
      certificate(ctx),
      // One step per policy, in the project's order (each is its own Control Panel dialog).
      ...plan.policies.map((pp) => policyStep(ctx, pp)),
      partners(ctx),
      federationAndGateway(ctx),
      dns(ctx),
      verify(ctx),
      rollback(ctx),
    ],
  }
}

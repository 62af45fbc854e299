import type { PrerequisiteId } from './model/prerequisites'
import type { HelpLinkId } from './help-links'

export interface PrerequisiteInfo {
  readonly id: PrerequisiteId
  readonly title: string
  /** What to check, in the source's wording where it has one. */
  readonly detail: string
  readonly owner: 'UC admin' | 'Network' | 'DNS' | 'PKI' | 'Change manager'
  readonly source: HelpLinkId
  /** Checked read-only by the pre-flight section of the generated script. */
  readonly preflight?: boolean
}

/** The coexistence checklist P1–P13 of xmpp-gateway-spec.md §5 step 2, with its sources. */
export const PREREQUISITES: readonly PrerequisiteInfo[] = [
  {
    id: 'P1',
    owner: 'UC admin',
    source: 'S3',
    title: 'Legacy pool keeps the XMPP users',
    detail: 'A Skype for Business Server 2015 or Lync Server 2013 pool exists and the users who need XMPP are homed there: they "should remain in the legacy server and should not be moved to a Skype for Business Server 2019 pool".',
  },
  { id: 'P2', owner: 'UC admin', source: 'S3', title: 'Legacy Edge with the XMPP proxy is kept', detail: '"You should not migrate the legacy Edge Server to Skype for Business Server 2019 if you want to continue with XMPP functionality."' },
  { id: 'P3', owner: 'UC admin', source: 'S2', title: 'No XMPP users on a Survivable Branch Appliance', detail: '"XMPP federation is not supported for users who are homed on survivable branch appliances."' },
  {
    id: 'P4',
    owner: 'UC admin',
    source: 'S18',
    preflight: true,
    title: 'Edge pool features in Topology Builder',
    detail: 'The Edge pool has Enable federation for this Edge pool (Port 5061) and Enable XMPP federation (port 5269) selected, and the topology is published.',
  },
  {
    id: 'P5',
    owner: 'UC admin',
    source: 'S8',
    preflight: true,
    title: 'Site federation route for XMPP',
    detail: "The site's Site federation route assignment for XMPP federation shows the legacy Edge Server or Edge pool (Topology Builder: Edit Properties, Enable XMPP federation).",
  },
  { id: 'P6', owner: 'UC admin', source: 'S8', title: 'Deployment Wizard re-run', detail: 'Setup or Remove Skype for Business Server Components was run again on the legacy Front End, then on the Edge, after publishing the topology.' },
  {
    id: 'P7',
    owner: 'UC admin',
    source: 'C11',
    preflight: true,
    title: 'Access Edge allows federated users',
    detail: 'Get-CsAccessEdgeConfiguration shows AllowFederatedUsers = True (the default is False). Setting it enables federation for all partners, not only XMPP.',
  },
  {
    id: 'P8',
    owner: 'UC admin',
    source: 'S8',
    title: 'Accounts and permissions',
    detail: 'RTCUniversalServerAdmins (or the CsAdministrator role) for Control Panel and the Management Shell; Domain Admins as well to publish the topology; local Administrators on the Edge.',
  },
  {
    id: 'P9',
    owner: 'PKI',
    source: 'S12',
    title: 'Public CA for a multi-SAN certificate',
    detail: 'A public certification authority that supports subject alternative names will issue the Edge external certificate with every SIP and XMPP domain as an explicit name.',
  },
  {
    id: 'P10',
    owner: 'Network',
    source: 'S14',
    title: 'Firewall: 5269 and the internal XMPP port',
    detail: 'External TCP 5269 inbound and outbound on the Access Edge address; the internal XMPP port (23456 in the port tables) from the Front End pool to the Edge internal interface.',
  },
  { id: 'P11', owner: 'Network', source: 'S22', title: 'Edge reaches CRLs and DNS', detail: 'The Edge can reach certificate revocation lists (TCP 80) and DNS (TCP/UDP 53) outbound.' },
  { id: 'P12', owner: 'UC admin', source: 'S7', title: 'Partner details collected', detail: 'For each partner: its domains, whether it requires TLS, supports SASL or server dialback, and which CA it trusts.' },
  { id: 'P13', owner: 'Change manager', source: 'S2', title: 'Change window agreed', detail: 'Certificates, gateway and DNS changes "should be performed in parallel to minimize the down time of your XMPP Gateway".' },
]

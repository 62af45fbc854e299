/** The wizard's steps in order (xmpp-gateway-spec.md §5, steps 0–10). */
export const STEP_IDS = ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review', 'verification'] as const
export type StepId = (typeof STEP_IDS)[number]

export interface StepInfo {
  readonly id: StepId
  readonly title: string
  /** Two sentences on why the step exists, shown under its title (issue 6). */
  readonly purpose: string
}

export const STEPS: readonly StepInfo[] = [
  {
    id: 'scenario',
    title: 'Scenario',
    purpose:
      'XMPP is not a Skype for Business Server 2019 feature: it survives only on a legacy Skype for Business Server 2015 or Lync Server 2013 pool and Edge, in coexistence. Saying which deployment this is decides which Management Shell, Control Panel and product names every later step uses.',
  },
  {
    id: 'inventory',
    title: 'Inventory',
    purpose:
      "The policy, partners, certificate, DNS and firewall steps are all derived from a few names and addresses. Enter them once here: the SIP and XMPP domains, the legacy Front End and Edge pools and the Access Edge's public identity.",
  },
  {
    id: 'prerequisites',
    title: 'Prerequisites',
    purpose:
      'The Skype for Business Server 2019 pages leave out what the legacy deployment needs before XMPP can work: the topology, the federation route, the Deployment Wizard, Access Edge federation, accounts and firewall. Confirming them now avoids the commonest outages, an Edge that never listens on 5269.',
  },
  {
    id: 'policy',
    title: 'External Access Policy',
    purpose:
      'Users can talk to XMPP contacts only when a policy with Enable communications with XMPP federated users applies to them. This step defines that External Access Policy and whom it is granted to; per-user policies are not assigned by themselves.',
  },
  { id: 'partners', title: 'XMPP partners', purpose: 'Your users can reach only the XMPP domains on the allowed partners list. Each partner needs a TLS, SASL and dialback combination that both sides support, or sessions never establish.' },
  {
    id: 'gateway',
    title: 'Gateway settings',
    purpose: 'The XMPP gateway has one global configuration with documented defaults that suit most deployments. Change a value here only when you have a reason: only what you change is written to the script.',
  },
  {
    id: 'certificates',
    title: 'Certificates',
    purpose:
      "Partners that validate certificates check the Edge's subject alternative names for your XMPP domain, so a missing name breaks federation silently. This step gets the legacy Edge an external certificate that names the Access Edge, every sip.<domain> and every XMPP domain, from a public CA.",
  },
  {
    id: 'dns',
    title: 'DNS',
    purpose:
      'Partners find your Edge through DNS: without an _xmpp-server._tcp SRV record for each XMPP domain, on port 5269 and pointing at the Access Edge, they cannot connect or verify you by dialback. This step lists the records for the external DNS team.',
  },
  {
    id: 'firewall',
    title: 'Firewall',
    purpose: 'XMPP uses ports that SIP federation does not open: TCP 5269 in and out on the Access Edge and the internal XMPP port from the Front End pool to the Edge. This step gives the network team the rules with your addresses.',
  },
  {
    id: 'review',
    title: 'Review and export',
    purpose:
      'Nothing is changed on your servers by this app: the change is a script you review and run. Check every planned change, then export the idempotent PowerShell for the legacy Management Shell, its rollback, the runbook and the DNS and firewall tables.',
  },
  {
    id: 'verification',
    title: 'Verification',
    purpose: 'Common SSL checkers speak HTTPS, not XMPP on port 5269. Check from this workstation what partners will see: the SRV records, the open port and the certificate the Edge really presents.',
  },
]

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value)
}

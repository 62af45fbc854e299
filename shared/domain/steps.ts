/** The wizard's steps in order (xmpp-gateway-spec.md §5, steps 0–10). */
export const STEP_IDS = [
  'scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway',
  'certificates', 'dns', 'firewall', 'review', 'verification',
] as const
export type StepId = (typeof STEP_IDS)[number]

export interface StepInfo {
  readonly id: StepId
  readonly title: string
  /** One sentence on why the step exists, shown under its title. */
  readonly purpose: string
}

export const STEPS: readonly StepInfo[] = [
  { id: 'scenario', title: 'Scenario', purpose: 'Say which deployment this is. XMPP is not a Skype for Business Server 2019 feature: it survives only on a legacy Skype for Business Server 2015 or Lync Server 2013 pool and Edge, in coexistence.' },
  { id: 'inventory', title: 'Inventory', purpose: 'Name the SIP and XMPP domains, the legacy Front End and Edge pools and the Access Edge addresses that every later step builds on.' },
  { id: 'prerequisites', title: 'Prerequisites', purpose: 'Confirm the coexistence prerequisites that the Skype for Business Server 2019 pages leave out: topology, federation route, Deployment Wizard, Access Edge federation, accounts and firewall.' },
  { id: 'policy', title: 'External Access Policy', purpose: 'Allow users to communicate with XMPP federated users: an External Access Policy with Enable communications with XMPP federated users selected, assigned to them.' },
  { id: 'partners', title: 'XMPP partners', purpose: 'Configure one XMPP federated partner for each XMPP domain your users may talk to, with a negotiation setting that both sides support.' },
  { id: 'gateway', title: 'Gateway settings', purpose: 'Change the global XMPP gateway configuration only where the defaults do not suit you.' },
  { id: 'certificates', title: 'Certificates', purpose: 'Give the legacy Edge an external certificate whose subject alternative names cover the Access Edge, every sip.<domain> and every XMPP domain.' },
  { id: 'dns', title: 'DNS', purpose: 'Publish an _xmpp-server._tcp SRV record on port 5269 for each XMPP domain, pointing at the Access Edge.' },
  { id: 'firewall', title: 'Firewall', purpose: 'Open TCP 5269 in and out on the Access Edge and the internal XMPP port from the Front End pool to the Edge.' },
  { id: 'review', title: 'Review and export', purpose: 'Review every change and export the idempotent PowerShell for the legacy Management Shell, its rollback, the runbook and the DNS and firewall tables.' },
  { id: 'verification', title: 'Verification', purpose: 'Check from this workstation what the outside world will see: the SRV records, the port and the certificate the Edge presents.' },
]

export function isStepId(value: string): value is StepId {
  return (STEP_IDS as readonly string[]).includes(value)
}

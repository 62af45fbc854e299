import type { Page } from '@playwright/test'
import type { Host } from './fixtures'

/** A complete, valid small deployment: what an admin would have entered by the Review step. */
export const SAMPLE_PROJECT_DATA = {
  scenario: { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' },
  inventory: {
    sipDomains: ['contoso.com'],
    xmppDomains: ['contoso.com'],
    frontEndPools: ['pool01.contoso.local'],
    edgePoolFqdn: 'edgepool.contoso.local',
    edgeMembers: ['edge01.contoso.local'],
    accessEdgeFqdn: 'sip.contoso.com',
    webConfEdgeFqdn: 'webconf.contoso.com',
    avEdgeFqdn: 'av.contoso.com',
    accessEdgePublicIpv4: '131.107.155.10',
    sites: [{ name: 'Redmond', xmppRouteEdgePool: 'edgepool.contoso.local' }],
  },
  prerequisites: { items: { P1: { status: 'done', evidence: 'CHG-1' }, P2: { status: 'done', evidence: 'CHG-1' } } },
  policy: { policies: [{ scope: 'user', name: 'XmppFederatedUsers', assignTo: { users: ['alice@contoso.com'] } }] },
  partners: {
    partners: [{ domain: 'fabrikam.com', partnerType: 'Federated', tls: 'Required', sasl: 'NotSupported', dialback: true }],
  },
}

/** Calls the host's RPC with the per-launch token, as the renderer does. */
export async function rpc<T = unknown>(page: Page, host: Host, route: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${host.origin}/rpc/${route}`, { data: input, headers: { 'x-xgw-token': host.token } })
  const body = (await res.json()) as { ok: boolean; value?: T; error?: unknown }
  if (!body.ok) throw new Error(`${route}: ${JSON.stringify(body.error)}`)
  return body.value as T
}

/** Creates a project holding SAMPLE_PROJECT_DATA with every step visited, then opens the app. */
export async function seedProject(page: Page, host: Host, name = 'Contoso federation'): Promise<void> {
  const created = await rpc<{ id: string }>(page, host, 'project.create', { name })
  const data = {
    ...SAMPLE_PROJECT_DATA,
    wizard: { currentStep: 'scenario', visited: ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review', 'verification'] },
  }
  await rpc(page, host, 'project.save', { id: created.id, data })
  await page.goto(host.url)
}

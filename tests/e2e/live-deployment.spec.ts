import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { test, expect, type Host } from './fixtures'
import { rpc } from './seed'
import { sampleLive } from '../helpers/live-sample'

/**
 * Issue 15 "Proof" in the real browser host: Read from my deployment → review the differences →
 * accept → the steps are filled; Verification shows the drift report; the start screen shows the
 * Edge certificate's expiry.
 */

/** Serious or critical axe findings, as the accessibility spec counts them. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return [...result.violations, ...result.incomplete.filter((v) => v.id === 'duplicate-id-aria')].filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

const json = (value: unknown) => ({ name: 'xgw-deployment.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(value)) })

async function openOn(page: Page, host: Host, step: string): Promise<string> {
  const created = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Contoso live' })
  await rpc(page, host, 'project.save', {
    id: created.id,
    data: { wizard: { currentStep: step, visited: ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review', 'verification'] } },
  })
  await page.goto(host.url)
  return created.id
}

test('Read from my deployment: a bad file changes nothing; review, accept, the steps are filled; Verification shows the drift', async ({ page, host }) => {
  await openOn(page, host, 'inventory')
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible()
  await page.getByRole('button', { name: 'Read from my deployment…' }).click()

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('live-collector').click()])
  expect(download.suggestedFilename()).toBe('xgw-collect.ps1')
  const script = await readFile(await download.path(), 'utf8')
  expect(script).toContain('Get-CsXmppAllowedPartner')

  // A truncated file: a coded error, and the Inventory stays empty.
  await page.getByTestId('live-file').setInputFiles({ ...json(null), buffer: Buffer.from(JSON.stringify(sampleLive()).slice(0, 900)) })
  await expect(page.getByTestId('live-error')).toContainText('LIVE_DATA_INVALID')
  await expect(page.getByTestId('live-error')).toContainText('ends in the middle')
  await expect(page.locator('#inv-access')).toHaveValue('')

  await page.getByTestId('live-file').setInputFiles(json(sampleLive()))
  const review = page.getByTestId('live-review')
  await expect(review).toBeVisible()
  const inventory = page.getByTestId('live-section-inventory')
  await expect(inventory.getByRole('row', { name: /Access Edge external FQDN/ })).toContainText('sip.contoso.com')
  await expect(page.getByTestId('live-section-partners')).toContainText('jabber.example.org')
  await expect(page.getByTestId('live-section-prerequisites')).toContainText('AllowFederatedUsers = True')
  expect(await axe(page), 'the review of a deployment read').toEqual([])
  // Leave the gateway section: it stays as the project has it.
  await page.getByLabel(/Take XMPP gateway settings/).uncheck()
  await page.getByTestId('live-accept').click()
  await expect(page.getByTestId('live-status')).toContainText('Taken from the deployment: Inventory, External Access Policy, XMPP federated partners, Edge certificate, Prerequisites')
  await expect(page.locator('#inv-access')).toHaveValue('sip.contoso.com')
  await expect(page.locator('#inv-edge-pool')).toHaveValue('edge.contoso.local')

  await page
    .getByRole('button', { name: /XMPP partners/ })
    .first()
    .click()
  await expect(page.getByText('jabber.example.org').first()).toBeVisible()

  await page
    .getByRole('button', { name: /Verification/ })
    .first()
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Verification' })).toBeVisible()
  const drift = page.getByTestId('drift-report')
  // The read kept at the import is compared as soon as the step opens.
  await expect(drift.getByTestId('drift-verdict')).toContainText('Everything matches the plan')

  const changed = sampleLive()
  ;(changed.xmppAllowedPartners as Array<Record<string, unknown>>)[0]!.tlsNegotiation = 'Optional'
  await drift.getByTestId('drift-file').setInputFiles(json(changed))
  await expect(drift.getByTestId('drift-verdict')).toContainText('Drift: 1 of')
  const row = drift.locator('tr[data-status="differs"]')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('XmppAllowedPartner jabber.example.org')
  await expect(row).toContainText('TlsNegotiation')
  await expect(row.locator('td').nth(2)).toHaveText('Required')
  await expect(row.locator('td').nth(3)).toHaveText('Optional')
  expect(await axe(page), 'the drift report').toEqual([])
})

test("the start screen shows each project's Edge certificate expiry with the days left", async ({ page, host }) => {
  const soon = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Expiring Edge' })
  const applied = await rpc<{ data: unknown }>(page, host, 'live.apply', { projectData: {}, source: { content: JSON.stringify(sampleLive(new Date(), 20)) }, take: ['inventory', 'certificates'], projectId: soon.id })
  await rpc(page, host, 'project.save', { id: soon.id, data: applied.data })
  const fresh = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Fresh Edge' })
  await rpc(page, host, 'live.apply', { projectData: {}, source: { content: JSON.stringify(sampleLive(new Date(), 200)) }, take: ['certificates'], projectId: fresh.id })
  // No project open (as when the workspace was closed with none active): the start screen lists them all.
  const file = join(host.dataDir, 'project.json')
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), activeProjectId: null }))
  await host.restart()
  await page.goto(host.url)
  await expect(page.getByRole('heading', { level: 2, name: 'Recent projects' })).toBeVisible()
  const soonItem = page.getByRole('listitem').filter({ hasText: 'Expiring Edge' })
  await expect(soonItem.getByTestId('cert-expiry')).toContainText(/CN=sip\.contoso\.com expires in (19|20) days/)
  await expect(soonItem.locator('[data-level]')).toHaveAttribute('data-level', 'warn-30')
  const freshItem = page.getByRole('listitem').filter({ hasText: 'Fresh Edge' })
  await expect(freshItem.locator('[data-level]')).toHaveAttribute('data-level', 'ok')
  expect(await axe(page), 'the start screen with expiry').toEqual([])
})

test('pasted Get-CsExternalAccessPolicy / Get-CsXmppAllowedPartner output goes through the same review', async ({ page, host }) => {
  await openOn(page, host, 'inventory')
  await page.getByRole('button', { name: 'Read from my deployment…' }).click()
  await page.getByLabel(/Pasted Get-CsExternalAccessPolicy/).check()
  await page
    .getByLabel(/Output of .*Get-CsXmppAllowedPartner/)
    .fill(JSON.stringify([{ Identity: 'chat.fabrikam.net', PartnerType: 'PublicVerified', TlsNegotiation: 'Required', SaslNegotiation: 'Optional', SupportDialbackNegotiation: false }]))
  await page.getByTestId('live-read-paste').click()
  await expect(page.getByTestId('live-review')).toBeVisible()
  await expect(page.locator('[data-testid^="live-section-"]')).toHaveCount(1)
  await expect(page.getByTestId('live-section-partners')).toContainText('PublicVerified, TLS Required, SASL Optional, dialback false')
  await page.getByTestId('live-accept').click()
  await expect(page.getByTestId('live-status')).toContainText('Taken from the deployment: XMPP federated partners')
  await page
    .getByRole('button', { name: /XMPP partners/ })
    .first()
    .click()
  await expect(page.getByText('chat.fabrikam.net').first()).toBeVisible()
})

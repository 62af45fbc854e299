import { test, expect } from './fixtures'
import { SAMPLE_PROJECT_DATA, rpc } from './seed'

/**
 * Two tabs on one project: the second tab's save, based on the revision it loaded, is refused
 * once the first tab has saved; it says "Changed in another window", shows what reloading would
 * discard, and never claims "All changes saved" for a change that was not written.
 */
test('two tabs: a stale save is refused, the tab says so, shows what would be lost and reloads', async ({ page, host, context }) => {
  const created = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Two tabs' })
  await rpc(page, host, 'project.save', { id: created.id, data: { ...SAMPLE_PROJECT_DATA, wizard: { currentStep: 'inventory', visited: ['scenario', 'inventory'] } } })

  const a = page
  const b = await context.newPage()
  await a.goto(host.url)
  await b.goto(host.url)
  for (const tab of [a, b]) await expect(tab.getByLabel('Site name')).toHaveValue('Redmond')

  await a.getByLabel('Site name').fill('Paris')
  await a.getByLabel('Site name').blur()
  await expect(a.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()

  await b.getByLabel('Site name').fill('Berlin')
  await b.getByLabel('Site name').blur()
  const banner = b.getByTestId('conflict-banner')
  await expect(banner).toContainText('Changed in another window')
  await expect(b.getByRole('status').filter({ hasText: 'Not saved: changed in another window' })).toBeVisible()
  await expect(b.getByRole('status').filter({ hasText: 'All changes saved' })).toHaveCount(0)
  // The first tab's save is what is on disk; the refused one wrote nothing.
  const saved = await rpc<{ data: { inventory: { sites: { name: string }[] } } }>(page, host, 'project.open', { id: created.id })
  expect(saved.data.inventory.sites[0]!.name).toBe('Paris')

  await b.getByRole('button', { name: 'Show what reloading would discard' }).click()
  await expect(b.getByTestId('conflict-lost')).toContainText('inventory.sites.0.name: "Berlin" → "Paris"')
  await b.getByRole('button', { name: 'Reload' }).click()
  await expect(banner).toHaveCount(0)
  await expect(b.getByLabel('Site name')).toHaveValue('Paris')

  // After reloading, the second tab saves normally again, and now the first tab is the stale one.
  await b.getByLabel('Site name').fill('Rome')
  await b.getByLabel('Site name').blur()
  await expect(b.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
  await a.getByLabel('Site name').fill('Oslo')
  await a.getByLabel('Site name').blur()
  await expect(a.getByTestId('conflict-banner')).toContainText('Changed in another window')
  // "Keep my version" is an explicit choice: only then is the other change replaced.
  await a.getByRole('button', { name: 'Keep my version' }).click()
  await expect(a.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
  const final = await rpc<{ data: { inventory: { sites: { name: string }[] } } }>(page, host, 'project.open', { id: created.id })
  expect(final.data.inventory.sites[0]!.name).toBe('Oslo')
})

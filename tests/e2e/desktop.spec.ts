import { test, expect } from './fixtures'
import { seedProject } from './seed'

test('closing the tab while a change is still being saved asks first, and the change is saved', async ({ page, host }) => {
  await seedProject(page, host)
  await page.locator('.step-nav [data-step="inventory"]').click()
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
  await page.getByLabel('Access Edge public IPv4 address').fill('131.107.155.99')
  const dialog = page.waitForEvent('dialog')
  await page.close({ runBeforeUnload: true })
  const d = await dialog
  expect(d.type()).toBe('beforeunload')
  await d.dismiss()
  // The change was flushed while the admin decided: the host has it.
  await expect
    .poll(async () => {
      const res = await page.request.post(`${host.origin}/rpc/project.current`, { data: {}, headers: { 'x-xgw-token': host.token } })
      return ((await res.json()) as { value: { data: { inventory: { accessEdgePublicIpv4: string } } } }).value.data.inventory.accessEdgePublicIpv4
    })
    .toBe('131.107.155.99')
})

test('diagnostics: copy text with versions and the data directory; theme override sticks across reloads', async ({ page, host }) => {
  await seedProject(page, host)
  await page.getByRole('menuitem', { name: 'Help' }).click()
  await page.getByRole('menuitem', { name: 'Diagnostics…' }).click()
  const text = page.getByRole('textbox', { name: 'Diagnostics text' })
  await expect(text).toHaveValue(/XMPP Gateway Wizard \d+\.\d+\.\d+ \(browser\)/)
  await expect(text).toHaveValue(new RegExp(`Data directory: ${host.dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  await page.getByRole('button', { name: 'Open log folder' }).click()
  await expect(page.getByText(/Log folder: /)).toContainText(`${host.dataDir}/logs`)
  await page.keyboard.press('Escape')
  await expect(text).toBeHidden()
  await page.getByRole('menuitem', { name: 'View' }).click()
  await page.getByRole('menuitemradio', { name: 'Theme: dark' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
  expect(bg).toBe('rgb(20, 23, 28)')
})

import { test, expect } from './fixtures'

test('Scenario, Inventory and Prerequisites: inline errors, then valid values that survive a reload and a restart', async ({ page, host }) => {
  await page.goto(host.url)
  // The token leaves the address bar at once.
  await expect(page).not.toHaveURL(/token=/)
  await expect(page.getByRole('heading', { name: 'XMPP stays on the legacy pool and Edge' })).toBeVisible()
  await page.getByLabel('Project name').fill('Contoso lab')
  await page.getByRole('button', { name: 'Create project' }).click()

  // Scenario: Next with nothing chosen shows both errors and stays.
  await expect(page.getByRole('heading', { level: 1, name: 'Scenario' })).toBeVisible()
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByText('Choose the deployment scenario.')).toBeVisible()
  await expect(page.getByText(/Choose the legacy version that hosts XMPP/)).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: 'Scenario' })).toBeVisible()
  await page.getByLabel(/Coexistence with Skype for Business Server 2019/).check()
  await page.getByRole('radio', { name: 'Skype for Business Server 2015', exact: true }).check()
  await expect(page.getByText('Choose the deployment scenario.')).toHaveCount(0)
  await page.getByRole('button', { name: 'Next' }).click()

  // Inventory: invalid values first.
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible()
  await page.getByLabel('SIP domains').fill('Contoso.COM\nbad_domain.com')
  await page.getByLabel('XMPP-enabled domains').fill('other.org')
  await page.getByLabel('Access Edge external FQDN').fill('*.contoso.com')
  await page.getByLabel('Access Edge public IPv4 address').fill('10.0.0.5')
  await page.getByLabel('Access Edge public IPv4 address').blur()
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByText('bad_domain.com: Underscores are not allowed in host and domain names.')).toBeVisible()
  await expect(page.getByText(/other\.org is neither a SIP domain nor a sub-domain of one/)).toBeVisible()
  await expect(page.getByText('Wildcards are not supported here: name each host and domain explicitly.')).toBeVisible()
  await expect(page.getByText(/10\.0\.0\.5 is a private address/)).toBeVisible()
  await expect(page.getByText(/problems need fixing before the next step/)).toBeVisible()
  await expect(page.getByLabel('SIP domains')).toHaveValue('contoso.com\nbad_domain.com') // normalised on leaving the field
  await expect(page.getByLabel('SIP domains')).toHaveAttribute('aria-invalid', 'true')

  // Then valid ones.
  await page.getByLabel('SIP domains').fill('contoso.com\nfabrikam.com')
  await page.getByLabel('XMPP-enabled domains').fill('contoso.com')
  await page.getByLabel('Legacy Front End pool FQDNs running the XMPP Gateway').fill('pool01.contoso.local')
  await page.getByLabel('Legacy Edge pool FQDN (internal)').fill('edgepool.contoso.local')
  await page.getByLabel('Edge member server FQDNs').fill('edge01.contoso.local\nedge02.contoso.local')
  await page.getByLabel('Access Edge external FQDN').fill('sip.contoso.com')
  await page.getByLabel('Web Conferencing Edge external FQDN').fill('webconf.contoso.com')
  await page.getByLabel('Access Edge public IPv4 address').fill('131.107.155.10')
  await page.getByRole('button', { name: 'Add site' }).click()
  await page.getByLabel('Site name').fill('Redmond')
  await page.getByLabel('Site name').blur()
  await expect(page.locator('.msg-error')).toHaveCount(0)
  await expect(page.locator('[data-code="edge.pool.exportable"]')).toBeVisible()
  await page.getByRole('button', { name: 'Next' }).click()

  // Prerequisites: a blocked item is an error.
  await expect(page.getByRole('heading', { level: 1, name: 'Prerequisites' })).toBeVisible()
  await page.locator('#prq-P1-status').selectOption('done')
  await page.locator('#prq-P1-evidence').fill('CHG-1042: users stay on pool01')
  await page.locator('#prq-P4-status').selectOption('blocked')
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByText(/"Edge pool features in Topology Builder" is blocked/)).toBeVisible()
  await expect(page.getByText('1 of 13')).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()

  // Reload: same step, same values.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Prerequisites' })).toBeVisible()
  await expect(page.locator('#prq-P1-status')).toHaveValue('done')
  await expect(page.locator('#prq-P1-evidence')).toHaveValue('CHG-1042: users stay on pool01')
  await expect(page.locator('#prq-P4-status')).toHaveValue('blocked')
  await page.getByRole('button', { name: /Inventory/ }).click()
  await expect(page.getByLabel('Edge member server FQDNs')).toHaveValue('edge01.contoso.local\nedge02.contoso.local')
  await expect(page.getByLabel('Site name')).toHaveValue('Redmond')

  // The move back to Inventory is saved after the next paint: restart only once the host holds it
  // (killing the host mid-save loses that save, as closing the app's window would not).
  await expect
    .poll(async () => {
      const res = await page.request.post(`${host.origin}/rpc/project.current`, { data: {}, headers: { 'x-xgw-token': host.token } })
      return ((await res.json()) as { value: { data: { wizard: { currentStep: string } } } }).value.data.wizard.currentStep
    })
    .toBe('inventory')
  // Restart the host (a new token, as after closing the app): still all there.
  await host.restart()
  await page.goto(host.url)
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible()
  await expect(page.getByLabel('Access Edge public IPv4 address')).toHaveValue('131.107.155.10')
  await page.getByRole('button', { name: /Scenario/ }).click()
  await expect(page.getByLabel(/Coexistence with Skype for Business Server 2019/)).toBeChecked()
  await expect(page.getByRole('radio', { name: 'Skype for Business Server 2015', exact: true })).toBeChecked()
})

test('projects: create a second one, switch, rename, export and import', async ({ page, host }) => {
  await page.goto(host.url)
  await page.getByLabel('Project name').fill('North')
  await page.getByRole('button', { name: 'Create project' }).click()
  await page.getByLabel(/Legacy deployment only/).check()
  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New project name').fill('North pool')
  await page.getByRole('button', { name: 'Rename' }).click()
  await expect(page.locator('#project-select option:checked')).toHaveText('North pool')
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export project' }).click()
  const file = await (await download).path()
  await page.locator('[data-testid="import-project-file"]').setInputFiles(file)
  await expect(page.locator('#project-select option:checked')).toHaveText('North pool (2)')
  await expect(page.getByLabel(/Legacy deployment only/)).toBeChecked()
  // A request without the token is refused by the host.
  const res = await page.request.post(`${host.origin}/rpc/project.list`, { data: {} })
  expect(res.status()).toBe(401)
})

import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { unzipSync } from 'fflate'
import { STEPS } from '../../shared/domain/steps'
import { test, expect } from './fixtures'
import { rpc, seedProject } from './seed'

type Page = import('@playwright/test').Page

/** True when the element lies fully inside the viewport (no scrolling needed to see it). */
async function fullyVisible(page: Page, selector: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await selector.boundingBox()
  const vp = page.viewportSize()!
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height && box.x + box.width <= vp.width
}

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`${viewport.width}x${viewport.height}`, () => {
    test.use({ viewport })

    test('Next (Finish on the last step) is visible without scrolling on every step, and the numbering matches the list', async ({ page, host }) => {
      await seedProject(page, host)
      for (const [i, step] of STEPS.entries()) {
        await page.locator(`.step-nav [data-step="${step.id}"]`).click()
        await expect(page.getByRole('heading', { level: 1, name: step.title })).toBeVisible()
        await expect(page.locator('.step-counter')).toHaveText(`Step ${i + 1} of 11`)
        await expect(page.locator(`.step-nav [data-step="${step.id}"] .step-number`)).toHaveText(String(i + 1))
        const forward = page.locator('.step-footer').getByRole('button', { name: i === STEPS.length - 1 ? 'Finish' : 'Next', exact: true })
        expect(await fullyVisible(page, forward), `${step.title}: forward button on screen`).toBe(true)
        expect(await fullyVisible(page, page.locator('.step-footer').getByRole('button', { name: 'Back', exact: true })), step.title).toBe(true)
        // The window itself never scrolls: only the step does, above the footer.
        expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1), step.title).toBe(true)
      }
    })

    test('Finish shows what to do next; every dialog fits the screen above its backdrop', async ({ page, host }) => {
      await seedProject(page, host)
      await page.locator('.step-nav [data-step="verification"]').click()
      await page.getByRole('button', { name: 'Finish', exact: true }).click()
      const finish = page.getByRole('dialog', { name: 'What next' })
      await expect(finish).toBeVisible()
      await expect(finish).toContainText('_xmpp-server._tcp SRV record on port 5269 for contoso.com, pointing at sip.contoso.com')
      await expect(finish).toContainText('Tell each partner (fabrikam.com)')
      expect(await fullyVisible(page, finish)).toBe(true)
      // Nothing is drawn above the modal: the topmost element at its centre belongs to the dialog.
      const onTop = await finish.evaluate((d) => {
        const r = d.getBoundingClientRect()
        return d.contains(document.elementFromPoint(r.x + r.width / 2, r.y + 10))
      })
      expect(onTop).toBe(true)
      await finish.getByRole('button', { name: 'Close' }).click()

      for (const [menu, item, name] of [
        ['Help', 'Diagnostics…', 'Diagnostics'],
        ['Help', 'About XMPP Gateway Wizard', 'About XMPP Gateway Wizard'],
      ] as const) {
        await page.getByRole('menuitem', { name: menu, exact: true }).click()
        await page.getByRole('menuitem', { name: item }).click()
        const dialog = page.getByRole('dialog', { name })
        await expect(dialog).toBeVisible()
        expect(await fullyVisible(page, dialog), name).toBe(true)
        await page.keyboard.press('Escape')
        await expect(dialog).toBeHidden()
      }
    })
  })
}

test("context menu on a text field is the app's own, and its Paste pastes", async ({ page, host, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
  await seedProject(page, host)
  await page.locator('.step-nav [data-step="inventory"]').click()
  const field = page.getByLabel('Access Edge public IPv4 address')
  await field.fill('')
  await page.evaluate(() => navigator.clipboard.writeText('131.107.155.77'))
  // Did the page stop the browser's own menu? (A handler registered last sees the final verdict.)
  await page.evaluate(() => window.addEventListener('contextmenu', (e) => ((window as unknown as { lastPrevented: boolean }).lastPrevented = e.defaultPrevented)))
  await field.click({ button: 'right' })
  const menu = page.getByRole('menu', { name: 'Edit' })
  await expect(menu).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { lastPrevented: boolean }).lastPrevented)).toBe(true)
  await expect(menu.getByRole('menuitem')).toHaveText(['Cut', 'Copy', 'Paste', 'Select all'])
  await expect(menu.getByRole('menuitem', { name: 'Cut' })).toBeDisabled() // nothing selected
  await menu.getByRole('menuitem', { name: 'Paste' }).click()
  await expect(field).toHaveValue('131.107.155.77')
  await expect(menu).toBeHidden()
  // The pasted value is a real edit: it is saved.
  await expect.poll(async () => (await rpc<{ data: { inventory: { accessEdgePublicIpv4: string } } }>(page, host, 'project.current', {})).data.inventory.accessEdgePublicIpv4).toBe('131.107.155.77')

  // Keyboard: Shift+F10 opens it too; Select all then Copy puts the field's text on the clipboard.
  await field.focus()
  await page.keyboard.press('Shift+F10')
  await expect(menu).toBeVisible()
  await expect(menu.getByRole('menuitem', { name: 'Cut' })).toBeDisabled()
  await page.keyboard.press('ArrowUp') // wraps to Select all
  await page.keyboard.press('Enter')
  await field.click({ button: 'right' })
  await menu.getByRole('menuitem', { name: 'Copy' }).click()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('131.107.155.77')
  // Bare page text gets the browser's own menu: the app does not take over everything.
  await page.evaluate(() => ((window as unknown as { lastPrevented: boolean }).lastPrevented = true))
  await page.locator('.purpose').click({ button: 'right' })
  expect(await page.evaluate(() => (window as unknown as { lastPrevented: boolean }).lastPrevented)).toBe(false)
  await page.keyboard.press('Escape')

  // Inside a modal dialog the menu still comes out on top of it (top layer), not under its backdrop.
  await page.getByRole('menuitem', { name: 'Help', exact: true }).click()
  await page.getByRole('menuitem', { name: 'Diagnostics…' }).click()
  const diag = page.getByRole('textbox', { name: 'Diagnostics text' })
  await diag.click({ button: 'right' })
  await expect(menu).toBeVisible()
  await expect(menu.getByRole('menuitem', { name: 'Paste' })).toBeDisabled() // read-only
  const copyItem = menu.getByRole('menuitem', { name: 'Select all' })
  const box = (await copyItem.boundingBox())!
  expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.textContent, [box.x + box.width / 2, box.y + box.height / 2])).toBe('Select all')
  await copyItem.click()
  await expect(menu).toBeHidden()
})

test('context menu on a code view copies the whole file', async ({ page, host, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
  await seedProject(page, host)
  await page.locator('.step-nav [data-step="review"]').click()
  const code = page.locator('.code-block').first()
  await expect(code).toBeVisible()
  await code.click({ button: 'right' })
  const menu = page.getByRole('menu', { name: 'Edit' })
  await expect(menu.getByRole('menuitem')).toHaveText(['Copy all', 'Select all'])
  await menu.getByRole('menuitem', { name: 'Copy all' }).click()
  const text = await code.textContent()
  expect(text!.length).toBeGreaterThan(100)
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text)
})

test('the sidebar says why a step cannot be opened yet, and why Next is refused', async ({ page, host }) => {
  await page.goto(host.url)
  await page.getByLabel('Project name').fill('Fresh')
  await page.getByRole('button', { name: 'Create project' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Scenario' })).toBeVisible()
  const dns = page.locator('.step-nav [data-step="dns"]')
  await expect(dns).toHaveAttribute('aria-disabled', 'true')
  await expect(dns).toHaveAccessibleDescription('Opens after step 7 (Certificates): the steps open one at a time with Next.')
  // aria-disabled, not disabled: the admin can still click it (and Tab to it) and is told why.
  await dns.click({ force: true })
  await expect(page.locator('.nav-status')).toHaveText('DNS is not open yet. Opens after step 7 (Certificates): the steps open one at a time with Next.')
  await expect(page.getByRole('heading', { level: 1, name: 'Scenario' })).toBeVisible()
  // The next step is open to a click, but the current step's errors keep the admin here, and it says so.
  await page.locator('.step-nav [data-step="inventory"]').click()
  await expect(page.locator('.nav-status')).toHaveText(/Inventory opens when the 2 problems on step 1 \(Scenario\) are fixed\./)
})

test('a click on Next is not lost when a notice appears as the field loses focus', async ({ page, host }) => {
  await seedProject(page, host)
  await page.locator('.step-nav [data-step="inventory"]').click()
  const next = page.getByRole('button', { name: 'Next', exact: true })
  const before = await next.boundingBox()
  // An invalid value: leaving the field shows its error above the footer while the mouse is down.
  await page.getByLabel('Access Edge public IPv4 address').fill('not an address')
  await page.mouse.click(before!.x + before!.width / 2, before!.y + before!.height / 2)
  await expect(page.locator('.step-footer .blocked')).toHaveText(/problem needs fixing before the next step/)
  expect(await next.boundingBox()).toEqual(before)
})

test('File menu: export the project, save the export folder and download it as one .zip', async ({ page, host }) => {
  await seedProject(page, host)
  await page.getByRole('menuitem', { name: 'File', exact: true }).click()
  const projectDownload = page.waitForEvent('download')
  await page.getByRole('menuitem', { name: 'Export project…' }).click()
  expect((await projectDownload).suggestedFilename()).toBe('contoso-federation.xgwproj')

  await page.keyboard.press('Control+s')
  const dialog = page.getByRole('dialog', { name: 'Export saved' })
  await expect(dialog).toBeVisible()
  const folders = await readdir(join(host.dataDir, 'exports'))
  expect(folders).toHaveLength(1)
  const onDisk = (await readdir(join(host.dataDir, 'exports', folders[0]!))).sort()
  await expect(dialog).toContainText(`${onDisk.length} files in ${join(host.dataDir, 'exports', folders[0]!)}`)
  const zipDownload = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Download .zip' }).click()
  const zip = await zipDownload
  expect(zip.suggestedFilename()).toBe(`${folders[0]}.zip`)
  const { readFile } = await import('node:fs/promises')
  const entries = unzipSync(new Uint8Array(await readFile(await zip.path())))
  expect(Object.keys(entries).sort()).toEqual(onDisk)
  for (const name of onDisk) expect(Buffer.from(entries[name]!).equals(await readFile(join(host.dataDir, 'exports', folders[0]!, name))), name).toBe(true)
  // The zip route wants the token and a real export folder name, nothing else.
  expect((await page.request.get(`${host.origin}/export.zip?folder=${folders[0]}`)).status()).toBe(401)
  expect((await page.request.get(`${host.origin}/export.zip?folder=..%2F..%2Fetc`, { headers: { 'x-xgw-token': host.token } })).status()).toBe(404)
  await dialog.getByRole('button', { name: 'Close' }).click()

  // The Review step's own Save offers the same .zip of the folder it just wrote.
  await page.locator('.step-nav [data-step="review"]').click()
  await page.getByRole('button', { name: 'Save export folder' }).click()
  await expect(page.getByTestId('review-save-status')).toContainText('Saved')
  const again = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download .zip' }).click()
  const second = (await readdir(join(host.dataDir, 'exports'))).sort().at(-1)!
  expect((await again).suggestedFilename()).toBe(`${second}.zip`)
})

test("About: versions, the data folder and the licences of what ships; favicon; F1 lists the step's sources", async ({ page, host }) => {
  await seedProject(page, host)
  await page.getByRole('menuitem', { name: 'Help', exact: true }).click()
  await page.getByRole('menuitem', { name: 'About XMPP Gateway Wizard' }).click()
  const about = page.getByRole('dialog', { name: 'About XMPP Gateway Wizard' })
  await expect(about).toContainText(/Version\s*0\.1\.0/)
  await expect(about).toContainText(/Build\s*[0-9a-f]{12}/)
  await expect(about).toContainText(`Node.js${process.versions.node}`.replace('Node.js', 'Node.js'))
  await expect(about).toContainText(host.dataDir)
  const licences = about.getByRole('region', { name: 'Third-party licences' })
  for (const p of ['zod', 'node-forge', 'lowdb', 'steno', 'pinia', '@vue/runtime-dom', 'electron']) await expect(licences).toContainText(p)
  await licences.getByText(/^node-forge .*BSD-3-Clause/).click()
  await expect(licences).toContainText('Copyright')
  await page.keyboard.press('Escape')

  const href = await page.locator('link[rel="icon"]').getAttribute('href')
  const icon = await page.request.get(new URL(href!, host.url).href)
  expect(icon.status()).toBe(200)
  expect(icon.headers()['content-type']).toMatch(/^image\/png/)

  await page.locator('.step-nav [data-step="dns"]').click()
  await page.keyboard.press('F1')
  const help = page.getByRole('dialog', { name: 'Microsoft sources for this step' })
  await expect(help).toBeVisible()
  const links = await help.getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))
  expect(links.length).toBeGreaterThan(0)
  expect(links.every((l) => l.startsWith('https://'))).toBe(true)
  expect(links).toEqual(await page.locator('.step-header .help-links a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href)))
})

test('menu bar works from the keyboard and holds the theme; a dark theme paints dark before the app runs', async ({ page, host }) => {
  await seedProject(page, host)
  const file = page.getByRole('menuitem', { name: 'File', exact: true })
  await file.focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('menuitem', { name: 'View', exact: true })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('menuitemradio', { name: 'Theme: system' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await page.getByRole('menuitem', { name: 'View', exact: true }).click()
  await expect(page.getByRole('menuitemradio', { name: 'Theme: dark' })).toHaveAttribute('aria-checked', 'true')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menuitem', { name: 'View', exact: true })).toBeFocused()
  // The theme and diagnostics controls sit in the page's banner landmark.
  await expect(page.getByRole('banner').getByRole('menubar', { name: 'Application' })).toBeVisible()

  // Without the app's script, theme-boot.js alone already paints the saved dark theme: no white flash.
  await page.route('**/assets/*.js', (route) => route.abort())
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(20, 23, 28)')
  expect(await page.locator('#app').innerHTML()).toBe('')
})

import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { seedProject } from './seed'

// Real files made with the openssl CLI in a temp directory: a test root and intermediate CA, a
// leaf for sip.contoso.com that lacks the XMPP domain SAN, and a correct leaf. Passwords reach
// openssl through files, never argv.
const PFX_PASSWORD = 'Pfx-Passw0rd-2025'
const EXPORT_PASSWORD = 'Export-Passw0rd-2025'
const STORE_PASSPHRASE = 'store passphrase 2025'
let dir = ''

const ossl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
const write = (name: string, data: string | Buffer) => writeFileSync(join(dir, name), data)

function leaf(name: string, sans: string[]) {
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`])
  ossl(['req', '-new', '-key', `${name}.key`, '-subj', '/C=US/O=Contoso/CN=sip.contoso.com', '-out', `${name}.csr`])
  write(
    `${name}.ext`,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      `subjectAltName=${sans.map((s) => `DNS:${s}`).join(',')}`,
      'crlDistributionPoints=URI:http://pki.example.test/int.crl',
    ].join('\n'),
  )
  ossl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-days', '365', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`])
  ossl(['pkcs12', '-export', '-in', `${name}.pem`, '-inkey', `${name}.key`, '-certfile', 'chain.pem', '-name', `Edge ${name}`, '-passout', 'file:pfx.pw', '-out', `${name}.pfx`])
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xgw-e2e-pki-'))
  write('pfx.pw', PFX_PASSWORD)
  write('export.pw', EXPORT_PASSWORD)
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'root.key'])
  ossl([
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/C=US/O=XGW Test/CN=XGW Test Root',
    '-days',
    '3650',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-out',
    'root.pem',
  ])
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'int.key'])
  ossl(['req', '-new', '-key', 'int.key', '-subj', '/C=US/O=XGW Test/CN=XGW Test Issuing CA', '-out', 'int.csr'])
  write('int.ext', 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n')
  ossl(['x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '3000', '-sha256', '-extfile', 'int.ext', '-out', 'int.pem'])
  write('chain.pem', readFileSync(join(dir, 'int.pem'), 'utf8') + readFileSync(join(dir, 'root.pem'), 'utf8'))
  // Missing the XMPP domain contoso.com.
  leaf('missing-xmpp', ['sip.contoso.com', 'webconf.contoso.com'])
  // requiredSans(SAMPLE_PROJECT_DATA): sip.contoso.com, webconf.contoso.com, (sip.contoso.com), contoso.com.
  leaf('edge', ['sip.contoso.com', 'webconf.contoso.com', 'contoso.com'])
  const pfx = readFileSync(join(dir, 'edge.pfx'))
  write('truncated.pfx', pfx.subarray(0, Math.floor(pfx.length / 2)))
})
test.afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function openCertificates(page: Page) {
  await page.locator('.step-nav [data-step="certificates"]').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Certificates' })).toBeVisible()
}

/** Picks a file through the drop zone button and the browser's file chooser. */
async function choose(page: Page, buttonName: RegExp, file: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: buttonName }).click()])
  await chooser.setFiles(join(dir, file))
}

async function givePassword(page: Page, file: string, password: string) {
  const dialog = page.getByRole('dialog', { name: `Password for ${file}` })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Password', { exact: true }).fill(password)
  await dialog.getByRole('button', { name: 'Open file' }).click()
}

/** Serious and critical axe violations (WCAG 2.1 A/AA) on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

const codes = (page: Page) =>
  page
    .getByTestId('cert-card')
    .locator('.finding')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.code))

test('import a PFX by the file chooser, see SAN_MISSING, fix it, store and tag it, export a compatible PFX that openssl reads', async ({ page, host }) => {
  await seedProject(page, host)
  await openCertificates(page)
  await page.getByRole('radio', { name: /Import a PFX/ }).check()

  // The wrong certificate: password prompt, then the findings and the verdict.
  await choose(page, /Choose the PFX file/, 'missing-xmpp.pfx')
  await givePassword(page, 'missing-xmpp.pfx', PFX_PASSWORD)
  const card = page.getByTestId('cert-card')
  await expect(card.getByTestId('cert-verdict')).toContainText('Fail')
  const san = card.locator('[data-code="SAN_MISSING"]')
  await expect(san).toHaveAttribute('data-severity', 'error')
  await expect(san.locator('.san-name')).toHaveText(['contoso.com'])
  // The test CA is a private root: without an anchor the runtime's public roots are the measure.
  expect(await codes(page)).toEqual(['SAN_MISSING', 'UNTRUSTED_CHAIN'])
  await expect(page.locator('[data-testid="cert-sans"] [data-san="contoso.com"]')).toHaveClass(/san-missing/)
  await expect(card.getByTestId('cert-card-facts')).toContainText('CN=sip.contoso.com')
  await expect(card.getByTestId('cert-card-chain-list').locator('li')).toHaveCount(3)
  expect(await axe(page), 'certificate card with findings').toEqual([])

  // The right certificate (PFX with chain): SAN_MISSING is gone; what remains is the private root,
  // explained as the reason partners will refuse it (a public CA is a prerequisite).
  await choose(page, /Choose the PFX file/, 'edge.pfx')
  await givePassword(page, 'edge.pfx', PFX_PASSWORD)
  await expect(card.getByTestId('cert-verdict')).toContainText('Fail')
  expect(await codes(page)).toEqual(['UNTRUSTED_CHAIN'])
  await expect(card.locator('[data-code="UNTRUSTED_CHAIN"]')).toContainText('private (enterprise) root')
  await expect(card.locator('[data-code="UNTRUSTED_CHAIN"]')).toContainText('Public CA for a multi-SAN certificate')
  await expect(card.locator('[data-code="UNTRUSTED_CHAIN"]')).not.toContainText('given trust anchor')
  await expect(card.getByTestId('cert-trust')).toContainText('bundled with Node.js')
  await expect(page.locator('[data-testid="cert-sans"] [data-san="contoso.com"]')).toHaveClass(/san-ok/)
  const thumbprint = (await card.getByTestId('cert-thumbprint').textContent())!.trim()
  const expected = ossl(['x509', '-in', 'edge.pem', '-noout', '-fingerprint', '-sha1']).toString().split('=')[1]!.trim().replace(/:/g, '')
  expect(thumbprint).toBe(expected)

  // The store: passphrase on first use, import, tag for the Edge.
  await page.getByLabel('New store passphrase').fill(STORE_PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(STORE_PASSPHRASE)
  await page.getByRole('button', { name: 'Set passphrase' }).click()
  await expect(page.getByTestId('store-status')).toContainText('Unlocked')
  await page.getByRole('button', { name: 'Add to the store' }).click()
  await expect(page.getByTestId('store-message')).toContainText('3 added')
  await expect(page.getByTestId('store-message')).toContainText('1 paired')
  await page.getByRole('button', { name: 'Use for the Edge: sip.contoso.com' }).click()
  await expect(page.getByTestId('edge-thumbprint')).toHaveText(thumbprint)
  await expect(page.locator(`[data-thumbprint="${thumbprint}"]`)).toContainText('Edge')

  // Export as PFX, compatible profile (the default), with a password typed twice.
  await page.getByRole('button', { name: 'Export sip.contoso.com' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export certificate' })
  await expect(dialog.getByRole('radio', { name: /PFX \/ PKCS#12/ })).toBeChecked()
  await expect(dialog.getByRole('radio', { name: /Compatible/ })).toBeChecked()
  await expect(dialog).toContainText('Windows Server 2012 R2 through 2025')
  expect(await axe(page), 'export dialog').toEqual([])
  await dialog.getByLabel('PFX password').fill(EXPORT_PASSWORD)
  await dialog.getByLabel('Type the password again').fill(EXPORT_PASSWORD)
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export and download' }).click()])
  expect(download.suggestedFilename()).toBe('sip.contoso.com.pfx')
  await expect(dialog).toBeHidden()
  const out = join(dir, 'exported.pfx')
  await download.saveAs(out)

  // openssl 3 reads it without -legacy; the leaf is there; keys and certificates use 3DES.
  const read = spawnSync('openssl', ['pkcs12', '-in', out, '-nokeys', '-passin', `file:${join(dir, 'export.pw')}`], { encoding: 'utf8' })
  expect(read.status, read.stderr).toBe(0)
  expect(read.stdout).toMatch(/subject=.*CN\s?=\s?sip\.contoso\.com/)
  expect(read.stdout).toContain('XGW Test Issuing CA')
  const info = spawnSync('openssl', ['pkcs12', '-info', '-in', out, '-noout', '-passin', `file:${join(dir, 'export.pw')}`], { encoding: 'utf8' })
  expect(info.status, info.stderr).toBe(0)
  expect(info.stdout + info.stderr).toContain('pbeWithSHA1And3-KeyTripleDES-CBC')
  expect(info.stdout + info.stderr).toMatch(/MAC: sha1/)
})

test('a wrong password says "wrong password or damaged file"; a truncated file says it was cut off', async ({ page, host }) => {
  await seedProject(page, host)
  await openCertificates(page)
  await page.getByRole('radio', { name: /Import a PFX/ }).check()

  await choose(page, /Choose the PFX file/, 'edge.pfx')
  await givePassword(page, 'edge.pfx', 'not the password')
  const dialog = page.getByRole('dialog', { name: 'Password for edge.pfx' })
  await expect(dialog.getByRole('alert')).toContainText(/wrong password or damaged file/i)
  // Esc closes the prompt; focus returns to the drop zone; the error stays with what to do.
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('button', { name: /Choose the PFX file/ })).toBeFocused()
  const fileSection = page.getByRole('region', { name: 'Import a PFX (.pfx, .p12)' })
  const wrong = fileSection.locator('.cert-error[data-code="WRONG_PASSWORD"]')
  await expect(wrong).toHaveAttribute('role', 'alert')
  await expect(wrong).toContainText(/wrong password or damaged file/i)
  await expect(wrong).toContainText('What to do:')
  await expect(page.getByTestId('cert-card')).toHaveCount(0)

  // A truncated file, set on the input directly.
  await page.locator('#cert-drop-input').setInputFiles(join(dir, 'truncated.pfx'))
  const truncated = fileSection.locator('.cert-error[data-code="TRUNCATED"]')
  await expect(truncated).toHaveAttribute('role', 'alert')
  await expect(truncated).toContainText(/cut off/)
  await expect(truncated).toContainText('Copy or download it again')
  await expect(wrong).toHaveCount(0)
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

test('offline CSR here: key and request generated, .req downloaded, signed by the CA, the issued certificate pairs with its key', async ({ page, host }) => {
  // Key generation and three axe passes: give a loaded 2-core machine room.
  test.setTimeout(150_000)
  await seedProject(page, host)
  await openCertificates(page)
  await page.getByLabel('New store passphrase').fill(STORE_PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(STORE_PASSPHRASE)
  await page.getByRole('button', { name: 'Set passphrase' }).click()
  await expect(page.getByTestId('store-status')).toContainText('Unlocked')

  // Request on the Edge first: the Certificate Wizard values and the Request-CsCertificate line.
  await page.getByRole('radio', { name: /Request on the Edge/ }).check()
  await page.getByRole('textbox', { name: 'Friendly name' }).fill('Edge external 2025')
  await expect(page.getByTestId('wizard-pages')).toContainText('Mark certificate private key as exportable')
  await expect(page.getByTestId('wizard-pages')).toContainText('Edge external 2025')
  await expect(page.locator('#cert-request-line')).toContainText("-DomainName 'sip.contoso.com,webconf.contoso.com,contoso.com'")
  await page.getByLabel('Bit length').selectOption('1024')
  await expect(page.getByText(/2048 and greater are recommended/)).toBeVisible()
  await page.getByLabel('Bit length').selectOption('2048')
  expect(await axe(page), 'request on the Edge').toEqual([])

  await page.getByRole('radio', { name: /Create the key and request here/ }).check()
  await page.getByRole('button', { name: 'Generate key and request' }).click()
  await expect(page.locator('#cert-csr-pem')).toContainText('BEGIN CERTIFICATE REQUEST')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download request (.req)' }).click()])
  expect(download.suggestedFilename()).toBe('sip.contoso.com.req')
  const req = join(dir, 'offline.req')
  await download.saveAs(req)
  const text = ossl(['req', '-in', req, '-noout', '-text', '-verify']).toString()
  expect(text).toMatch(/DNS:sip\.contoso\.com, DNS:webconf\.contoso\.com, DNS:contoso\.com/)
  await expect(page.getByTestId('store-status')).toContainText('1 pending request')

  // The CA signs it; the issued certificate is imported and pairs with the waiting key.
  write('offline.ext', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:sip.contoso.com,DNS:webconf.contoso.com,DNS:contoso.com\n')
  ossl(['x509', '-req', '-in', 'offline.req', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-days', '365', '-sha256', '-extfile', 'offline.ext', '-out', 'offline.cer', '-outform', 'DER'])
  await page.getByRole('radio', { name: /Import the issued certificate/ }).check()
  await choose(page, /Choose the issued certificate/, 'offline.cer')
  await expect(page.getByTestId('cert-verdict')).toBeVisible()
  // The CA's usual answer: the leaf alone (incomplete, trust not evaluated), and this test CA puts no CDP in it.
  expect(await codes(page)).toEqual(['NO_CRL_DP', 'CHAIN_INCOMPLETE'])
  await expect(page.getByTestId('store-message')).toContainText('1 paired')
  await expect(page.getByTestId('store-status')).toContainText('0 pending requests')
})

test('a whole folder goes into the store at once; files that are not certificates are left out', async ({ page, host }) => {
  const folder = join(dir, 'folder')
  execFileSync('mkdir', ['-p', folder])
  // 25 distinct certificates signed by the test CA, plus a file that is not one.
  for (let i = 0; i < 25; i++) {
    ossl(['req', '-new', '-key', 'int.key', '-subj', `/CN=host${i}.contoso.com`, '-out', `folder-${i}.csr`])
    ossl(['x509', '-req', '-in', `folder-${i}.csr`, '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', String(5000 + i), '-days', '30', '-outform', 'DER', '-out', join('folder', `host${i}.cer`)])
  }
  write(join('folder', 'readme.txt'), 'not a certificate')
  await seedProject(page, host)
  await openCertificates(page)
  await page.getByLabel('New store passphrase').fill(STORE_PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(STORE_PASSPHRASE)
  await page.getByRole('button', { name: 'Set passphrase' }).click()
  await expect(page.getByTestId('store-status')).toContainText('Unlocked')
  await page.getByTestId('cert-store-folder').setInputFiles(folder)
  await expect(page.getByTestId('store-message')).toContainText('25 added')
  await expect(page.getByTestId('store-table').locator('tbody tr')).toHaveCount(25)
})

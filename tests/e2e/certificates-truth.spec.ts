import type { Page } from '@playwright/test'
import { execFileSync, spawnSync } from 'node:child_process'
import { X509Certificate, createHash, generateKeyPairSync, sign } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from './fixtures'
import { rpc, seedProject } from './seed'

// Issue 10 in the browser against the real host: the three-file PEM → PFX path keeps the key and
// the whole chain (openssl reads them back from the download), the store after a mixed folder,
// and the store table with 10,000 certificates. Files are made with the openssl CLI; passwords
// reach openssl through files, never argv.
const OUT_PASSWORD = 'Convert-Passw0rd-2026'
const PFX_PASSWORD = 'Pfx-Passw0rd-2026'
const STORE_PASSPHRASE = 'store passphrase 2026'
let dir = ''

const ossl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
const write = (name: string, data: string | Buffer) => writeFileSync(join(dir, name), data)
const sha1 = (pemFile: string) => ossl(['x509', '-in', pemFile, '-noout', '-fingerprint', '-sha1']).toString().split('=')[1]!.trim().replace(/:/g, '')

function leaf(name: string, cn: string, sans: string[]) {
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`])
  ossl(['req', '-new', '-key', `${name}.key`, '-subj', `/C=US/O=Contoso/CN=${cn}`, '-out', `${name}.csr`])
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
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xgw-e2e-truth-'))
  write('out.pw', OUT_PASSWORD)
  write('pfx.pw', PFX_PASSWORD)
  ossl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'root.key'])
  ossl([
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/C=US/O=XGW Test/CN=XGW Truth Root',
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
  ossl(['req', '-new', '-key', 'int.key', '-subj', '/C=US/O=XGW Test/CN=XGW Truth Issuing CA', '-out', 'int.csr'])
  write('int.ext', 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n')
  ossl(['x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '3000', '-sha256', '-extfile', 'int.ext', '-out', 'int.pem'])
  write('chain.pem', readFileSync(join(dir, 'int.pem'), 'utf8') + readFileSync(join(dir, 'root.pem'), 'utf8'))
  leaf('edge', 'sip.contoso.com', ['sip.contoso.com', 'webconf.contoso.com', 'contoso.com'])
  leaf('second', 'sip.contoso.com', ['sip.contoso.com'])
})
test.afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function openCertificates(page: Page) {
  await page.locator('.step-nav [data-step="certificates"]').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Certificates' })).toBeVisible()
}

async function setPassphrase(page: Page) {
  await page.getByLabel('New store passphrase').fill(STORE_PASSPHRASE)
  await page.getByLabel('Type the passphrase again').fill(STORE_PASSPHRASE)
  await page.getByRole('button', { name: 'Set passphrase' }).click()
  await expect(page.getByTestId('store-status')).toContainText('Unlocked')
}

test('three PEM files (chain, key, certificate, in any order) → PFX: openssl finds the key and the whole chain in the download', async ({ page, host }) => {
  await seedProject(page, host)
  await openCertificates(page)
  await page.getByRole('radio', { name: /Convert a PEM key and certificate to PFX/ }).check()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Choose the certificate, key and chain files/ }).click()])
  // Not in the order the hint asks for: the set is read as one, the leaf found by its key.
  await chooser.setFiles([join(dir, 'chain.pem'), join(dir, 'edge.key'), join(dir, 'edge.pem')])
  const card = page.getByTestId('cert-card')
  await expect(card.getByTestId('cert-thumbprint')).toHaveText(sha1('edge.pem'))
  await expect(card.getByTestId('cert-card-facts')).toContainText('Yes: the private key belongs to this certificate')
  await expect(card.getByTestId('cert-card-chain-list').locator('li')).toHaveCount(3)

  await page.getByRole('button', { name: 'Convert…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Convert and download' })
  await expect(dialog.getByLabel('Include the private key')).toBeChecked()
  await dialog.getByLabel('PFX password').fill(OUT_PASSWORD)
  await dialog.getByLabel('Type the password again').fill(OUT_PASSWORD)
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export and download' }).click()])
  expect(download.suggestedFilename()).toBe('sip.contoso.com.pfx')
  const out = join(dir, 'converted.pfx')
  await download.saveAs(out)

  // What the app says the file holds, read back from its bytes, next to what was asked.
  const written = page.getByTestId('cert-written')
  await expect(written.getByTestId('write-key')).toHaveText('yes')
  await expect(written.getByTestId('write-certificates')).toContainText('3: sip.contoso.com → XGW Truth Issuing CA → XGW Truth Root')
  await expect(written.getByTestId('write-protection')).toContainText('pbeWithSHA1And3-KeyTripleDES-CBC')
  await expect(page.getByTestId('cert-status')).toContainText('3 certificates, private key included')

  // openssl: the key bag and all three certificates, with the password from a file.
  const info = spawnSync('openssl', ['pkcs12', '-info', '-in', out, '-noout', '-passin', `file:${join(dir, 'out.pw')}`], { encoding: 'utf8' })
  expect(info.status, info.stderr).toBe(0)
  expect(info.stdout + info.stderr).toContain('Shrouded Keybag')
  const certsOut = spawnSync('openssl', ['pkcs12', '-in', out, '-nokeys', '-passin', `file:${join(dir, 'out.pw')}`], { encoding: 'utf8' })
  expect(certsOut.status, certsOut.stderr).toBe(0)
  expect(certsOut.stdout.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(3)
  for (const cn of ['sip.contoso.com', 'XGW Truth Issuing CA', 'XGW Truth Root']) expect(certsOut.stdout).toMatch(new RegExp(`subject=.*CN\\s?=\\s?${cn.replace(/\./g, '\\.')}`))
  const keyOut = spawnSync('openssl', ['pkcs12', '-in', out, '-nocerts', '-nodes', '-passin', `file:${join(dir, 'out.pw')}`], { encoding: 'utf8' })
  expect(keyOut.status, keyOut.stderr).toBe(0)
  const keyMod = spawnSync('openssl', ['rsa', '-noout', '-modulus'], { input: keyOut.stdout, encoding: 'utf8' }).stdout
  expect(keyMod).toBe(ossl(['x509', '-in', 'edge.pem', '-noout', '-modulus']).toString())
})

test('a key that does not match is refused with the reason, never a keyless PFX', async ({ page, host }) => {
  await seedProject(page, host)
  await openCertificates(page)
  await page.getByRole('radio', { name: /Convert a PEM key and certificate to PFX/ }).check()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: /Choose the certificate, key and chain files/ }).click()])
  await chooser.setFiles([join(dir, 'edge.pem'), join(dir, 'second.key'), join(dir, 'chain.pem')])
  await expect(page.getByTestId('cert-card').locator('[data-code="KEY_CERT_MISMATCH"]')).toBeVisible()
  await page.getByRole('button', { name: 'Convert…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Convert and download' })
  await dialog.getByLabel('PFX password').fill(OUT_PASSWORD)
  await dialog.getByLabel('Type the password again').fill(OUT_PASSWORD)
  let downloaded = false
  page.on('download', () => (downloaded = true))
  await dialog.getByRole('button', { name: 'Export and download' }).click()
  await expect(dialog.getByRole('alert')).toContainText('KEY_MISMATCH')
  expect(downloaded).toBe(false)
})

test('the store after a mixed folder: PFX, .cer, .p7b, a key for a stored certificate, a broken file', async ({ page, host }) => {
  const folder = join(dir, 'mixed')
  mkdirSync(folder, { recursive: true })
  ossl(['pkcs12', '-export', '-in', 'edge.pem', '-inkey', 'edge.key', '-certfile', 'chain.pem', '-passout', 'file:pfx.pw', '-out', join('mixed', 'a-edge.pfx')])
  ossl(['x509', '-in', 'second.pem', '-outform', 'DER', '-out', join('mixed', 'b-second.cer')])
  ossl(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', join('mixed', 'c-chain.p7b')])
  writeFileSync(join(folder, 'd-second.key'), readFileSync(join(dir, 'second.key')))
  writeFileSync(join(folder, 'e-broken.cer'), '<!DOCTYPE html><html><head><title>IIS 10.0 Detailed Error - 404.0 - Not Found</title></head><body></body></html>')
  await seedProject(page, host)
  await openCertificates(page)
  await setPassphrase(page)
  await page.getByTestId('cert-store-folder').setInputFiles(folder)

  // The PFX asks for its password; everything else is already in, and the broken file is named.
  const prompt = page.getByRole('dialog', { name: 'Password for a-edge.pfx' })
  await expect(prompt).toBeVisible()
  const message = page.getByTestId('store-message')
  await expect(message).toContainText('1 paired')
  await expect(message).toContainText('not imported (a-edge.pfx: PASSWORD_REQUIRED; e-broken.cer: MALFORMED)')
  const broken = page.locator('.cert-store .cert-error[data-code="MALFORMED"]')
  await expect(broken).toContainText('e-broken.cer')
  await expect(broken).toContainText('a Windows (IIS) error page')
  await prompt.getByLabel('Password', { exact: true }).fill(PFX_PASSWORD)
  await prompt.getByRole('button', { name: 'Open file' }).click()
  await expect(message).toContainText('1 added')

  const table = page.getByTestId('store-table')
  await expect(table.locator('tbody tr')).toHaveCount(4)
  await expect(page.getByTestId('store-status')).toContainText('0 pending requests')
  const edgeRow = table.locator(`[data-thumbprint="${sha1('edge.pem')}"]`)
  const secondRow = table.locator(`[data-thumbprint="${sha1('second.pem')}"]`)
  // The key in the folder paired with the .cer stored before it: no pending request.
  await expect(secondRow.locator('td').nth(2)).toHaveText('Yes')
  await expect(edgeRow.locator('td').nth(2)).toHaveText('Yes')
  // Two rows called sip.contoso.com: the verdict against the project and the dates tell them apart.
  await expect(edgeRow).toHaveAttribute('data-verdict', 'pass')
  await expect(secondRow).toHaveAttribute('data-verdict', 'fail')
  await expect(secondRow.getByTestId('store-verdict')).toContainText('lacks webconf.contoso.com, contoso.com')
  await expect(edgeRow).toContainText('XGW Truth Issuing CA')

  // The SAN checklist follows the certificate chosen for the Edge.
  await secondRow.getByRole('button', { name: 'Use for the Edge: sip.contoso.com' }).click()
  await expect(page.locator('[data-testid="cert-sans"] [data-san="contoso.com"]')).toHaveClass(/san-missing/)
  await edgeRow.getByRole('button', { name: 'Use for the Edge: sip.contoso.com' }).click()
  await expect(page.locator('[data-testid="cert-sans"] [data-san="contoso.com"]')).toHaveClass(/san-ok/)
})

test('"Use for the Edge" on a certificate without a key warns that the Edge needs the PFX', async ({ page, host }) => {
  await seedProject(page, host)
  await openCertificates(page)
  await setPassphrase(page)
  await rpc(page, host, 'certificates.storeImport', { files: [{ name: 'edge.pem', data: readFileSync(join(dir, 'edge.pem')).toString('base64') }] })
  await page.getByRole('button', { name: 'Refresh' }).click()
  await page.getByRole('button', { name: 'Use for the Edge: sip.contoso.com' }).click()
  await expect(page.getByTestId('edge-no-key')).toContainText('the Edge needs the PFX')
  await expect(page.getByTestId('edge-thumbprint')).toHaveText(sha1('edge.pem'))
})

// ---- 10,000 stored certificates: real ECDSA certificates made here, imported through the route ----
function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), len, body])
}
const seq = (...b: Buffer[]) => tlv(0x30, Buffer.concat(b))
const oid = (hex: string) => tlv(0x06, Buffer.from(hex, 'hex'))
const ECDSA_SHA256 = '2a8648ce3d040302'
const CN = '550403'
const SAN = '551d11'
function name(cn: string) {
  return seq(tlv(0x31, seq(oid(CN), tlv(0x0c, Buffer.from(cn)))))
}
function generatedCertificates(n: number): Buffer[] {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const out: Buffer[] = []
  for (let i = 0; i < n; i++) {
    const host = `host${i}.contoso.com`
    const san = seq(oid(SAN), tlv(0x04, seq(tlv(0x82, Buffer.from(host)))))
    const serial = tlv(
      0x02,
      Buffer.from(
        createHash('sha1')
          .update(String(i))
          .digest()
          .subarray(0, 8)
          .map((b, j) => (j === 0 ? (b & 0x7f) | 0x10 : b)),
      ),
    )
    const tbs = seq(tlv(0xa0, tlv(0x02, Buffer.from([2]))), serial, seq(oid(ECDSA_SHA256)), name('XGW Bulk CA'), seq(tlv(0x17, Buffer.from('250101000000Z')), tlv(0x17, Buffer.from('351231000000Z'))), name(host), spki, tlv(0xa3, seq(san)))
    out.push(seq(tbs, seq(oid(ECDSA_SHA256)), tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, privateKey)]))))
  }
  return out
}

/** The store's index entry for one generated certificate, as cert-store.ts writes it. */
function entryFor(der: Buffer, i: number) {
  const hex = (alg: string, b: Buffer) => createHash(alg).update(b).digest('hex').toUpperCase()
  const serialHex = createHash('sha1')
    .update(String(i))
    .digest()
    .subarray(0, 8)
    .map((b, j) => (j === 0 ? (b & 0x7f) | 0x10 : b))
  const { publicKey } = { publicKey: new X509Certificate(der).publicKey }
  return {
    thumbprint: hex('sha1', der),
    sha256: hex('sha256', der),
    subject: `CN=host${i}.contoso.com`,
    issuer: 'CN=XGW Bulk CA',
    serialNumber: Buffer.from(serialHex).toString('hex').toUpperCase(),
    notBefore: '2025-01-01T00:00:00Z',
    notAfter: '2035-12-31T00:00:00Z',
    dnsNames: [`host${i}.contoso.com`],
    isCA: false,
    keyType: 'EC',
    keyBits: 256,
    hasKey: false,
    tags: [],
    source: `host${i}.cer`,
    addedAt: '2026-01-01T00:00:00.000Z',
    spkiSha256: hex('sha256', publicKey.export({ type: 'spki', format: 'der' })),
  }
}

test('10,000 stored certificates: a windowed table (at most 40 rows in the DOM) and a keystroke filters in 50 ms or less', async ({ page, host }) => {
  test.setTimeout(240_000)
  await seedProject(page, host)
  const certs = generatedCertificates(10_000)
  // The first 20 go through the real import route; the other 9,980 are written in the store's own
  // format (importing 10,000 files through the route takes minutes on a loaded machine). The 20
  // route-made entries must equal what this generator writes, so the generated store is what the
  // app itself would have made.
  const viaRoute = certs.slice(0, 20).map((d, j) => ({ name: `host${j}.cer`, data: d.toString('base64') }))
  const r = await rpc<{ added: string[] }>(page, host, 'certificates.storeImport', { files: viaRoute })
  expect(r.added).toHaveLength(20)
  const storeDir = join(host.dataDir, 'store')
  const index = JSON.parse(readFileSync(join(storeDir, 'index.json'), 'utf8')) as { entries: Record<string, unknown>[] }
  const strip = (e: Record<string, unknown>) => ({ ...e, addedAt: undefined })
  expect(index.entries.map(strip)).toEqual(certs.slice(0, 20).map((d, i) => strip(entryFor(d, i))))
  for (let i = 20; i < certs.length; i++) {
    const e = entryFor(certs[i]!, i)
    writeFileSync(join(storeDir, 'certs', `${e.thumbprint}.cer`), certs[i]!)
    index.entries.push(e)
  }
  writeFileSync(join(storeDir, 'index.json'), JSON.stringify(index))
  await page.reload()
  await openCertificates(page)
  await expect(page.getByTestId('store-status')).toContainText('10000 certificates')
  const table = page.getByTestId('store-table')
  await expect(table.locator('tbody tr.cert-store-row').first()).toBeVisible()
  // Only a window of rows is in the DOM, however many the store holds.
  expect(await table.locator('tbody tr.cert-store-row').count()).toBeLessThanOrEqual(40)

  // Measured in the page once the list has arrived and settled (no request in flight).
  await page.waitForLoadState('networkidle')
  // Each change is timed twice: to the end of Vue's update (filter + DOM patch, the app's own work)
  // and to the next animation frame (layout and paint too, which on this shared 2-core machine also
  // waits for whatever else runs). Several runs; the median is what the bound applies to.
  const render = await page.evaluate(async () => {
    const input = document.querySelector('[data-testid="store-search"]') as HTMLInputElement
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)))
    const flushed = async () => {
      for (let i = 0; i < 3; i++) await Promise.resolve()
    }
    const set = async (q: string) => {
      const t = performance.now()
      input.value = q
      input.dispatchEvent(new Event('input'))
      await flushed()
      const sync = performance.now() - t
      await frame()
      return { sync, frame: performance.now() - t }
    }
    const full: { sync: number; frame: number }[] = []
    const keys: { sync: number; frame: number }[] = []
    for (let run = 0; run < 5; run++) {
      await set('no-such-certificate')
      await frame()
      full.push(await set(''))
      for (const q of ['h', 'ho', 'hos', 'host', 'host1', 'host12', 'host123']) keys.push(await set(q))
    }
    return { full, keys, rows: document.querySelectorAll('[data-testid="store-table"] tbody tr.cert-store-row').length }
  })
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
  const f = (xs: number[]) => xs.map((t) => t.toFixed(1)).join(' ')
  console.log(`store of 10,000 (median of ${render.keys.length} keystrokes, 5 full paints):
  full list: update ${median(render.full.map((x) => x.sync)).toFixed(1)} ms, to paint ${median(render.full.map((x) => x.frame)).toFixed(1)} ms  [${f(render.full.map((x) => x.frame))}]
  keystroke: update ${median(render.keys.map((x) => x.sync)).toFixed(1)} ms, to paint ${median(render.keys.map((x) => x.frame)).toFixed(1)} ms  [${f(render.keys.map((x) => x.sync))}]`)
  // The app's own work to bring back the whole list of 10,000 (filter + DOM patch of the window)
  // under 200 ms and per keystroke within 50 ms (medians). The painted frame also waits for the
  // compositor and whatever else the shared 2-core machine runs (41 ms here, 208 ms once on CI
  // beside another browser), so it is held to a bound only a non-windowed table would break: a
  // table of 10,000 real rows takes seconds to lay out.
  expect(median(render.full.map((x) => x.sync))).toBeLessThan(200)
  expect(median(render.full.map((x) => x.frame))).toBeLessThan(1000)
  expect(median(render.keys.map((x) => x.sync))).toBeLessThanOrEqual(50)
  await expect(page.getByTestId('store-count')).toHaveText('11 of 10000 certificates match.')
  expect(render.rows).toBe(11)
})

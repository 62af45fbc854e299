// Regenerates the README screenshots from the real app: the built browser host on a temporary
// data directory, a sample project entered through the API, Debian's Chromium.
//   npm run screenshots
import { chromium } from '@playwright/test'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const out = join(root, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
const dataDir = mkdtempSync(join(tmpdir(), 'xgw-shots-'))
const host = spawn(process.execPath, [join(root, 'dist-electron/browser-host.js'), '--no-open'], { env: { ...process.env, XGW_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] })
const url = await new Promise((resolve, reject) => {
  let text = ''
  host.stdout.on('data', (d) => {
    text += d
    const m = /Listening on (\S+)/.exec(text)
    if (m) resolve(m[1])
  })
  host.once('exit', () => reject(new Error('host exited')))
})
const origin = new URL(url).origin
const token = new URL(url).searchParams.get('token')
const rpc = async (route, input) => {
  const res = await fetch(`${origin}/rpc/${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xgw-token': token }, body: JSON.stringify(input) })
  const body = await res.json()
  if (!body.ok) throw new Error(`${route}: ${body.error.message}`)
  return body.value
}
const project = await rpc('project.create', { name: 'Contoso XMPP federation' })
await rpc('project.save', {
  id: project.id,
  data: {
    scenario: { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' },
    inventory: {
      sipDomains: ['contoso.com', 'fabrikam.com'],
      xmppDomains: ['contoso.com'],
      frontEndPools: ['pool01.contoso.local'],
      edgePoolFqdn: 'edgepool.contoso.local',
      edgeMembers: ['edge01.contoso.local', 'edge02.contoso.local'],
      accessEdgeFqdn: 'sip.contoso.com',
      webConfEdgeFqdn: 'webconf.contoso.com',
      avEdgeFqdn: 'av.contoso.com',
      accessEdgePublicIpv4: '131.107.155.10',
      sites: [{ name: 'Redmond', xmppRouteEdgePool: 'edgepool.contoso.local' }],
    },
    prerequisites: { items: { P1: { status: 'done', evidence: 'CHG-1042' }, P2: { status: 'done', evidence: 'CHG-1042' }, P4: { status: 'blocked', evidence: 'Waiting for the network team' } } },
    policy: { policies: [{ scope: 'user', name: 'XmppFederatedUsers', description: 'Users who may talk to XMPP partners', assignTo: { users: ['alice@contoso.com', 'bob@contoso.com'] } }] },
    partners: {
      partners: [
        { domain: 'jabber.example.org', partnerType: 'PublicUnverified', tls: 'Required', sasl: 'NotSupported', dialback: true },
        { domain: 'partner.example.net', partnerType: 'Federated', tls: 'Required', sasl: 'Required', dialback: false },
      ],
    },
    wizard: { currentStep: 'inventory', visited: ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review', 'verification'] },
  },
})

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-gpu', '--disable-background-networking', '--no-first-run'] })
const shots = [
  { file: 'wizard-inventory.png', step: 'inventory', scheme: 'light' },
  { file: 'wizard-partners-dark.png', step: 'partners', scheme: 'dark' },
  { file: 'wizard-review.png', step: 'review', scheme: 'light' },
  { file: 'wizard-prerequisites-high-contrast.png', step: 'prerequisites', scheme: 'dark', forcedColors: 'active' },
  // The browser host's own menu bar (the desktop app shows the same menus natively), on a 1366x768 screen.
  { file: 'wizard-file-menu.png', step: 'review', scheme: 'light', menu: 'File', viewport: { width: 1366, height: 768 } },
]
for (const shot of shots) {
  const page = await browser.newPage({ viewport: shot.viewport ?? { width: 1360, height: 860 }, colorScheme: shot.scheme, forcedColors: shot.forcedColors ?? 'none' })
  await page.goto(url)
  await page.locator(`.step-nav [data-step="${shot.step}"]`).click()
  if (shot.menu) await page.getByRole('menuitem', { name: shot.menu, exact: true }).click()
  await page.waitForTimeout(600)
  await page.screenshot({ path: join(out, shot.file) })
  process.stdout.write(`wrote docs/screenshots/${shot.file}\n`)
  await page.close()
}
await browser.close()
host.kill()
rmSync(dataDir, { recursive: true, force: true })

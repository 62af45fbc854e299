import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { test, expect, type Host } from './fixtures'
import { LAB, startLiveLab, type LiveLab } from './live-servers'
import { rpc } from './seed'

/**
 * Issue 5 "Proof": the Verification step, the DNS step's "Check now" and the partner "Check now"
 * against real servers on 127.0.0.1 (Prosody, dnsmasq, a TLS port and a test CA), through the
 * real browser host. No mocks: every pass and failure below comes from what the servers do.
 */

let lab: LiveLab
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  test.setTimeout(60_000)
  lab = await startLiveLab()
})
test.afterAll(async () => {
  await lab?.stop()
})

type Negotiation = 'Required' | 'Optional' | 'NotSupported'

/** A project whose XMPP domains, Access Edge and partners match the lab, opened on `step`. */
async function seedLab(page: Page, host: Host, step: string, partner: { tls: Negotiation; sasl: Negotiation; dialback: boolean }): Promise<void> {
  const created = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Lab federation' })
  const data = {
    scenario: { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' },
    inventory: {
      sipDomains: [LAB.goodDomain],
      xmppDomains: [LAB.goodDomain, LAB.nosanDomain],
      frontEndPools: ['pool01.good.example'],
      edgePoolFqdn: 'edgepool.good.example',
      edgeMembers: ['edge01.good.example'],
      accessEdgeFqdn: LAB.accessEdgeFqdn,
      accessEdgePublicIpv4: '127.0.0.1',
      sites: [{ name: 'Lab', xmppRouteEdgePool: 'edgepool.good.example' }],
    },
    policy: { policies: [{ scope: 'user', name: 'XmppFederatedUsers', assignTo: { users: ['alice@good.example'] } }] },
    partners: {
      partners: [
        { domain: LAB.partnerDomain, partnerType: 'PublicUnverified', ...partner },
        { domain: LAB.noSrvPartner, partnerType: 'PublicUnverified', tls: 'Required', sasl: 'NotSupported', dialback: true },
      ],
    },
    dns: { resolver: lab.dns.server },
    wizard: { currentStep: step, visited: ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review', 'verification'] },
  }
  await rpc(page, host, 'project.save', { id: created.id, data })
  await page.goto(host.url)
}

/** Serious and critical axe violations (WCAG 2.1 A/AA) inside `selector`. */
async function axe(page: Page, selector: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** The summary line of a check, by its stable id. */
const line = (summary: Locator, id: string) => summary.locator(`li[data-check-id="${id}"]`)

async function expectLine(summary: Locator, id: string, status: 'pass' | 'warn' | 'fail', code: string, texts: (string | RegExp)[] = []) {
  const l = line(summary, id)
  await expect(l, id).toHaveAttribute('data-status', status)
  await expect(l).toHaveAttribute('data-code', code)
  await expect(l.locator('.verify-status')).toHaveText(status === 'pass' ? /Pass/ : status === 'warn' ? /Warning/ : /Fail/)
  await expect(l.locator('.verify-code')).toHaveText(code)
  for (const t of texts) await expect(l).toContainText(t)
  if (status === 'pass') await expect(l.locator('.verify-fix')).toHaveCount(0)
  else await expect(l.locator('.verify-fix')).toContainText('Fix:')
}

test('Verification: Run all checks against Prosody and dnsmasq shows the readiness summary with its passes and failures', async ({ page, host }) => {
  test.setTimeout(40_000)
  await seedLab(page, host, 'verification', { tls: 'Required', sasl: 'NotSupported', dialback: true })
  await expect(page.getByRole('heading', { level: 1, name: 'Verification' })).toBeVisible()

  // The DNS step's resolver is preselected and editable; the test root goes in through the file chooser.
  await expect(page.getByRole('radio', { name: /A given DNS server/ })).toBeChecked()
  await expect(page.getByLabel('DNS server (IP[:port])')).toHaveValue(lab.dns.server)
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Choose trust anchor…' }).click()
  await (await chooser).setFiles(lab.ca.rootFile)
  await expect(page.getByTestId('trust-anchor-name')).toContainText('ca.pem (1 certificate)')
  // The Access Edge SIP federation port of the lab is not 5061.
  await page.getByText('Options', { exact: true }).click()
  await page.getByLabel('Access Edge SIP federation port').fill(String(lab.sipPort))

  await page.getByRole('button', { name: 'Run all checks' }).click()
  const summary = page.getByTestId('readiness-summary')
  await expect(summary).toBeVisible({ timeout: 25_000 })
  await expect(page.getByTestId('readiness-verdict')).toHaveText(/Not ready: 5 checks failed\./)
  await expect(page.getByTestId('readiness-counts')).toContainText('6 passed')
  await expect(page.getByTestId('readiness-counts')).toContainText('2 warnings')
  await expect(page.getByTestId('readiness-counts')).toContainText('5 failed')

  // Passes: XMPP reachable with STARTTLS required, the chain trusted through the anchor with every SAN, SIP TLS, the partner's row.
  await expectLine(summary, `xmpp:${LAB.goodDomain}`, 'pass', 'XMPP_PROBE_OK', [`${LAB.accessEdgeFqdn} (127.0.0.1:${lab.edge.port}) offers STARTTLS (required)`, /TLSv1\.3/])
  await expectLine(summary, `xmpp:${LAB.goodDomain}:certificate`, 'pass', 'CERTIFICATE_OK', [`SANs ${LAB.accessEdgeFqdn}, sip.${LAB.goodDomain}, ${LAB.goodDomain}, ${LAB.nosanDomain}`])
  await expectLine(summary, `xmpp:${LAB.nosanDomain}`, 'pass', 'XMPP_PROBE_OK', ['offers STARTTLS (required)'])
  await expectLine(summary, `sip:${LAB.accessEdgeFqdn}`, 'pass', 'SIP_TLS_PROBE_OK', [`${LAB.accessEdgeFqdn} (127.0.0.1:${lab.sipPort}) answers TLS`])
  await expectLine(summary, `sip:${LAB.accessEdgeFqdn}:certificate`, 'pass', 'CERTIFICATE_OK')
  await expectLine(summary, `partner:${LAB.partnerDomain}`, 'pass', 'PARTNER_NEGOTIATION_MATCH', ['TLS Required, SASL NotSupported, dialback true'])

  // Failures, each with its fix: the loopback server's port, the certificate without nosan.example, the partner without SRV.
  await expectLine(summary, `dns:${LAB.goodDomain}:DNS_SRV_WRONG_PORT`, 'fail', 'DNS_SRV_WRONG_PORT', [`uses port ${lab.edge.port}, not 5269`, 'Set the SRV record port to 5269, the port the Edge XMPP proxy listens on'])
  await expectLine(summary, `dns:${LAB.nosanDomain}:DNS_SRV_WRONG_PORT`, 'fail', 'DNS_SRV_WRONG_PORT')
  await expectLine(summary, `xmpp:${LAB.nosanDomain}:certificate:SAN_MISSING`, 'fail', 'SAN_MISSING', [LAB.nosanDomain, 'Replace or fix the Edge external certificate'])
  await expectLine(summary, `dns:${LAB.noSrvPartner}:PARTNER_SRV_MISSING`, 'fail', 'PARTNER_SRV_MISSING', ['Ask the partner to publish _xmpp-server._tcp'])
  await expectLine(summary, `partner:${LAB.noSrvPartner}`, 'fail', 'PROBE_SKIPPED', ['Fix the DNS findings above'])
  // Warnings: the SRV target of nosan.example lives in another domain; the partner's port is not 5269.
  await expectLine(summary, `dns:${LAB.nosanDomain}:DNS_SRV_TARGET_OTHER_DOMAIN`, 'warn', 'DNS_SRV_TARGET_OTHER_DOMAIN')
  await expectLine(summary, `dns:${LAB.partnerDomain}:PARTNER_SRV_NONSTANDARD_PORT`, 'warn', 'PARTNER_SRV_NONSTANDARD_PORT')
  await expect(summary.locator('li.verify-line')).toHaveCount(13)
  // Failures come first.
  await expect(summary.locator('li.verify-line').first()).toHaveAttribute('data-status', 'fail')

  // Download summary: Markdown with every line, to go with the runbook.
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download summary' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^xmpp-readiness-\d{4}-\d{2}-\d{2}\.md$/)
  const md = await readFile(await file.path(), 'utf8')
  expect(md).toContain('# XMPP federation readiness: Lab federation')
  expect(md).toContain(`- Resolver: ${lab.dns.server}`)
  expect(md).toContain('- Trust: trust anchor ca.pem')
  expect(md).toContain('**NOT READY**: 6 passed, 2 warnings, 5 failed')
  expect(md).toContain('| FAIL | DNS good.example | `DNS_SRV_WRONG_PORT` |')
  expect(md).toContain(`| PASS | XMPP ${LAB.goodDomain} | \`CERTIFICATE_OK\` |`)
  expect(md.split('\n').filter((l) => /^\| (PASS|WARN|FAIL) \|/.test(l))).toHaveLength(13)

  // What does the Edge present for nosan.example? The probe follows the SRV record and shows the chain and the SAN finding.
  const edge = page.getByTestId('edge-probe')
  await edge.getByLabel('XMPP domain').selectOption(LAB.nosanDomain)
  await edge.getByRole('button', { name: 'Probe the Edge' }).click()
  const xmpp = edge.locator(`#verify-edge-xmpp`)
  await expect(xmpp).toBeVisible({ timeout: 15_000 })
  await expect(edge.getByRole('status').first()).toContainText(`_xmpp-server._tcp.${LAB.nosanDomain} → ${LAB.accessEdgeFqdn}:${lab.edge.port} (127.0.0.1)`)
  await expect(xmpp.getByTestId('probe-starttls')).toHaveText('offered, required')
  await expect(xmpp.getByTestId('probe-tls')).toContainText('TLSv1.3')
  await expect(xmpp.getByTestId('chain-0')).toContainText(`CN=${LAB.accessEdgeFqdn}`)
  await expect(xmpp.getByTestId('chain-0')).toContainText(`${LAB.accessEdgeFqdn}, sip.${LAB.goodDomain}, ${LAB.goodDomain}`)
  await expect(xmpp.getByTestId('chain-1')).toContainText('CN=XGW Test Issuing CA')
  await expect(xmpp.getByTestId('probe-verdict')).toHaveText(/fail/)
  await expect(xmpp.locator('[data-code="SAN_MISSING"]')).toContainText(LAB.nosanDomain)
  const sip = edge.locator('#verify-edge-sip')
  await expect(sip.getByTestId('probe-trusted')).toHaveText('yes')
  await expect(sip.getByTestId('probe-verdict')).toHaveText(/pass/)
  expect(await axe(page, '#main-content')).toEqual([])

  // The guided checklist is saved with the project.
  await page.getByLabel(/Each Edge listens on TCP 5269/).check()
  await expect(page.getByTestId('verify-item-netstat-external')).toContainText('netstat -ano | findstr 5269')
  await expect(page.getByTestId('verify-item-netstat-internal')).toContainText('netstat -ano | findstr 23456')
  await expect(page.getByText('All changes saved')).toBeVisible()
  await page.reload()
  await expect(page.getByLabel(/Each Edge listens on TCP 5269/)).toBeChecked()
  await expect(page.getByRole('heading', { name: /on the servers \(1 of 7 done\)/ })).toBeVisible()
})

test('DNS step: Check now resolves the SRV records through the given resolver and shows each result with its fix', async ({ page, host }) => {
  test.setTimeout(40_000)
  await seedLab(page, host, 'dns', { tls: 'Required', sasl: 'NotSupported', dialback: true })
  await expect(page.getByRole('heading', { level: 1, name: 'DNS' })).toBeVisible()
  const panel = page.getByTestId('dns-check')
  await expect(panel).toContainText(`Asks the DNS server ${lab.dns.server}`)
  await panel.getByRole('button', { name: 'Check now' }).click()
  await expect(panel.getByRole('status')).toContainText(`Checked with ${lab.dns.server}: 3 failed, 2 warnings.`, { timeout: 15_000 })

  const good = panel.getByTestId(`dns-domain-${LAB.goodDomain}`)
  await expect(good).toContainText(`_xmpp-server._tcp.${LAB.goodDomain}`)
  const row = good.getByRole('row').nth(1)
  await expect(row).toContainText(LAB.accessEdgeFqdn)
  await expect(row.getByRole('cell').nth(1)).toHaveText(String(lab.edge.port))
  await expect(row.getByRole('cell').nth(4)).toHaveText('127.0.0.1')
  await expect(good).toContainText(`The project expects: ${LAB.accessEdgeFqdn}:5269 priority 10 → 127.0.0.1`)
  const wrongPort = good.locator('[data-code="DNS_SRV_WRONG_PORT"]')
  await expect(wrongPort).toHaveAttribute('data-status', 'fail')
  await expect(wrongPort).toContainText(`uses port ${lab.edge.port}, not 5269`)
  await expect(wrongPort).toContainText('Fix: Set the SRV record port to 5269')

  const partner = panel.getByTestId(`dns-domain-${LAB.partnerDomain}`)
  await expect(partner).toContainText('partner')
  await expect(partner).toContainText(LAB.partnerHost)
  await expect(partner.locator('[data-code="PARTNER_SRV_NONSTANDARD_PORT"]')).toHaveAttribute('data-status', 'warn')
  const missing = panel.getByTestId(`dns-domain-${LAB.noSrvPartner}`).locator('[data-code="PARTNER_SRV_MISSING"]')
  await expect(missing).toHaveAttribute('data-status', 'fail')
  await expect(missing).toContainText('Fix: Ask the partner to publish')
  expect(await axe(page, '#dns-check')).toEqual([])
})

test('Partners step: Check now probes the partner through its SRV record and "Use these settings" applies the suggested row', async ({ page, host }) => {
  test.setTimeout(40_000)
  // Configured as the Google Talk row; the partner really requires TLS and offers dialback.
  await seedLab(page, host, 'partners', { tls: 'NotSupported', sasl: 'NotSupported', dialback: true })
  await expect(page.getByRole('heading', { level: 1, name: 'XMPP partners' })).toBeVisible()
  await page.getByRole('button', { name: `Edit ${LAB.partnerDomain}` }).click()
  const editor = page.locator('#partner-editor')
  const check = editor.getByTestId('partner-check')
  await check.getByRole('button', { name: `Check ${LAB.partnerDomain} now` }).click()
  await expect(check.getByTestId('partner-offers')).toBeVisible({ timeout: 15_000 })
  await expect(check.getByTestId('partner-offers')).toContainText(`${LAB.partnerHost}:${lab.partner.port}`)
  await expect(check.getByTestId('offer-tls')).toHaveText('required')
  await expect(check.getByTestId('offer-dialback')).toHaveText('offered')
  await expect(check.getByTestId('offer-external')).toContainText('unknown')
  await expect(check.getByTestId('suggested-row')).toHaveText('TLS Required · SASL Not Supported · Dialback True')
  await expect(check.getByTestId('partner-suggestion')).toContainText('TLS Dialback')
  expect(await axe(page, '#partner-editor')).toEqual([])

  const tls = editor.getByRole('group', { name: 'TLS Negotiation' })
  await expect(tls.getByRole('radio', { name: /^Not Supported/ })).toBeChecked()
  await check.getByRole('button', { name: 'Use these settings' }).click()
  await expect(tls.getByRole('radio', { name: /^Required/ })).toBeChecked()
  await expect(editor.getByRole('group', { name: 'SASL negotiation' }).getByRole('radio', { name: /^Not Supported/ })).toBeChecked()
  await expect(editor.getByRole('group', { name: 'Support server dialback negotiation' }).getByRole('radio', { name: /^True/ })).toBeChecked()
  await expect(check.getByRole('button', { name: 'Use these settings' })).toBeDisabled()
  await editor.getByRole('button', { name: 'Commit' }).click()
  await expect(page.getByTestId('partner-row-0')).toContainText('TLS Required · SASL Not Supported · Dialback True')
})

import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { test, expect, type Host } from './fixtures'

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click()
const heading = (page: Page, name: string) => expect(page.getByRole('heading', { level: 1, name })).toBeVisible()

/** Serious and critical axe violations (WCAG 2.1 A/AA) on the page as it is now. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Calls the host's RPC with the per-launch token, as the renderer's HTTP transport does. */
async function rpc<T>(page: Page, host: Host, route: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${host.origin}/rpc/${route}`, { data: input, headers: { 'x-xgw-token': host.token } })
  const body = (await res.json()) as { ok: boolean; value?: T; error?: unknown }
  if (!body.ok) throw new Error(`${route}: ${JSON.stringify(body.error)}`)
  return body.value as T
}

test('policy, partners, gateway, DNS, firewall and review in Chromium, then the export folder on disk', async ({ page, host, context }) => {
  // Six steps with an accessibility scan on each: about 30 s alone, twice that beside another browser on 2 cores.
  test.setTimeout(150_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.goto(host.url)
  await page.getByLabel('Project name').fill('Contoso XMPP')
  await page.getByRole('button', { name: 'Create project' }).click()

  // Scenario and Inventory, valid values.
  await heading(page, 'Scenario')
  await page.getByLabel(/Coexistence with Skype for Business Server 2019/).check()
  await page.getByRole('radio', { name: 'Skype for Business Server 2015', exact: true }).check()
  await next(page)
  await heading(page, 'Inventory')
  await page.getByLabel('SIP domains').fill('contoso.com')
  await page.getByLabel('XMPP-enabled domains').fill('contoso.com')
  await page.getByLabel('Legacy Front End pool FQDNs running the XMPP Gateway').fill('pool01.contoso.local')
  await page.getByLabel('Legacy Edge pool FQDN (internal)').fill('edgepool.contoso.local')
  await page.getByLabel('Edge member server FQDNs').fill('edge01.contoso.local')
  await page.getByLabel('Access Edge external FQDN').fill('sip.contoso.com')
  await page.getByLabel('Web Conferencing Edge external FQDN').fill('webconf.contoso.com')
  await page.getByLabel('Access Edge public IPv4 address').fill('131.107.155.10')
  await page.getByRole('button', { name: 'Add site' }).click()
  await page.getByLabel('Site name').fill('Redmond')
  await next(page)
  await heading(page, 'Prerequisites')
  await next(page)

  // External Access Policy: one user policy to start with (the default), a name, two users.
  await heading(page, 'External Access Policy')
  const first = page.getByTestId('policy-0')
  await expect(first.getByRole('button', { name: /Policy 1: XmppFederatedUsers \(user policy\)/ })).toHaveAttribute('aria-expanded', 'true')
  await expect(first.getByRole('radio', { name: /User policy/ })).toBeChecked()
  await expect(page.getByTestId('policy-precedence-0')).toContainText('User policy (most influence) overrides a Site policy')
  await expect(first.getByLabel('Enable communications with XMPP federated users')).toBeChecked()
  await expect(first.getByRole('button', { name: 'Remove policy 1' })).toBeDisabled()
  await first.getByLabel('Policy name').fill('XmppUsers')
  // Next with nobody to grant the policy to: the error shows and focus goes to the first target field.
  await next(page)
  await expect(page.getByText(/A user policy is not assigned to anyone when it is created/)).toBeVisible()
  await expect(first.getByLabel('Users', { exact: true })).toBeFocused()
  await first.getByLabel('Users', { exact: true }).fill('sip:kenmyer@contoso.com\nsip:pilar@contoso.com')
  await first.getByLabel('Users', { exact: true }).blur()

  // A second policy: a site policy for Redmond (picked from the inventory), its own ids and labels.
  await page.getByRole('button', { name: 'Add a site policy' }).click()
  const second = page.getByTestId('policy-1')
  await expect(second.getByRole('textbox', { name: 'Site', exact: true })).toBeFocused()
  await expect(second.getByRole('textbox', { name: 'Site', exact: true })).toHaveValue('Redmond')
  await expect(second.getByRole('radio', { name: /Site policy/ })).toBeChecked()
  await expect(page.getByTestId('policy-precedence-1')).toContainText('you can have only one external access policy per site')
  await second.getByLabel('Description', { exact: true }).fill('Everyone homed in Redmond')
  await expect(page.locator('#policy-1-desc')).toHaveValue('Everyone homed in Redmond')
  await expect(page.locator('#policy-0-desc')).toHaveValue('')
  // Collapse and expand by keyboard.
  const toggle = second.getByRole('button', { name: /Policy 2: site:Redmond \(site policy\)/ })
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await expect(second.getByRole('textbox', { name: 'Site', exact: true })).toHaveCount(0)
  await page.keyboard.press('Space')
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  // A third policy, removed again after the confirmation.
  await page.getByRole('button', { name: 'Add the global policy' }).click()
  await expect(page.getByRole('button', { name: 'Add the global policy' })).toBeDisabled()
  await page.getByTestId('policy-2').getByRole('button', { name: 'Remove policy 3' }).click()
  await expect(page.getByTestId('policy-2').getByRole('button', { name: 'Remove policy', exact: true })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('policy-2')).toHaveCount(0)
  await expect(page.getByRole('status').filter({ hasText: 'Removed global from the project.' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'External Access Policies (2)' })).toBeVisible()
  expect(await axe(page), 'policy list with two policies').toEqual([])
  await next(page)

  // XMPP partners: a preset, an invalid combination (Commit disabled, with the reason), fixed, committed.
  await heading(page, 'XMPP partners')
  await page.getByRole('button', { name: 'Add partner' }).click()
  const editor = page.locator('#partner-editor')
  await expect(editor.getByLabel('Primary domain')).toBeFocused()
  await editor.getByRole('button', { name: 'TLS + dialback' }).click()
  await editor.getByLabel('Primary domain').fill('Fabrikam.com')
  const tls = editor.getByRole('group', { name: 'TLS Negotiation' })
  const sasl = editor.getByRole('group', { name: 'SASL negotiation' })
  await expect(tls.getByRole('radio', { name: /^Required/ })).toBeChecked()
  await expect(sasl.getByRole('radio', { name: /^Not Supported/ })).toBeChecked()
  await expect(editor.getByTestId('matrix-method')).toHaveText('TLS Dialback')
  const commit = editor.getByRole('button', { name: 'Commit' })
  await expect(commit).toBeEnabled()

  await tls.getByRole('radio', { name: /^Not Supported/ }).check()
  await sasl.getByRole('radio', { name: /^Required/ }).check()
  await expect(commit).toBeDisabled()
  await expect(editor.getByTestId('matrix-validity')).toContainText('Refused')
  await expect(editor.locator('.commit-reasons')).toContainText('Commit is disabled because:')
  await expect(editor.locator('.commit-reasons')).toContainText('SASL requires TLS')
  expect(await axe(page), 'partner editor').toEqual([])
  await page
    .getByRole('group', { name: 'Support server dialback negotiation' })
    .getByRole('radio', { name: /^False/ })
    .check()
  await expect(editor.getByTestId('matrix-validity')).toContainText('Not Valid Configuration')
  await expect(commit).toBeDisabled()

  await tls.getByRole('radio', { name: /^Required/ }).check()
  await sasl.getByRole('radio', { name: /^Not Supported/ }).check()
  await page.getByRole('group', { name: 'Support server dialback negotiation' }).getByRole('radio', { name: /^True/ }).check()
  await expect(commit).toBeEnabled()
  await commit.click()
  await expect(page.getByRole('status').filter({ hasText: 'Committed fabrikam.com' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Edit fabrikam.com' })).toBeFocused()
  await expect(page.getByTestId('partner-row-0')).toContainText('TLS Required · SASL Not Supported · Dialback True')

  // A second partner, a duplicate of it, then the duplicate removed.
  await page.getByRole('button', { name: 'Add partner' }).click()
  await editor.getByRole('button', { name: 'Strict SASL over TLS' }).click()
  await editor.getByLabel('Primary domain').fill('jabber.example.org')
  await editor.getByRole('button', { name: 'Commit' }).click()
  await page.getByRole('button', { name: 'Duplicate jabber.example.org' }).click()
  await expect(editor.getByLabel('Primary domain')).toHaveValue('')
  await expect(editor.getByRole('button', { name: 'Commit' })).toBeDisabled()
  await editor.getByLabel('Primary domain').fill('chat.example.net')
  await editor.getByRole('button', { name: 'Commit' }).click()
  await expect(page.getByTestId('partner-row-2')).toContainText('chat.example.net')
  await expect(page.getByTestId('partner-row-2')).toContainText('TLS Required · SASL Required · Dialback False')
  await page.getByRole('button', { name: 'Remove chat.example.net' }).click()
  await page.getByRole('button', { name: 'Remove partner' }).click()
  await expect(page.getByTestId('partner-row-2')).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'XMPP federated partners (2)' })).toBeVisible()
  await next(page)

  // Gateway settings: collapsed; change one value.
  await heading(page, 'Gateway settings')
  await expect(page.getByTestId('gateway-result')).toHaveText('No change: the script does not call Set-CsXmppGatewayConfiguration.')
  await page.getByText('Gateway settings (advanced)').click()
  await page.getByLabel('Change KeepAliveInterval').check()
  await page.getByLabel('KeepAliveInterval (seconds)').fill('600')
  await expect(page.getByTestId('gateway-result')).toHaveText("Set-CsXmppGatewayConfiguration -Identity 'global' -KeepAliveInterval 600")
  expect(await axe(page), 'gateway settings, expanded').toEqual([])
  await next(page)

  await heading(page, 'Certificates')
  await next(page)

  // DNS: the SRV record row and the zone file snippet.
  await heading(page, 'DNS')
  const srv = page.getByTestId('srv-records')
  await expect(srv).toContainText('_xmpp-server._tcp.contoso.com')
  await expect(srv.locator('tbody tr').first()).toContainText('5269')
  await expect(page.locator('#dns-zone')).toContainText('_xmpp-server._tcp.contoso.com.  3600 IN SRV 10 0 5269 sip.contoso.com.')
  await next(page)

  await heading(page, 'Firewall')
  await expect(page.getByTestId('firewall-rules')).toContainText('XMPP/TCP/5269')
  await expect(page.getByTestId('firewall-rules')).toContainText('XMPP/MTLS/TCP/23456')
  await next(page)

  // Review: nothing blocks; the script preview; copy; save.
  await heading(page, 'Review and export')
  await expect(page.getByRole('heading', { name: 'No finding blocks the export' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'xmpp-config.ps1' })).toHaveAttribute('aria-selected', 'true')
  const code = page.locator('#review-code')
  await expect(code).toContainText("[ordered]@{ Identity = 'fabrikam.com'; Settings = [ordered]@{ ")
  await expect(code).toContainText('New-CsXmppAllowedPartner -Identity $partnerIdentity @partnerSettings')
  await expect(code).toContainText("TlsNegotiation = 'Required'")
  await expect(code).toContainText("SaslNegotiation = 'NotSupported'")
  await expect(code).toContainText('SupportDialbackNegotiation = $true')
  await expect(code.locator('.tok-cmdlet', { hasText: 'New-CsXmppAllowedPartner' }).first()).toBeVisible()
  await expect(code.locator('.tok-param', { hasText: '-WhatIf' }).first()).toBeVisible()
  await page.getByRole('button', { name: 'Copy xmpp-config.ps1' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied xmpp-config.ps1 to the clipboard.' })).toBeVisible()
  // Arrow keys move between the files.
  await page.getByRole('tab', { name: 'xmpp-config.ps1' }).press('ArrowRight')
  await expect(page.getByRole('tab', { name: 'xmpp-rollback.ps1' })).toBeFocused()
  await expect(page.getByRole('tab', { name: 'xmpp-rollback.ps1' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText(/Management Shell/).first()).toBeVisible()

  expect(await axe(page), 'review').toEqual([])
  await page.getByRole('button', { name: 'Save export folder' }).click()
  const status = page.getByTestId('review-save-status')
  await expect(status).toContainText('Saved 9 files to ')
  const folder = (await status.textContent())!.replace(/^Saved \d+ files to /, '').trim()
  expect(relative(join(host.dataDir, 'exports'), folder).split(sep)).toHaveLength(1)

  // The files on disk.
  const names = await readdir(folder)
  expect(names).toEqual(expect.arrayContaining(['xmpp-config.ps1', 'xmpp-rollback.ps1', 'runbook.md', 'dns-records.txt']))
  const bytes = await readFile(join(folder, 'xmpp-config.ps1'))
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const script = bytes.subarray(3).toString('utf8')
  expect(script).toContain('\r\n')
  expect(script).not.toMatch(/[^\r]\n/)
  expect(script).toContain('param([switch]$WhatIf)')
  expect(script).toContain("[ordered]@{ Identity = 'fabrikam.com'; ")
  expect(script).toContain("[ordered]@{ Identity = 'jabber.example.org'; ")
  expect(script).not.toContain('chat.example.net')
  // All three negotiation values, splatted into New-/Set-CsXmppAllowedPartner (@partnerSettings, from $desiredPartner).
  expect(script).toContain("TlsNegotiation = 'Required'; SaslNegotiation = 'NotSupported'; SupportDialbackNegotiation = $true")
  expect(script).toContain("TlsNegotiation = 'Required'; SaslNegotiation = 'Required'; SupportDialbackNegotiation = $false")
  expect(script).toContain('New-CsXmppAllowedPartner -Identity $partnerIdentity @partnerSettings')
  expect(script).toContain("'XmppUsers'")
  // Both policies: each read, then New or Set behind its own comparison; only the user policy granted.
  expect(script).toContain("$currentPolicies['site:Redmond'] = Get-CsExternalAccessPolicy -Identity 'site:Redmond' -ErrorAction SilentlyContinue")
  expect(script).toContain("$currentPolicies['XmppUsers'] = Get-CsExternalAccessPolicy -Identity 'XmppUsers' -ErrorAction SilentlyContinue")
  expect(script).toContain("$policyIdentity = 'site:Redmond'")
  expect(script).toContain("$policyIdentity = 'XmppUsers'")
  expect(script).toContain("Description = 'Everyone homed in Redmond'")
  expect(script).toContain("$policyName = 'XmppUsers'")
  expect(script.match(/Grant-CsExternalAccessPolicy -Identity/g)).toHaveLength(1)
  expect(script).toContain('KeepAliveInterval = 600')
  const zone = await readFile(join(folder, 'dns-records.txt'), 'utf8')
  expect(zone).toMatch(/_xmpp-server\._tcp\.contoso\.com\.\s+3600 IN SRV 10 0 5269 sip\.contoso\.com\./)
  expect((await readFile(join(folder, 'runbook.md'), 'utf8')).length).toBeGreaterThan(100)
})

test('a blocking finding on Review links to the step that fixes it', async ({ page, host }) => {
  await page.goto(host.url)
  const created = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Blocked export' })
  await rpc(page, host, 'project.save', {
    id: created.id,
    data: {
      scenario: { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' },
      inventory: {
        sipDomains: ['contoso.com'],
        xmppDomains: ['contoso.com'],
        frontEndPools: ['pool01.contoso.local'],
        edgePoolFqdn: 'edgepool.contoso.local',
        edgeMembers: ['edge01.contoso.local'],
        accessEdgeFqdn: 'sip.contoso.com',
        webConfEdgeFqdn: 'webconf.contoso.com',
        accessEdgePublicIpv4: '131.107.155.10',
      },
      policy: { policies: [{ scope: 'user', name: 'XmppUsers', assignTo: { users: ['sip:kenmyer@contoso.com'] } }] },
      // Our own domain as a partner: only the cross-checks of the review catch it.
      partners: { partners: [{ domain: 'contoso.com', tls: 'Required', sasl: 'NotSupported', dialback: true }] },
      wizard: { currentStep: 'review', visited: ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review'] },
    },
  })
  await page.reload()
  await heading(page, 'Review and export')
  await expect(page.getByRole('heading', { name: '1 finding blocks the export' })).toBeVisible()
  const blocking = page.getByTestId('review-blocking')
  await expect(blocking).toContainText('contoso.com is one of your own SIP or XMPP domains')
  await expect(page.getByRole('button', { name: 'Save export folder' })).toBeDisabled()

  await blocking.getByRole('button', { name: 'Fix in XMPP partners' }).click()
  await heading(page, 'XMPP partners')
  await expect(page.getByTestId('partner-row-0')).toContainText('1 error')
  await expect(page.getByTestId('partner-row-0')).toContainText('contoso.com is one of your own SIP or XMPP domains')

  // Fix it in the editor: the own domain blocks Commit until a partner's domain is entered.
  await page.getByRole('button', { name: 'Edit contoso.com' }).click()
  const editor = page.locator('#partner-editor')
  await expect(editor.getByRole('button', { name: 'Commit' })).toBeDisabled()
  await editor.getByLabel('Primary domain').fill('fabrikam.com')
  await editor.getByRole('button', { name: 'Commit' }).click()
  await page.locator('.step-nav [data-step="review"]').click()
  await heading(page, 'Review and export')
  await expect(page.getByRole('heading', { name: 'No finding blocks the export' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Save export folder' })).toBeEnabled()
})

test('pasted Get-Cs… | ConvertTo-Json output prefills the steps and feeds the change list', async ({ page, host }) => {
  await page.goto(host.url)
  const created = await rpc<{ id: string }>(page, host, 'project.create', { name: 'Existing deployment' })
  await rpc(page, host, 'project.save', {
    id: created.id,
    data: {
      scenario: { scenario: 'legacy-only', legacyVersion: 'Lync Server 2013' },
      inventory: {
        sipDomains: ['contoso.com'],
        xmppDomains: ['contoso.com'],
        frontEndPools: ['pool01.contoso.local'],
        edgePoolFqdn: 'edgepool.contoso.local',
        edgeMembers: ['edge01.contoso.local'],
        accessEdgeFqdn: 'sip.contoso.com',
        webConfEdgeFqdn: 'webconf.contoso.com',
        accessEdgePublicIpv4: '131.107.155.10',
      },
      policy: { policies: [{ scope: 'user', name: 'XmppUsers', assignTo: { users: ['sip:kenmyer@contoso.com'] } }] },
      partners: { partners: [{ domain: 'fabrikam.com', tls: 'Required', sasl: 'NotSupported', dialback: true }] },
      wizard: { currentStep: 'policy', visited: ['scenario', 'inventory', 'prerequisites', 'policy', 'partners', 'gateway', 'certificates', 'dns', 'firewall', 'review'] },
    },
  })
  await page.reload()
  await heading(page, 'External Access Policy')
  await page.getByText('Paste existing configuration (optional)').click()
  await expect(page.getByText(/Get-CsExternalAccessPolicy \| Select-Object/)).toBeVisible()
  await page.getByLabel('Output of Get-CsExternalAccessPolicy | ConvertTo-Json').fill(
    JSON.stringify([
      { Identity: 'Global', Description: null, EnableFederationAccess: true, EnableXmppAccess: false, EnableOutsideAccess: true, EnablePublicCloudAccess: false },
      { Identity: 'Tag:XmppUsers', Description: 'Old text', EnableFederationAccess: true, EnableXmppAccess: false, EnableOutsideAccess: false, EnablePublicCloudAccess: false },
    ]),
  )
  await page.getByLabel('Output of Get-CsXmppAllowedPartner | ConvertTo-Json').fill(
    JSON.stringify({
      Identity: 'jabber.example.org',
      Description: 'Jabber',
      AdditionalDomains: [],
      PartnerType: 'PublicUnverified',
      TlsNegotiation: 'Optional',
      SaslNegotiation: 'NotSupported',
      SupportDialbackNegotiation: true,
      EnableKeepAlive: true,
      ConnectionLimit: null,
      ProxyFqdn: null,
    }),
  )
  await page.getByRole('button', { name: 'Read', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Read 2 policies and 1 partner.' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Prefill the steps' })).toBeFocused()
  await expect(page.locator('#pol-paste-changes')).toContainText('XmppUsers')
  await page.getByRole('button', { name: 'Prefill the steps' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The steps are prefilled' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'policy XmppUsers (update the existing policy)' })).toBeVisible()
  await expect(page.getByLabel('Update an existing policy')).toBeChecked()
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('Old text')
  await expect(page.getByRole('group', { name: 'Enable communications with remote users' }).getByRole('radio', { name: /^Disable/ })).toBeChecked()

  await page.locator('.step-nav [data-step="partners"]').click()
  await expect(page.getByTestId('partner-row-1')).toContainText('jabber.example.org')
  await expect(page.getByTestId('partner-row-1')).toContainText('TLS Optional · SASL Not Supported · Dialback True')

  // The review compares with the pasted configuration: the policy is updated, fabrikam.com created.
  await page.locator('.step-nav [data-step="review"]').click()
  await heading(page, 'Review and export')
  const changes = page.locator('#review-changes')
  const policyRow = changes.locator('tr', { hasText: 'External Access Policy' }).filter({ hasText: 'XmppUsers' })
  await expect(policyRow).toContainText('Update')
  await expect(policyRow).toContainText('EnableXmppAccess')
  // Deployment-wide changes are listed with their consequence (issue 11).
  await expect(changes.locator('tr', { hasText: 'Access Edge configuration (whole deployment)' })).toContainText('AllowFederatedUsers')
  await expect(changes.locator('tr', { hasText: 'Access Edge configuration (whole deployment)' })).toContainText('ALL federated partners')
  await expect(changes.locator('tr', { hasText: 'fabrikam.com' })).toContainText('Create')
  await expect(changes.locator('tr', { hasText: 'jabber.example.org' })).toContainText('No change')
})

/**
 * `xgw collect-script | project import-live | drift | renewal | store list --expiring` through the
 * real runner, dispatcher and services: every exit code (0, 2, 4) and the project left untouched
 * by every refused file.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allCommands } from '../../../../electron/cli/commands'
import type { OptionValues } from '../../../../electron/cli/command'
import { runCli } from '../../../../electron/cli/run-cli'
import { createTestHost } from '../../../helpers/test-host'
import { tempDir } from '../../../helpers/temp-dir'
import { sampleLive } from '../../../helpers/live-sample'
import { TestPki, daysFromNow } from '../../../helpers/openssl'

let dir: string
let cleanup: () => Promise<void>

function toArgv(opts: OptionValues): string[] {
  return Object.entries(opts).flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false || v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => [`--${k}`, x])))
}

async function xgw(name: string, pos: string[] = [], opts: OptionValues = {}) {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(
    { argv: [...name.split(' '), ...pos, ...toArgv(opts)], cwd: dir, env: {}, out: (t) => out.push(t), err: (t) => err.push(t) },
    { commands: allCommands, version: 't', dispatcher: async () => (await createTestHost(join(dir, 'data'), undefined, { cli: true })).dispatch },
  )
  const text = out.join('')
  return { code, out: text, err: err.join(''), json: () => JSON.parse(text) }
}

const write = (name: string, value: unknown) => writeFile(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2))
const exported = async () => {
  await xgw('project export', ['Contoso'], { out: 'contoso.xgwproj' })
  return readFile(join(dir, 'contoso.xgwproj'), 'utf8')
}

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir('xgw-live-cli-'))
  await write('live.json', sampleLive())
})
afterAll(async () => cleanup())

describe('xgw collect-script', () => {
  it('writes the collector with a BOM and CRLF; --out is required', async () => {
    const r = await xgw('collect-script', [], { out: 'xgw-collect.ps1', json: true })
    expect(r.code).toBe(0)
    const text = await readFile(join(dir, 'xgw-collect.ps1'), 'utf8')
    expect(text.startsWith('\uFEFF#Requires -Version 3\r\n')).toBe(true)
    expect(text).toContain('Get-CsXmppAllowedPartner')
    expect(text).not.toMatch(/\b(Set|New|Remove|Grant|Enable|Disable)-Cs\w+/)
    expect((await xgw('collect-script')).code).toBe(2)
  })
})

describe('xgw project import-live', () => {
  it('fills the named project, section by section, and saves it', async () => {
    expect((await xgw('project create', ['Contoso'])).code).toBe(0)
    const r = await xgw('project import-live', ['live.json'], { project: 'Contoso' })
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('took  Inventory')
    expect(r.out).toContain('Access Edge external FQDN: (not set) -> sip.contoso.com')
    const data = JSON.parse(await exported()).data
    expect(data.inventory).toMatchObject({ sipDomains: ['contoso.com'], edgePoolFqdn: 'edge.contoso.local', accessEdgeFqdn: 'sip.contoso.com' })
    expect(data.policy.policies).toMatchObject([{ scope: 'user', name: 'XmppFederatedUsers', assignTo: { users: ['sip:alice@contoso.com'] } }])
    expect(data.partners.partners.map((p: { domain: string }) => p.domain)).toEqual(['jabber.example.org'])
    expect(data.prerequisites.items.P7.status).toBe('done')
  })

  it('takes only the sections named with --take', async () => {
    await xgw('project create', ['Partial'])
    const r = await xgw('project import-live', ['live.json'], { project: 'Partial', take: ['partners'], json: true })
    expect(r.code).toBe(0)
    expect(r.json().taken).toEqual(['partners'])
    await xgw('project export', ['Partial'], { out: 'partial.xgwproj' })
    const data = JSON.parse(await readFile(join(dir, 'partial.xgwproj'), 'utf8')).data
    expect(data.partners.partners).toHaveLength(1)
    expect(data.inventory.sipDomains).toEqual([])
    expect((await xgw('project import-live', ['live.json'], { project: 'Partial', take: ['dns'] })).code).toBe(2)
  })

  const bad: Array<[string, string, RegExp]> = [
    ['another tool', JSON.stringify({ name: 'contoso', version: '1.0', policies: [] }), /not written by the wizard's collector/],
    ['truncated', JSON.stringify(sampleLive()).slice(0, 700), /ends in the middle/],
    ['hand-edited', JSON.stringify({ ...sampleLive(), xmppAllowedPartners: [{ identity: 'x.example', tlsNegotiation: 'Sometimes' }] }), /hand-edited\?\): xmppAllowedPartners\.0\.tlsNegotiation/],
    ['newer format', JSON.stringify({ ...sampleLive(), formatVersion: 2 }), /newer collector \(format version 2\)/],
    [
      '2019 pools only',
      JSON.stringify({ ...sampleLive(), pools: [{ fqdn: 'fe19.contoso.local', roles: ['Registrar'], version: 8 }], edgePools: [{ poolFqdn: 'edge19.contoso.local', version: 8 }] }),
      /Every pool in this deployment is Skype for Business Server 2019/,
    ],
  ]
  for (const [what, content, message] of bad) {
    it(`refuses ${what} with LIVE_DATA_INVALID (exit 2), the project untouched`, async () => {
      const before = await exported()
      await write('bad.json', content)
      const r = await xgw('project import-live', ['bad.json'], { project: 'Contoso', json: true })
      expect(r.code).toBe(2)
      expect(r.json().error.code).toBe('LIVE_DATA_INVALID')
      expect(r.json().error.message).toMatch(message)
      const after = await exported()
      expect(JSON.parse(after).data).toEqual(JSON.parse(before).data)
    })
  }

  it('a new project name creates the project from the deployment; a refused file creates nothing; a missing file is exit 2', async () => {
    await write('bad.json', '{"format":"other"}')
    const refused = await xgw('project import-live', ['bad.json'], { project: 'Day zero', json: true })
    expect(refused.code).toBe(2)
    expect((await xgw('project list', [], { json: true })).json().projects.map((p: { name: string }) => p.name)).not.toContain('Day zero')
    const r = await xgw('project import-live', ['live.json'], { project: 'Day zero', json: true })
    expect(r.code).toBe(0)
    expect(r.json().project.name).toBe('Day zero')
    await xgw('project export', ['Day zero'], { out: 'day0.xgwproj' })
    expect(JSON.parse(await readFile(join(dir, 'day0.xgwproj'), 'utf8')).data.inventory.accessEdgeFqdn).toBe('sip.contoso.com')
    expect((await xgw('project import-live', ['missing.json'], { project: 'Contoso' })).code).toBe(2)
  })
})

describe('xgw drift', () => {
  it('exit 0 when everything matches, 4 on drift, 2 on bad input', async () => {
    await exported()
    const same = await xgw('drift', [], { project: 'contoso.xgwproj', live: 'live.json' })
    expect(same.err).toBe('')
    expect(same.out).toContain('Everything matches')
    expect(same.code).toBe(0)

    const changed = sampleLive()
    ;(changed.xmppAllowedPartners as Array<Record<string, unknown>>)[0]!.tlsNegotiation = 'Optional'
    ;(changed.xmppAllowedPartners as Array<Record<string, unknown>>).push({ identity: 'rogue.example.net', additionalDomains: [] })
    await write('changed.json', changed)
    const d = await xgw('drift', [], { project: 'contoso.xgwproj', live: 'changed.json' })
    expect(d.code).toBe(4)
    expect(d.out).toContain('differs    XmppAllowedPartner jabber.example.org: TlsNegotiation planned Required, live Optional')
    expect(d.out).toContain('unmanaged  XmppAllowedPartner rogue.example.net')
    const j = await xgw('drift', [], { project: 'contoso.xgwproj', live: 'changed.json', json: true })
    expect(j.code).toBe(4)
    expect(j.json().drifted).toBe(true)
    expect(
      j
        .json()
        .entries.filter((e: { status: string }) => e.status !== 'matches')
        .map((e: { identity: string; status: string }) => `${e.status} ${e.identity}`),
    ).toEqual(['differs jabber.example.org', 'unmanaged rogue.example.net'])

    expect((await xgw('drift', [], { project: 'contoso.xgwproj' })).code).toBe(2)
    await write('bad.json', '{"format":"xgw-live","formatVersion":1,')
    const bad = await xgw('drift', [], { project: 'contoso.xgwproj', live: 'bad.json', json: true })
    expect(bad.code).toBe(2)
    expect(bad.json().error.code).toBe('LIVE_DATA_INVALID')
  })
})

describe('xgw renewal', () => {
  it('writes the renewal script and runbook with the project SANs; -Roll only for AudioVideoAuthentication', async () => {
    const notAfter = new Date(Date.now() + 20 * 86_400_000).toISOString()
    const r = await xgw('renewal', [], { project: 'contoso.xgwproj', out: 'renew', 'new-thumbprint': 'B'.repeat(40), 'previous-not-after': notAfter, json: true })
    expect(r.code).toBe(0)
    const script = await readFile(join(dir, 'renew', 'xmpp-edge-renewal.ps1'), 'utf8')
    expect(script).toContain("$newThumbprint = 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'")
    expect(script).toContain("$previousThumbprint = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'")
    expect(script).toContain("$expectedNames = @('sip.contoso.com', 'contoso.com')")
    const rollLines = script.split('\r\n').filter((l) => /^\s*Set-CsCertificate .*-Roll/.test(l))
    expect(rollLines).toEqual(['    Set-CsCertificate -Type AudioVideoAuthentication -Thumbprint $newThumbprint -Roll -EffectiveDate $effectiveDate -WhatIf:$WhatIf'])
    const runbook = await readFile(join(dir, 'renew', 'edge-certificate-renewal.md'), 'utf8')
    expect(runbook).toContain("-DomainName 'sip.contoso.com,contoso.com'")
    expect(runbook).toContain('not for AccessEdgeExternal or DataEdgeExternal')
    expect((await xgw('renewal', [], { project: 'contoso.xgwproj', out: 'renew', 'new-thumbprint': 'xyz' })).code).toBe(2)
  })
})

describe('xgw store list --expiring', () => {
  let pki: TestPki
  beforeAll(() => {
    pki = new TestPki()
    pki.leaf({ name: 'soon', cn: 'sip.contoso.com', sans: ['sip.contoso.com'], end: daysFromNow(20) })
  })
  afterAll(() => pki.cleanup())

  it('exit 4 when a certificate expires within DAYS, 0 otherwise, 2 for a bad number', async () => {
    const imp = await xgw('store import', [pki.path('soon.pem')], { json: true })
    expect(imp.code).toBe(0)
    const hit = await xgw('store list', [], { expiring: '30' })
    expect(hit.code).toBe(4)
    expect(hit.out).toMatch(/CN=sip\.contoso\.com expires in (19|20) days/)
    const j = await xgw('store list', [], { expiring: '30', json: true })
    expect(j.json().expiring).toHaveLength(1)
    const none = await xgw('store list', [], { expiring: '10' })
    expect(none.code).toBe(0)
    expect(none.out).toContain('No certificate in the store expires within 10 days.')
    expect((await xgw('store list', [], { expiring: 'soon' })).code).toBe(2)
  })
})

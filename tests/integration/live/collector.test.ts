import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectorScript, COLLECTOR_CMDLETS, COLLECTOR_FILE, COLLECTOR_OUTPUT_FILE } from '../../../shared/export/collector-script'
import { configScript } from '../../../shared/export/config-script'
import { parseLiveData } from '../../../shared/domain/live/parse-live'
import { applyLiveSections, LIVE_SECTION_IDS, liveProposal, liveSections } from '../../../shared/domain/live/import-live'
import { computeDrift, driftLines } from '../../../shared/domain/live/drift'
import { emptyProjectData, ProjectData } from '../../../shared/domain/model/project'
import type { LiveDeployment } from '../../../shared/domain/live/live-data'
import { tempDir } from '../../helpers/temp-dir'
import { DIALBACK_SECRET, EDGE_THUMBPRINT, seedDeployment } from './seed-deployment'
import { runWithModel } from './pwsh-run'

// pwsh starts in ~1 s per run; a loaded 2-core machine needs far more.
const SLOW = 180_000

interface Call {
  cmdlet: string
  bound: Record<string, unknown>
}

describe('collector script against the cmdlet model', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const state = () => join(dir, 'state.json')
  const log = () => join(dir, 'calls.jsonl')
  const calls = async (): Promise<Call[]> =>
    (await readFile(log(), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call)
  const setLocal = async (computer: string) => {
    const s = JSON.parse(await readFile(state(), 'utf8')) as Record<string, unknown>
    s.localComputer = computer
    await writeFile(state(), JSON.stringify(s))
  }
  /** One full read: the Edge part on edge01, then the Front End part merging it. */
  const collect = async (): Promise<LiveDeployment> => {
    await setLocal('edge01.contoso.local')
    const edge = await runWithModel(`& './${COLLECTOR_FILE}' -Edge`, { state: state(), log: log(), cwd: dir })
    expect(edge.stderr).toBe('')
    expect(edge.code).toBe(0)
    await setLocal('fe01.contoso.local')
    const fe = await runWithModel(`& './${COLLECTOR_FILE}' -EdgeFile './xgw-edge-edge01.contoso.local.json'`, { state: state(), log: log(), cwd: dir })
    expect(fe.stderr).toBe('')
    expect(fe.code).toBe(0)
    return parseLiveData(await readFile(join(dir, COLLECTOR_OUTPUT_FILE), 'utf8'))
  }

  beforeAll(async () => {
    ;({ dir, cleanup } = await tempDir('xgw-collector-'))
    await writeFile(state(), JSON.stringify(seedDeployment(new Date())))
    await writeFile(join(dir, COLLECTOR_FILE), collectorScript({ appVersion: 'test', generatedAt: '2026-01-01T00:00:00Z' }))
  })
  afterAll(async () => cleanup())

  let live: LiveDeployment
  let imported: ProjectData

  it(
    'calls only Get- cmdlets, writes only its output files and never the dialback passphrase',
    async () => {
      const before = new Set(await readdir(dir))
      const stateBefore = await readFile(state(), 'utf8')
      live = await collect()
      const recorded = await calls()
      expect(recorded.length).toBeGreaterThan(8)
      for (const c of recorded) {
        expect(c.cmdlet).toMatch(/^Get-/)
        expect(COLLECTOR_CMDLETS as readonly string[]).toContain(c.cmdlet)
      }
      // The model's state is byte-for-byte what the test wrote, apart from the computer the test switched.
      expect((await readFile(state(), 'utf8')).replace(/"localComputer":"[^"]*"/, '')).toBe(stateBefore.replace(/"localComputer":"[^"]*"/, ''))
      const added = (await readdir(dir)).filter((f) => !before.has(f)).sort()
      expect(added).toEqual(['calls.jsonl', COLLECTOR_OUTPUT_FILE, 'xgw-edge-edge01.contoso.local.json'].sort())
      const out = await readFile(join(dir, COLLECTOR_OUTPUT_FILE), 'utf8')
      expect(out).not.toContain(DIALBACK_SECRET)
      expect(out).not.toMatch(/DialbackPassphrase/i)
    },
    SLOW,
  )

  it('writes the deployment with enumerations by name, user counts and the Edge certificates', () => {
    expect(live.sipDomains).toEqual([
      { name: 'contoso.com', isDefault: true },
      { name: 'fabrikam.com', isDefault: false },
    ])
    expect(live.sites.map((s) => [s.name, s.xmppFederationRoute])).toEqual([
      ['Redmond', 'EdgeServer:edge-red.contoso.local'],
      ['Dublin', 'EdgeServer:edge-dub.contoso.local'],
    ])
    expect(live.pools.find((p) => p.fqdn === 'fe19.contoso.local')?.version).toBe(8)
    expect(live.edgePools.map((e) => [e.poolFqdn, e.members, e.accessEdgeExternalFqdn, e.xmppInternalPort])).toEqual([
      ['edge-red.contoso.local', ['edge01.contoso.local', 'edge02.contoso.local'], 'sip.contoso.com', 23456],
      ['edge-dub.contoso.local', ['edge11.contoso.local'], 'sip2.contoso.com', 23456],
    ])
    const partner = live.xmppAllowedPartners.find((p) => p.identity === 'chat.fabrikam.net')!
    expect(partner).toMatchObject({ partnerType: 'PublicVerified', tlsNegotiation: 'Required', saslNegotiation: 'Optional', supportDialbackNegotiation: false, connectionLimit: 50, additionalDomains: ['conference.fabrikam.net'] })
    const counts = Object.fromEntries(live.externalAccessPolicies.map((p) => [p.identity, p.userCount]))
    expect(counts).toEqual({ Global: 1, 'Site:Redmond': 1, 'Tag:XmppFederatedUsers': 2, 'Tag:NoExternal': 0 })
    expect(live.externalAccessPolicies.find((p) => p.identity === 'Tag:XmppFederatedUsers')?.users).toEqual(['sip:alice@contoso.com', 'sip:bob@contoso.com'])
    expect(live.xmppGateway).toMatchObject({ partnerConnectionLimit: 40, enableLoggingAllMessageBodies: false })
    const access = live.edgeCertificates.find((c) => c.use === 'AccessEdgeExternal')!
    expect(access).toMatchObject({ computer: 'edge01.contoso.local', thumbprint: EDGE_THUMBPRINT, alternativeNames: ['sip.contoso.com', 'webconf.contoso.com', 'av.contoso.com', 'contoso.com', 'fabrikam.com'] })
    expect(Math.round((Date.parse(access.notAfter) - Date.now()) / 86_400_000)).toBe(20)
    expect(live.edgeParts.map((p) => p.computer)).toEqual(['edge01.contoso.local'])
  })

  it('imported, gives a project equal to the seeded deployment', () => {
    const proposal = liveProposal(live)
    imported = ProjectData.parse(applyLiveSections(emptyProjectData(), proposal, LIVE_SECTION_IDS))
    expect(imported.inventory).toMatchObject({
      sipDomains: ['contoso.com', 'fabrikam.com'],
      frontEndPools: ['fe15.contoso.local'],
      edgePoolFqdn: 'edge-red.contoso.local',
      edgeMembers: ['edge01.contoso.local', 'edge02.contoso.local'],
      accessEdgeFqdn: 'sip.contoso.com',
      webConfEdgeFqdn: 'webconf.contoso.com',
      avEdgeFqdn: 'av.contoso.com',
      sites: [
        { name: 'Redmond', xmppRouteEdgePool: 'edge-red.contoso.local' },
        { name: 'Dublin', xmppRouteEdgePool: 'edge-dub.contoso.local' },
      ],
      failoverPools: [{ poolFqdn: 'edge-dub.contoso.local', accessEdgeFqdn: 'sip2.contoso.com', publicIpv4: '', priority: 20 }],
      xmppInternalPort: 23456,
    })
    expect(imported.policy.policies.map((p) => [p.scope, p.name, p.site, p.enableOutsideAccess, p.assignTo.users])).toEqual([
      ['site', 'Redmond', 'Redmond', 'true', []],
      ['user', 'XmppFederatedUsers', '', 'false', ['sip:alice@contoso.com', 'sip:bob@contoso.com']],
    ])
    expect(imported.partners.partners.map((p) => [p.domain, p.partnerType, p.tls, p.sasl, p.dialback, p.connectionLimit, p.additionalDomains])).toEqual([
      ['jabber.example.org', 'Federated', 'Required', 'NotSupported', true, null, []],
      ['chat.fabrikam.net', 'PublicVerified', 'Required', 'Optional', false, 50, ['conference.fabrikam.net']],
    ])
    expect(imported.gateway.partnerConnectionLimit).toBe(40)
    expect(imported.gateway.connectionLimit).toBeNull()
    expect(imported.certificates).toMatchObject({ edgeThumbprint: EDGE_THUMBPRINT, edgeSans: ['sip.contoso.com', 'webconf.contoso.com', 'av.contoso.com', 'contoso.com', 'fabrikam.com'] })
    expect(Object.keys(imported.prerequisites.items).sort()).toEqual(['P1', 'P2', 'P4', 'P5', 'P7'])
    expect(imported.prerequisites.items.P7?.evidence).toContain('AllowFederatedUsers = True')
    // Read straight back, the deployment and the project agree everywhere.
    expect(computeDrift(imported, live).drifted).toBe(false)
    expect(liveSections(imported, proposal).every((s) => !s.differs)).toBe(true)
  })

  it(
    'after the config script runs on the model, the drift report is empty; a hand-made change is named exactly',
    async () => {
      const plan = ProjectData.parse(JSON.parse(JSON.stringify(imported)))
      plan.scenario = { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' }
      plan.partners.partners.push({ ...plan.partners.partners[0]!, domain: 'xmpp.newpartner.net', description: 'Added in the wizard', partnerType: 'PublicUnverified' })
      plan.policy.policies[1]!.description = 'XMPP pilot, wave 2'
      plan.policy.policies[1]!.assignTo.users.push('sip:carol@contoso.com')
      plan.gateway.keepAliveInterval = 600
      const before = computeDrift(plan, await collect())
      expect(driftLines(before)).toEqual([
        'differs    ExternalAccessPolicy XmppFederatedUsers: Description planned XMPP pilot, wave 2, live XMPP pilot',
        'differs    PolicyGrant XmppFederatedUsers: Granted to sip:carol@contoso.com planned XmppFederatedUsers, live not granted',
        'missing    XmppAllowedPartner xmpp.newpartner.net: planned, not in the deployment',
        'differs    XmppGatewayConfiguration Global: KeepAliveInterval planned 600, live 300',
      ])

      await writeFile(join(dir, 'xmpp-config.ps1'), configScript(plan, { generatedAt: '2026-01-01T00:00:00Z', appVersion: 'test' }))
      const run = await runWithModel(`& './xmpp-config.ps1'`, { state: state(), log: log(), cwd: dir })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      const after = computeDrift(plan, await collect())
      expect(driftLines(after)).toEqual([])
      expect(after.drifted).toBe(false)

      const hand = await runWithModel(`Set-CsXmppAllowedPartner -Identity 'jabber.example.org' -TlsNegotiation Optional`, { state: state(), log: log(), cwd: dir })
      expect(hand.code).toBe(0)
      const drifted = computeDrift(plan, await collect())
      expect(drifted.drifted).toBe(true)
      expect(driftLines(drifted)).toEqual(['differs    XmppAllowedPartner jabber.example.org: TlsNegotiation planned Required, live Optional'])
    },
    SLOW * 2,
  )
})

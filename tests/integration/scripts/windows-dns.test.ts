import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildExportBundle } from '../../../shared/export/export-bundle'
import { changing, emptyDeployment, readCalls, readState, runSteps, writeExport, writeState, type ModelState, type Step, type StepResult } from '../../helpers/engine'
import { findPowerShell } from '../../helpers/pwsh'
import { SAMPLE_APP_VERSION, SAMPLE_GENERATED_AT, largeProject, smallProject } from '../../helpers/sample-projects'
import { tempDir } from '../../helpers/temp-dir'

// Issue 11, item 9: dns-records-windows.ps1 runs against the modelled DnsServer cmdlets. The
// large project publishes _xmpp-server._tcp for contoso.com and litwareinc.com, targets
// xmpp.contoso.com / xmpp.litwareinc.com (A and AAAA) and the failover pool's sip2.contoso.com.

const zone = (name: string, records: ModelState[] = []) => ({ ZoneName: name, Records: records })
const A = (host: string, ip: string) => ({ HostName: host, RecordType: 'A', TimeToLive: 3600, RecordData: { IPv4Address: ip } })

/** Deployments, each a list of zones before the script runs. */
const CASES: Record<string, { project: 'small' | 'large'; zones: ModelState[] }> = {
  // Names live in their parent zones.
  parents: { project: 'large', zones: [zone('contoso.com'), zone('litwareinc.com'), zone('fabrikam-corp.com')] },
  // The server also holds a zone of its own for xmpp.contoso.com: the A record goes there, as "@".
  specific: { project: 'large', zones: [zone('contoso.com'), zone('xmpp.contoso.com'), zone('litwareinc.com')] },
  // xmpp.litwareinc.com already points elsewhere; litwareinc.com is otherwise empty.
  conflict: { project: 'large', zones: [zone('contoso.com'), zone('litwareinc.com', [A('xmpp', '203.0.113.7')])] },
  // No zone for litwareinc.com on this server.
  missing: { project: 'large', zones: [zone('contoso.com')] },
  // The small project's target is the Access Edge FQDN sip.contoso.com, already published.
  existing: { project: 'small', zones: [zone('contoso.com', [A('sip', '131.107.155.10')])] },
}

let work = ''
let cleanup: () => Promise<void> = async () => {}
let results = new Map<string, StepResult>()

let missingEngine: Error | null = null
beforeEach(() => {
  if (missingEngine) throw missingEngine
})

beforeAll(async () => {
  // Without an engine every test fails with the install sentence: never a silent skip.
  try {
    findPowerShell()
  } catch (e) {
    missingEngine = e as Error
    return
  }
  ;({ dir: work, cleanup } = await tempDir('xgw-dns-'))
  const steps: Step[] = []
  for (const [name, c] of Object.entries(CASES)) {
    const p = c.project === 'small' ? smallProject() : largeProject()
    const dir = join(work, name)
    writeExport(dir, buildExportBundle(p, { generatedAt: SAMPLE_GENERATED_AT, appVersion: SAMPLE_APP_VERSION }))
    const state = join(dir, 'state.json')
    writeState(state, { ...emptyDeployment(p), dnsZones: c.zones })
    copyFileSync(state, join(dir, 'before.json'))
    const script = join(dir, 'dns-records-windows.ps1')
    steps.push(
      { id: `${name}/whatif`, kind: 'run', script, whatIf: true, state, log: join(dir, 'whatif.log'), snapshot: join(dir, 'after-whatif.json') },
      { id: `${name}/run`, kind: 'run', script, state, log: join(dir, 'run.log'), snapshot: join(dir, 'after.json') },
      { id: `${name}/again`, kind: 'run', script, state, log: join(dir, 'again.log') },
    )
  }
  results = runSteps(work, steps)
}, 300_000)

afterAll(async () => {
  await cleanup()
})

const r = (id: string) => results.get(id)!
const records = (name: string) => readState(join(work, name, 'after.json')).dnsZones as ModelState[]
const zoneRecords = (name: string, zoneName: string) => records(name).find((z) => z.ZoneName === zoneName)?.Records ?? []
const summary = (recs: ModelState[]) => recs.map((x) => `${x.HostName} ${x.RecordType} ${Object.values(x.RecordData).join(' ')}`).sort()

describe('9. Windows DNS: the zone that holds the name, no doubled host records', () => {
  it('names go into their parent zones, with names relative to the zone', () => {
    expect(r('parents/run').error).toBeNull()
    expect(summary(zoneRecords('parents', 'contoso.com'))).toEqual([
      '_xmpp-server._tcp SRV sip2.contoso.com. 5269 20 0',
      '_xmpp-server._tcp SRV xmpp.contoso.com. 5269 10 0',
      'sip2 A 131.107.155.20',
      'xmpp A 131.107.155.10',
      'xmpp AAAA 2001:db8::10',
    ])
    expect(summary(zoneRecords('parents', 'litwareinc.com'))).toEqual(['_xmpp-server._tcp SRV sip2.contoso.com. 5269 20 0', '_xmpp-server._tcp SRV xmpp.litwareinc.com. 5269 10 0', 'xmpp A 131.107.155.10', 'xmpp AAAA 2001:db8::10'])
    expect(zoneRecords('parents', 'fabrikam-corp.com')).toEqual([])
  })

  it('the longest zone suffix wins: xmpp.contoso.com lands in its own zone as "@"', () => {
    expect(r('specific/run').error).toBeNull()
    expect(summary(zoneRecords('specific', 'xmpp.contoso.com'))).toEqual(['@ A 131.107.155.10', '@ AAAA 2001:db8::10'])
    expect(summary(zoneRecords('specific', 'contoso.com')).filter((x) => x.startsWith('xmpp '))).toEqual([])
  })

  it('an A record with another address is reported and never doubled into round robin', () => {
    const res = r('conflict/run')
    expect(res.error).toMatch(/1 record\(s\) need your attention/)
    expect(res.output).toMatch(/xmpp\.litwareinc\.com already has A record\(s\) with another address \(203\.0\.113\.7\)/)
    expect(summary(zoneRecords('conflict', 'litwareinc.com')).filter((x) => x.startsWith('xmpp A '))).toEqual(['xmpp A 203.0.113.7'])
    // Everything else was still added.
    expect(summary(zoneRecords('conflict', 'litwareinc.com'))).toContain('xmpp AAAA 2001:db8::10')
    expect(readCalls(join(work, 'conflict', 'run.log')).filter((c) => c.cmdlet === 'Add-DnsServerResourceRecord' && c.bound.IPv4Address === '131.107.155.10' && c.bound.ZoneName === 'litwareinc.com')).toEqual([])
  })

  it('a name no zone on the server holds is reported', () => {
    expect(r('missing/run').error).toMatch(/need your attention/)
    expect(r('missing/run').output).toMatch(/No zone on this server holds _xmpp-server\._tcp\.litwareinc\.com/)
  })

  it('a record that exists with the same data is skipped', () => {
    expect(r('existing/run').error).toBeNull()
    expect(summary(zoneRecords('existing', 'contoso.com'))).toEqual(['_xmpp-server._tcp SRV sip.contoso.com. 5269 10 0', 'sip A 131.107.155.10'])
  })

  it('a second run adds nothing; -WhatIf adds nothing and says what it would add', () => {
    for (const name of Object.keys(CASES)) {
      expect(changing(readCalls(join(work, name, 'again.log'))), name).toEqual([])
      expect(readFileSync(join(work, name, 'after-whatif.json'), 'utf8'), name).toBe(readFileSync(join(work, name, 'before.json'), 'utf8'))
      for (const c of changing(readCalls(join(work, name, 'whatif.log')))) expect(c.whatIf).toBe(true)
    }
    expect(r('parents/whatif').output).toMatch(/WOULD ADD: _xmpp-server\._tcp\.contoso\.com SRV 10 0 5269 xmpp\.contoso\.com in zone contoso\.com/)
    expect(r('parents/whatif').output).toMatch(/Records that would be added: 9/)
  })
})

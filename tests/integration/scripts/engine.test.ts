import { copyFileSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ProjectData } from '../../../shared/domain/model/project'
import { normaliseFqdn } from '../../../shared/domain/rules/fqdn'
import { changedGatewayParameters } from '../../../shared/domain/rules/gateway'
import { buildExportBundle } from '../../../shared/export/export-bundle'
import { changing, emptyDeployment, existingDeployment, readCalls, readState, runSteps, writeExport, writeState, type ModelState, type Step, type StepResult } from '../../helpers/engine'
import { findPowerShell } from '../../helpers/pwsh'
import { HOSTILE_STRINGS, SAMPLE_APP_VERSION, SAMPLE_GENERATED_AT, hostileProject, largeProject, smallProject } from '../../helpers/sample-projects'
import { tempDir } from '../../helpers/temp-dir'
import { projectWithPartners } from '../../helpers/many-partners'

// Issue 11: every generated script runs in a real PowerShell engine against the cmdlet model in
// tests/powershell/SfbModel. All runs of this file share ONE pwsh process (start-up ~1 s).

/** The large project retiring XMPP: the partner loop removes instead of creating. */
function retireProject(): ProjectData {
  const p = largeProject()
  p.scenario.scenario = 'retire-xmpp'
  return p
}
/** Many partners through the one partner loop (the cmdlet model rewrites its JSON state on every call, so more costs minutes here). */
const MANY = 12
const PROJECTS: Record<string, () => ProjectData> = { small: smallProject, large: largeProject, hostile: hostileProject, retire: retireProject, many: () => projectWithPartners(MANY) }
const DEPLOYMENTS = { empty: emptyDeployment, existing: existingDeployment } as const
const PASSPHRASE = "Dialback 'pass' $(phrase) `x\u00FC"

let work = ''
let cleanup: () => Promise<void> = async () => {}
let results = new Map<string, StepResult>()
const dirOf = (project: string, deployment: string) => join(work, project, deployment)

function result(id: string): StepResult {
  const r = results.get(id)
  if (!r) throw new Error(`no result for step ${id}`)
  return r
}
const ok = (id: string) => {
  const r = result(id)
  expect(r.error, `${id}: ${r.error}\n${r.output}`).toBeNull()
  expect(r.ok).toBe(true)
  return r
}

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
  ;({ dir: work, cleanup } = await tempDir('xgw-engine-'))
  const steps: Step[] = []
  const parseFiles: string[] = []
  for (const [name, make] of Object.entries(PROJECTS)) {
    const p = make()
    for (const [deployment, seed] of Object.entries(DEPLOYMENTS)) {
      const dir = dirOf(name, deployment)
      const bundle = buildExportBundle(p, { generatedAt: SAMPLE_GENERATED_AT, appVersion: SAMPLE_APP_VERSION })
      expect(bundle.blocking, `${name}: blocking findings`).toEqual([])
      writeExport(dir, bundle)
      if (deployment === 'empty') parseFiles.push(...bundle.files.filter((f) => f.language === 'powershell').map((f) => join(dir, f.fileName)))
      const state = join(dir, 'state.json')
      writeState(state, seed(p))
      copyFileSync(state, join(dir, 'before.json'))
      const config = join(dir, 'xmpp-config.ps1')
      const rollback = join(dir, 'xmpp-rollback.ps1')
      const id = `${name}/${deployment}`
      steps.push(
        { id: `${id}/whatif`, kind: 'run', script: config, whatIf: true, passphrase: PASSPHRASE, state, log: join(dir, 'whatif.log'), snapshot: join(dir, 'after-whatif.json') },
        { id: `${id}/config`, kind: 'run', script: config, state, log: join(dir, 'config.log'), snapshot: join(dir, 'after-config.json') },
        { id: `${id}/config-again`, kind: 'run', script: config, state, log: join(dir, 'config-again.log'), snapshot: join(dir, 'after-config-again.json') },
        { id: `${id}/rollback`, kind: 'run', script: rollback, state, log: join(dir, 'rollback.log'), snapshot: join(dir, 'after-rollback.json') },
        { id: `${id}/rollback-again`, kind: 'run', script: rollback, state, log: join(dir, 'rollback-again.log'), snapshot: join(dir, 'after-rollback-again.json') },
      )
      if (p.gateway.setDialbackPassphrase) {
        steps.push({ id: `${id}/passphrase`, kind: 'run', script: config, passphrase: PASSPHRASE, state, log: join(dir, 'passphrase.log') })
      }
    }
  }
  steps.unshift({ id: 'parse', kind: 'parse', files: parseFiles })
  results = runSteps(work, steps)
}, 600_000)

afterAll(async () => {
  // XGW_KEEP=1 keeps the scripts, states and transcripts of the run for a look after a failure.
  if (!process.env.XGW_KEEP) await cleanup()
})

describe("1. every generated .ps1 parses with PowerShell's own parser", () => {
  it('zero errors in every script of the small, large and hostile projects', () => {
    const r = ok('parse')
    expect(r.parseErrors).toEqual([])
  })
})

/** What the model must hold after the config script, computed from the project alone. */
function expectedAfterConfig(p: ProjectData, before: ModelState): ModelState {
  const want = structuredClone(before)
  const retiring = p.scenario.scenario === 'retire-xmpp'
  if (!retiring) want.accessEdge.AllowFederatedUsers = true
  for (const c of changedGatewayParameters(p.gateway)) want.gateway[c.parameter] = c.value
  for (const pol of p.policy.policies) {
    const identity = pol.scope === 'global' ? 'Global' : pol.scope === 'site' ? `Site:${pol.site.trim()}` : `Tag:${pol.name.trim()}`
    let entry = want.policies.find((x: ModelState) => x.Identity === identity)
    if (!entry) {
      entry = { Identity: identity, Description: null, EnableFederationAccess: false, EnableXmppAccess: false, EnablePublicCloudAccess: false, EnablePublicCloudAudioVideoAccess: false, EnableOutsideAccess: false }
      want.policies.push(entry)
    }
    entry.Description = pol.description === '' ? null : pol.description
    entry.EnableFederationAccess = pol.enableFederationAccess
    entry.EnableXmppAccess = pol.enableXmppAccess
    if (pol.enableOutsideAccess !== 'keep') entry.EnableOutsideAccess = pol.enableOutsideAccess === 'true'
    if (pol.enablePublicCloudAccess !== 'keep') entry.EnablePublicCloudAccess = pol.enablePublicCloudAccess === 'true'
  }
  for (const partner of p.partners.partners) {
    const d = normaliseFqdn(partner.domain)
    let entry = want.partners.find((x: ModelState) => x.Identity === d)
    if (retiring) {
      want.partners = want.partners.filter((x: ModelState) => x !== entry)
      continue
    }
    if (!entry) {
      entry = { Identity: d, Domain: d }
      want.partners.push(entry)
    }
    Object.assign(entry, {
      Description: partner.description === '' ? null : partner.description,
      AdditionalDomains: [...new Set(partner.additionalDomains.map(normaliseFqdn))].sort(),
      PartnerType: partner.partnerType,
      TlsNegotiation: partner.tls,
      SaslNegotiation: partner.sasl,
      SupportDialbackNegotiation: partner.dialback,
      EnableKeepAlive: partner.enableKeepAlive,
      ConnectionLimit: partner.connectionLimit,
      ProxyFqdn: partner.proxyFqdn.trim() ? normaliseFqdn(partner.proxyFqdn) : null,
    })
  }
  return want
}

/** The model's state with lists that have no order (additional domains) sorted, key order ignored. */
function canonical(s: ModelState): ModelState {
  const c = structuredClone(s)
  for (const x of c.partners) x.AdditionalDomains = [...(x.AdditionalDomains ?? [])].sort()
  const sortKeys = (o: ModelState) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    )
  c.policies = [...c.policies].map(sortKeys).sort((a: ModelState, b: ModelState) => a.Identity.localeCompare(b.Identity))
  c.partners = [...c.partners].map(sortKeys).sort((a: ModelState, b: ModelState) => a.Identity.localeCompare(b.Identity))
  return c
}

for (const [name, make] of Object.entries(PROJECTS)) {
  for (const deployment of Object.keys(DEPLOYMENTS)) {
    const id = `${name}/${deployment}`
    describe(`${id} deployment`, () => {
      const p = make()
      const dir = () => dirOf(name, deployment)

      it("2. desired state: the model holds exactly the project's state, blanks cleared", () => {
        ok(`${id}/config`)
        const before = readState(join(dir(), 'before.json'))
        const after = readState(join(dir(), 'after-config.json'))
        const want = expectedAfterConfig(p, before)
        expect(canonical({ policies: after.policies, partners: after.partners, gateway: after.gateway, accessEdge: after.accessEdge })).toEqual(
          canonical({ policies: want.policies, partners: want.partners, gateway: want.gateway, accessEdge: want.accessEdge }),
        )
        // Every targeted user holds the user policy; the user nobody targets keeps what it had, and
        // so does everyone when XMPP is retired (nothing is granted then).
        const userPolicy = p.policy.policies.find((x) => x.scope === 'user')
        for (const u of after.users) {
          const was = before.users.find((x: ModelState) => x.SipAddress === u.SipAddress)
          if (u.DisplayName === 'Not targeted' || p.scenario.scenario === 'retire-xmpp') expect(u.ExternalAccessPolicy).toBe(was.ExternalAccessPolicy)
          else expect(u.ExternalAccessPolicy, u.SipAddress).toBe(userPolicy?.name.trim())
        }
      })

      it('3. idempotent: a second run makes zero New/Set/Remove/Grant calls', () => {
        ok(`${id}/config-again`)
        expect(changing(readCalls(join(dir(), 'config-again.log')))).toEqual([])
        expect(result(`${id}/config-again`).output).toMatch(/Changes made: 0/)
        expect(readFileSync(join(dir(), 'after-config-again.json'), 'utf8')).toBe(readFileSync(join(dir(), 'after-config.json'), 'utf8'))
      })

      it('4. -WhatIf changes nothing and says what it would do', () => {
        const r = ok(`${id}/whatif`)
        expect(readFileSync(join(dir(), 'after-whatif.json'), 'utf8')).toBe(readFileSync(join(dir(), 'before.json'), 'utf8'))
        const calls = changing(readCalls(join(dir(), 'whatif.log')))
        expect(calls.length).toBeGreaterThan(0)
        for (const c of calls) expect(c.whatIf, `${c.cmdlet} ran without -WhatIf`).toBe(true)
        // The script lists each change it would make, and the cmdlets print PowerShell's own
        // "What if:" lines (host output, kept by the transcript the script writes).
        expect(r.output).toMatch(/WOULD CHANGE: /)
        const transcripts = readdirSync(dir())
          .filter((f) => /^xmpp-config-.*\.log$/.test(f))
          .map((f) => readFileSync(join(dir(), f), 'utf8'))
        expect(transcripts.some((t) => /What if: Performing the operation "(New|Set)-Cs/.test(t))).toBe(true)
        expect(r.output).toMatch(/Changes that would be made: [1-9]/)
      })

      it('5. reversible: config then rollback leaves the model as before (byte-for-byte where nothing was removed)', () => {
        ok(`${id}/rollback`)
        if (p.scenario.scenario === 'retire-xmpp') {
          // Removed partners come back through New-, at the end of the server's list: the same
          // objects and values, in another order (the partner list has no order the cmdlets keep).
          expect(canonical(readState(join(dir(), 'after-rollback.json')))).toEqual(canonical(readState(join(dir(), 'before.json'))))
        } else expect(readFileSync(join(dir(), 'after-rollback.json'), 'utf8')).toBe(readFileSync(join(dir(), 'before.json'), 'utf8'))
        ok(`${id}/rollback-again`)
        expect(changing(readCalls(join(dir(), 'rollback-again.log')))).toEqual([])
      })

      if (p.gateway.setDialbackPassphrase) {
        it('the dialback passphrase typed at the prompt arrives verbatim and is not in the transcript', () => {
          ok(`${id}/passphrase`)
          const set = readCalls(join(dir(), 'passphrase.log')).filter((c) => c.cmdlet === 'Set-CsXmppGatewayConfiguration' && 'DialbackPassphrase' in c.bound)
          expect(set.map((c) => c.bound.DialbackPassphrase)).toEqual([PASSPHRASE])
          for (const f of readdirSync(dir()).filter((x) => x.endsWith('.log') && x.startsWith('xmpp-'))) expect(readFileSync(join(dir(), f), 'utf8')).not.toContain(PASSPHRASE)
        })
      }
    })
  }
}

describe('6. injection: every hostile string arrives at the cmdlet verbatim', () => {
  it('descriptions, user identities, OU and LDAP filter of the hostile project', () => {
    const p = hostileProject()
    const calls = readCalls(join(dirOf('hostile', 'empty'), 'config.log'))
    const arrived = (cmdlet: string, param: string) => calls.filter((c) => c.cmdlet === cmdlet && param in c.bound).map((c) => c.bound[param])
    for (const pol of p.policy.policies) expect(arrived('New-CsExternalAccessPolicy', 'Description')).toContain(pol.description)
    for (const partner of p.partners.partners) expect(arrived('New-CsXmppAllowedPartner', 'Description')).toContain(partner.description)
    const user = p.policy.policies[0]!
    for (const u of user.assignTo.users) expect(arrived('Get-CsUser', 'Identity')).toContain(u)
    expect(arrived('Get-CsUser', 'OU')).toEqual([user.assignTo.ou])
    expect(arrived('Get-CsUser', 'LdapFilter')).toEqual([user.assignTo.ldapFilter])
    // Every hostile string of the list reached a cmdlet somewhere.
    const all = JSON.stringify(calls.map((c) => c.bound))
    for (const h of HOSTILE_STRINGS) expect(all.includes(JSON.stringify(h).slice(1, -1)), h).toBe(true)
  })
})

import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ProjectData } from '../../../shared/domain/model/project'
import { buildExportBundle } from '../../../shared/export/export-bundle'
import { planChanges } from '../../../shared/export/existing-config'
import { inlinePlain } from '../../../shared/export/runbook-doc'
import { runbookDoc } from '../../../shared/export/runbook'
import { changing, emptyDeployment, readCalls, readState, runSteps, writeExport, writeState, type Call, type ModelState, type Step, type StepResult } from '../../helpers/engine'
import { findPowerShell } from '../../helpers/pwsh'
import { SAMPLE_APP_VERSION, SAMPLE_GENERATED_AT, hostileProject, largeProject, smallProject } from '../../helpers/sample-projects'
import { tempDir } from '../../helpers/temp-dir'

// Issue 11, items 7 and 8. The runbook's Management Shell lines are executed in the engine (they
// must bind: a [bool] takes $false, not "false") and must leave the model exactly as the script
// does; the Review step's planned changes must name every change the script made.

const PROJECTS: Record<string, () => ProjectData> = { small: smallProject, large: largeProject, hostile: hostileProject }
const CMDLET_LINE = /^(Get-CsUser\b.*\|\s*)?(New|Set|Grant|Remove)-Cs\w+\b/

/** The runbook's code spans that are Management Shell commands, in document order. */
function runbookCommands(p: ProjectData): string[] {
  const doc = runbookDoc(p, { generatedAt: SAMPLE_GENERATED_AT })
  const texts: string[] = []
  const visit = (t: string) => {
    // eslint-disable-next-line no-control-regex -- \u0003/\u0004 are the markers the walker puts around each text
    for (const m of t.matchAll(/\u0003([^\u0004]*)\u0004/g)) texts.push(m[1]!)
  }
  for (const s of doc.steps)
    for (const b of s.blocks) {
      if (b.kind === 'p' || b.kind === 'note' || b.kind === 'pre') visit(b.text)
      else if (b.kind === 'ol' || b.kind === 'ul') b.items.forEach(visit)
    }
  // Lines with placeholders (<thumbprint>) are for the Edge Server, not for this model.
  return texts.filter((t) => CMDLET_LINE.test(t) && !/<[a-z ]+>/i.test(t))
}

/** The deployment both run on: the empty one, plus the policies the admin said exist already. */
function startingState(p: ProjectData): ModelState {
  const s = emptyDeployment(p)
  for (const pol of p.policy.policies.filter((x) => x.updateExisting && x.scope !== 'global')) {
    s.policies.push({
      Identity: pol.scope === 'site' ? `Site:${pol.site.trim()}` : `Tag:${pol.name.trim()}`,
      Description: null,
      EnableFederationAccess: false,
      EnableXmppAccess: false,
      EnablePublicCloudAccess: false,
      EnablePublicCloudAudioVideoAccess: false,
      EnableOutsideAccess: false,
    })
  }
  return s
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
  ;({ dir: work, cleanup } = await tempDir('xgw-parity-'))
  const steps: Step[] = []
  for (const [name, make] of Object.entries(PROJECTS)) {
    const p = make()
    const dir = join(work, name)
    writeExport(dir, buildExportBundle(p, { generatedAt: SAMPLE_GENERATED_AT, appVersion: SAMPLE_APP_VERSION }))
    writeState(join(dir, 'script-state.json'), startingState(p))
    copyFileSync(join(dir, 'script-state.json'), join(dir, 'runbook-state.json'))
    steps.push({ id: `${name}/script`, kind: 'run', script: join(dir, 'xmpp-config.ps1'), state: join(dir, 'script-state.json'), log: join(dir, 'script.log') })
    runbookCommands(p).forEach((code, i) => {
      steps.push({ id: `${name}/runbook/${i}`, kind: 'exec', code: `$ErrorActionPreference = 'Stop'\n${code}`, state: join(dir, 'runbook-state.json'), log: join(dir, 'runbook.log') })
    })
  }
  results = runSteps(work, steps)
}, 300_000)

afterAll(async () => {
  await cleanup()
})

/** The model state with list order and key order ignored where the server keeps no order. */
function canonical(s: ModelState): ModelState {
  const sortKeys = (o: ModelState) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, k === 'AdditionalDomains' ? [...(o[k] ?? [])].sort() : o[k]]),
    )
  const byId = (a: ModelState, b: ModelState) => String(a.Identity ?? a.SipAddress).localeCompare(String(b.Identity ?? b.SipAddress))
  return {
    accessEdge: s.accessEdge,
    gateway: { ...s.gateway, DialbackPassphrase: null },
    policies: s.policies.map(sortKeys).sort(byId),
    partners: s.partners.map(sortKeys).sort(byId),
    users: s.users.map((u: ModelState) => ({ SipAddress: u.SipAddress, ExternalAccessPolicy: u.ExternalAccessPolicy })).sort(byId),
  }
}

for (const [name, make] of Object.entries(PROJECTS)) {
  describe(`7. runbook parity: ${name} project`, () => {
    const p = make()

    it('every Management Shell line of the runbook binds in the engine', () => {
      const commands = runbookCommands(p)
      expect(commands.length).toBeGreaterThanOrEqual(p.policy.policies.length + p.partners.partners.length + 1)
      commands.forEach((code, i) => {
        const r = results.get(`${name}/runbook/${i}`)!
        expect(r.error, `${code}\n${r.error}`).toBeNull()
      })
    })

    it("the runbook's lines leave the model exactly as the script does", () => {
      expect(results.get(`${name}/script`)!.error).toBeNull()
      expect(canonical(readState(join(work, name, 'runbook-state.json')))).toEqual(canonical(readState(join(work, name, 'script-state.json'))))
    })

    it('every value the script sets appears in the runbook step for the same object', () => {
      const doc = runbookDoc(p, { generatedAt: SAMPLE_GENERATED_AT })
      const stepText = (title: string) => {
        const s = doc.steps.find((x) => x.title === title)
        expect(s, title).toBeDefined()
        return s!.blocks
          .map((b) => ('text' in b ? b.text : 'items' in b ? b.items.join('\n') : b.rows.flat().join('\n')))
          .map(inlinePlain)
          .join('\n')
      }
      const calls = changing(readCalls(join(work, name, 'script.log')))
      expect(calls.length).toBeGreaterThan(0)
      for (const c of calls) {
        const title =
          c.cmdlet === 'Grant-CsExternalAccessPolicy'
            ? `External Access Policy ${c.bound.PolicyName}`
            : /ExternalAccessPolicy$/.test(c.cmdlet)
              ? `External Access Policy ${c.bound.Identity}`
              : /XmppAllowedPartner$/.test(c.cmdlet)
                ? 'XMPP federated partners'
                : 'Access Edge federation and XMPP gateway settings'
        const text = stepText(title)
        for (const [k, v] of Object.entries(c.bound)) {
          if (['WhatIf', 'Confirm', 'Identity', 'Instance'].includes(k) && !(k === 'Identity' && typeof v === 'string' && c.cmdlet !== 'Grant-CsExternalAccessPolicy')) continue
          if (k === 'Identity' && c.cmdlet === 'Grant-CsExternalAccessPolicy') continue // users come from the OU / LDAP filter too
          const shown = typeof v === 'boolean' ? `$${v}` : Array.isArray(v) ? v : [String(v)]
          for (const one of [shown].flat()) {
            // Text with line breaks is shown as PowerShell spells it: each line is there.
            for (const line of String(one).split(/\r|\n/).filter(Boolean)) expect(text, `${c.cmdlet} -${k}`).toContain(line.replace(/'/g, "''").replace(/[\u2018\u2019\u201A\u201B]/g, (q) => q + q))
          }
        }
      }
    })
  })

  describe(`8. planned changes list every change the script made: ${name} project`, () => {
    const p = make()
    it('each recorded New/Set/Grant call has its planned change, and each planned change was made', () => {
      const planned = planChanges(p, null)
      const calls: Call[] = changing(readCalls(join(work, name, 'script.log')))
      const objectOf = (c: Call): [string, string] => {
        if (/ExternalAccessPolicy$/.test(c.cmdlet) && !c.cmdlet.startsWith('Grant')) return ['ExternalAccessPolicy', c.bound.Identity]
        if (c.cmdlet === 'Grant-CsExternalAccessPolicy') return ['UserPolicyAssignment', c.bound.PolicyName]
        if (/XmppAllowedPartner$/.test(c.cmdlet)) return ['XmppAllowedPartner', c.bound.Identity]
        if (c.cmdlet === 'Set-CsAccessEdgeConfiguration') return ['AccessEdgeConfiguration', 'global']
        if (c.cmdlet === 'Set-CsXmppGatewayConfiguration') return ['XmppGatewayConfiguration', 'global']
        throw new Error(`unexpected change ${c.cmdlet}`)
      }
      const made = new Set<string>()
      for (const c of calls) {
        const [object, identity] = objectOf(c)
        made.add(`${object} ${identity}`)
        const pc = planned.find((x) => x.object === object && x.identity === identity)
        expect(pc, `${c.cmdlet} ${identity} is not in the planned changes`).toBeDefined()
        for (const [k, v] of Object.entries(c.bound)) {
          if (['Identity', 'WhatIf', 'Confirm', 'PolicyName'].includes(k)) continue
          const want = k === 'AdditionalDomains' ? [...(v as string[])].sort().join(', ') : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)
          expect(pc!.changes.find((x) => x.property === k)?.to, `${object} ${identity} ${k}`).toBe(want)
        }
      }
      for (const pc of planned.filter((x) => x.action !== 'unchanged')) expect(made.has(`${pc.object} ${pc.identity}`), `${pc.object} ${pc.identity} was planned but not made`).toBe(true)
      // The deployment-wide change says what it does.
      const edge = planned.find((x) => x.object === 'AccessEdgeConfiguration')
      expect(edge?.changes).toEqual([{ property: 'AllowFederatedUsers', from: '(read when the script runs)', to: 'True' }])
      expect(edge?.consequence).toMatch(/ALL federated partners, SIP as well as XMPP/)
      expect(calls.some((c) => c.cmdlet === 'Set-CsAccessEdgeConfiguration' && c.bound.AllowFederatedUsers === true)).toBe(true)
    })
  })
}

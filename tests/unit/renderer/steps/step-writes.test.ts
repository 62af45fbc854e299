/**
 * The steps never write into their `data` prop: each is mounted here with the project behind a
 * `readonly` proxy, so a write through the prop is refused (and warned about) instead of reaching
 * the project. Every edit must still arrive in the projects store and be autosaved: that is what
 * each test asserts, through the fields' own ids.
 */
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick, readonly, type Component } from 'vue'
import StepDns from '../../../../renderer/src/steps/StepDns.vue'
import StepGateway from '../../../../renderer/src/steps/StepGateway.vue'
import StepInventory from '../../../../renderer/src/steps/StepInventory.vue'
import StepPartners from '../../../../renderer/src/steps/StepPartners.vue'
import StepPolicy from '../../../../renderer/src/steps/StepPolicy.vue'
import StepPrerequisites from '../../../../renderer/src/steps/StepPrerequisites.vue'
import StepScenario from '../../../../renderer/src/steps/StepScenario.vue'
import StepVerification from '../../../../renderer/src/steps/StepVerification.vue'
import { useProjectsStore } from '../../../../renderer/src/stores/projects'
import type { Project } from '../../../../shared/contract/project'
import type { ProjectData, ProjectDataInput } from '../../../../shared/domain/model/project'
import { createRendererHost, project } from '../renderer-host'

const FRAME = { template: '<div><slot /></div>' }

async function mountStep(step: Component, data: ProjectDataInput = {}, stubs: Record<string, unknown> = {}) {
  const host = createRendererHost([project('contoso', data)])
  const projects = useProjectsStore()
  await projects.init()
  const w = mount(step, { props: { data: readonly(projects.current!.data) as ProjectData }, global: { ...host.global, stubs: { StepFrame: FRAME, ...stubs } } })
  /** The project as the host has it after the autosave. */
  const saved = async (): Promise<ProjectData> => {
    await vi.advanceTimersByTimeAsync(1000)
    const saves = host.sent('project.save') as { data: Project['data'] }[]
    expect(saves.length).toBeGreaterThan(0)
    return saves.at(-1)!.data
  }
  return { w, projects, saved }
}

let warn: MockInstance
beforeEach(() => {
  vi.useFakeTimers()
  warn = vi.spyOn(console, 'warn')
})
afterEach(() => {
  vi.useRealTimers()
  const refused = warn.mock.calls.filter((c) => String(c[0]).includes('readonly'))
  warn.mockRestore()
  expect(refused).toEqual([])
})

describe('steps write the project through the store', () => {
  it('Policy: fields, the scope, the assignment and the site picker of a row', async () => {
    const { w, projects, saved } = await mountStep(StepPolicy, { inventory: { sites: [{ name: 'Redmond', xmppRouteEdgePool: '' }] } })
    await w.get('#policy-0-name').setValue('XmppUsers')
    await w.get('#policy-0-xmpp').setValue(false)
    await w.get('#policy-0-remote-true').setValue(true)
    await w.get('#policy-0-users').setValue('sip:kenmyer@contoso.com\nsip:pat@contoso.com')
    await w.get('#policy-0-ou').setValue('ou=US,dc=contoso,dc=com')
    expect(projects.current!.data.policy.policies[0]).toMatchObject({
      name: 'XmppUsers',
      enableXmppAccess: false,
      enableOutsideAccess: 'true',
      assignTo: { users: ['sip:kenmyer@contoso.com', 'sip:pat@contoso.com'], ou: 'ou=US,dc=contoso,dc=com' },
    })
    expect((await saved()).policy.policies[0]).toMatchObject({ name: 'XmppUsers', enableXmppAccess: false, enableOutsideAccess: 'true' })

    await w.get('#policy-0-scope-site').setValue(true)
    await w.get('#policy-0-site-pick').setValue('Redmond')
    expect(projects.current!.data.policy.policies[0]).toMatchObject({ scope: 'site', site: 'Redmond' })
    await w.get('#policy-0-desc').setValue('For the Redmond site')
    expect((await saved()).policy.policies[0]).toMatchObject({ scope: 'site', site: 'Redmond', description: 'For the Redmond site' })
    expect(w.get('[data-testid="policy-precedence-0"]').text()).not.toBe('')
  })

  it('Policy: adding a row and editing it leaves the first row as it was', async () => {
    const { w, projects, saved } = await mountStep(StepPolicy)
    const first = JSON.parse(JSON.stringify(projects.current!.data.policy.policies[0]))
    await w
      .findAll('button')
      .find((b) => b.text() === 'Add a user policy')!
      .trigger('click')
    await nextTick()
    await w.get('#policy-1-desc').setValue('Second')
    const policies = (await saved()).policy.policies
    expect(policies).toHaveLength(2)
    expect(policies[0]).toEqual(first)
    expect(policies[1]!.description).toBe('Second')
  })

  it('Inventory: lists, text, numbers, and the site rows', async () => {
    const { w, projects, saved } = await mountStep(StepInventory, {}, { LiveImportPanel: true })
    await w.get('#inv-sip').setValue('contoso.com')
    await w.get('#inv-access').setValue('sip.contoso.com')
    await w.get('#inv-port').setValue('5098')
    await w.get('#inv-nat').setValue(true)
    await w
      .findAll('button')
      .find((b) => b.text() === 'Add site')!
      .trigger('click')
    await w.get('#inv-site-0').setValue('Redmond')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Add failover pool')!
      .trigger('click')
    await w.get('#inv-fo-prio-0').setValue('30')
    expect(projects.current!.data.inventory).toMatchObject({ sipDomains: ['contoso.com'], accessEdgeFqdn: 'sip.contoso.com', xmppInternalPort: 5098, behindNat: true, sites: [{ name: 'Redmond' }], failoverPools: [{ priority: 30 }] })
    expect((await saved()).inventory).toMatchObject({ sipDomains: ['contoso.com'], xmppInternalPort: 5098, behindNat: true, sites: [{ name: 'Redmond' }], failoverPools: [{ priority: 30 }] })

    await w.get('[aria-label="Remove site Redmond"]').trigger('click')
    expect((await saved()).inventory.sites).toEqual([])
  })

  it('DNS: the SRV target, the host label and the numbers', async () => {
    const { w, saved } = await mountStep(StepDns, {}, { VerifyDnsCheck: true })
    await w.get('#dns-target-xmpp-host').setValue(true)
    await w.get('#dns-host-label').setValue('xmpp-gw')
    await w.get('#dns-ttl').setValue('600')
    expect((await saved()).dns).toMatchObject({ targetMode: 'xmpp-host', xmppHostLabel: 'xmpp-gw', ttl: 600 })
  })

  it('Gateway: a parameter switched on, its value, switched off again, the logging choice and the dialback passphrase', async () => {
    const { w, projects, saved } = await mountStep(StepGateway)
    await w.get('#gw-change-keepAliveInterval').setValue(true)
    expect(projects.current!.data.gateway.keepAliveInterval).toBe(300)
    await w.get('#gw-keepAliveInterval').setValue('600')
    await w.get('#gw-change-connectionLimit').setValue(true)
    await w.get('#gw-logging-false').setValue(true)
    await w.get('#gw-passphrase').setValue(true)
    expect((await saved()).gateway).toMatchObject({ keepAliveInterval: 600, connectionLimit: 1000, enableLoggingAllMessageBodies: false, setDialbackPassphrase: true })

    await w.get('#gw-change-connectionLimit').setValue(false)
    await w.get('#gw-logging-keep').setValue(true)
    await w.get('#gw-passphrase').setValue(false)
    expect((await saved()).gateway).toMatchObject({ keepAliveInterval: 600, connectionLimit: null, enableLoggingAllMessageBodies: null, setDialbackPassphrase: false })
    expect(w.get('[data-testid="gateway-result"]').text()).toBe("Set-CsXmppGatewayConfiguration -Identity 'global' -KeepAliveInterval 600")
  })

  it('Scenario: both choices', async () => {
    const { w, saved } = await mountStep(StepScenario)
    await w.get('#scenario-kind-legacy-only').setValue(true)
    await w.get('#scenario-legacy-Lync-Server-2013').setValue(true)
    expect((await saved()).scenario).toEqual({ scenario: 'legacy-only', legacyVersion: 'Lync Server 2013' })
  })

  it('Prerequisites: a status and its evidence', async () => {
    const { w, saved } = await mountStep(StepPrerequisites)
    await w.get('#prq-P1-status').setValue('done')
    await w.get('#prq-P1-evidence').setValue('CHG-1234')
    expect((await saved()).prerequisites.items.P1).toEqual({ status: 'done', evidence: 'CHG-1234' })
  })

  it('Partners: Commit adds and replaces a row, Remove takes it out; the editor leaves the row it edits alone', async () => {
    const { w, projects, saved } = await mountStep(StepPartners, {}, { VerifyPartnerCheck: true })
    await w
      .findAll('button')
      .find((b) => b.text() === 'Add partner')!
      .trigger('click')
    await w.get('#partner-editor-domain').setValue('Fabrikam.com')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Commit')!
      .trigger('click')
    expect((await saved()).partners.partners.map((p) => p.domain)).toEqual(['fabrikam.com'])

    await w.get('#partner-edit-0').trigger('click')
    await w.get('#partner-editor-domain').setValue('xmpp.fabrikam.com')
    // Typing in the editor is not a change to the project until Commit.
    expect(projects.current!.data.partners.partners[0]!.domain).toBe('fabrikam.com')
    await w
      .findAll('button')
      .find((b) => b.text() === 'Commit')!
      .trigger('click')
    expect((await saved()).partners.partners.map((p) => p.domain)).toEqual(['xmpp.fabrikam.com'])

    await w.get('#partner-remove-0').trigger('click')
    await w.get('#partner-remove-yes-0').trigger('click')
    expect((await saved()).partners.partners).toEqual([])
  })

  it('Verification: ticking an item after the deployment', async () => {
    const { w, saved } = await mountStep(StepVerification, {}, { CheckEdgeCertificate: true, VerifyReadiness: true, LiveDriftReport: true })
    await w.get('#verify-item-services').setValue(true)
    expect((await saved()).verification.done).toEqual({ services: true })
    await w.get('#verify-item-services').setValue(false)
    expect((await saved()).verification.done).toEqual({ services: false })
  })
})

/**
 * Step gating in the wizard store, on the real projects store and the shared step rules: a step
 * is entered for the first time only through Next from a valid step, a step with errors is never
 * counted complete, and only a move is saved.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useProjectsStore } from '../../../../renderer/src/stores/projects'
import { useWizardStore } from '../../../../renderer/src/stores/wizard'
import type { Project } from '../../../../shared/contract/project'
import type { ProjectDataInput } from '../../../../shared/domain/model/project'
import { createRendererHost, project } from '../renderer-host'

const VALID_SCENARIO = { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' } as const

async function opened(data: ProjectDataInput = {}) {
  const host = createRendererHost([project('contoso', data)])
  const projects = useProjectsStore()
  await projects.init()
  const wizard = useWizardStore()
  return { host, projects, wizard, saves: () => host.sent('project.save') as { data: Project['data'] }[] }
}

/** Past the save that follows a move (after paint) and the autosave delay. */
const settle = () => vi.advanceTimersByTimeAsync(1000)

describe('wizard store: step gating', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('Next on an invalid step stays there, reveals every error and points at the first invalid field', async () => {
    const { wizard, saves } = await opened()
    expect(wizard.currentStep).toBe('scenario')
    // Before Next, an untouched field shows nothing.
    expect(wizard.visibleFor('scenario', 'scenario.scenario')).toEqual([])

    expect(wizard.next()).toEqual({ moved: false, firstInvalid: 'scenario.scenario' })
    expect(wizard.currentStep).toBe('scenario')
    expect([...wizard.visited]).toEqual(['scenario'])
    expect(wizard.revealed.has('scenario')).toBe(true)
    expect(wizard.visibleFor('scenario', 'scenario.scenario').map((f) => f.code)).toEqual(['scenario.required'])
    expect(wizard.visibleFor('scenario', 'scenario.legacyVersion').map((f) => f.code)).toEqual(['scenario.legacy-version.required'])
    await settle()
    expect(saves()).toEqual([])
  })

  it('the step list cannot open the next step while the current one has errors, nor skip a step at all', async () => {
    const { projects, wizard } = await opened()
    expect(wizard.goTo('inventory')).toBe(false)
    expect(wizard.currentStep).toBe('scenario')

    projects.update('scenario', VALID_SCENARIO)
    // Valid now, but two steps ahead was never reached: only the next one opens.
    expect(wizard.goTo('prerequisites')).toBe(false)
    expect(wizard.currentStep).toBe('scenario')
    expect(wizard.stateOf('prerequisites')).toBe('unvisited')

    expect(wizard.goTo('inventory')).toBe(true)
    expect(wizard.currentStep).toBe('inventory')
    expect([...wizard.visited]).toEqual(['scenario', 'inventory'])
    expect(wizard.stateOf('scenario')).toBe('complete')
  })

  it('an invalid step keeps the following one closed; going back is never gated', async () => {
    const { wizard, saves } = await opened({ scenario: VALID_SCENARIO })
    expect(wizard.next()).toEqual({ moved: true })
    await settle()
    expect(saves().at(-1)!.data.wizard).toEqual({ currentStep: 'inventory', visited: ['scenario', 'inventory'] })

    // The empty inventory has errors: neither Next nor the step list gets past it.
    expect(wizard.next()).toMatchObject({ moved: false, firstInvalid: 'inventory.sipDomains' })
    expect(wizard.goTo('prerequisites')).toBe(false)
    expect(wizard.currentStep).toBe('inventory')
    expect(wizard.stateOf('prerequisites')).toBe('unvisited')

    expect(wizard.back()).toBe(true)
    expect(wizard.currentStep).toBe('scenario')
    // Left with errors, the inventory shows as such in the step list, not as complete.
    expect(wizard.stateOf('inventory')).toBe('error')
    // Reached before, it opens again from the step list even with its errors (to fix them).
    expect(wizard.goTo('inventory')).toBe(true)
    await settle()
    expect(saves().at(-1)!.data.wizard.currentStep).toBe('inventory')
  })

  it('a visited step that an edit made invalid is no longer complete', async () => {
    const { projects, wizard } = await opened({ scenario: VALID_SCENARIO, wizard: { currentStep: 'inventory', visited: ['scenario', 'inventory'] } })
    expect(wizard.stateOf('scenario')).toBe('complete')
    projects.update('scenario', { legacyVersion: '' })
    expect(wizard.stateOf('scenario')).toBe('error')
    projects.update('scenario', { legacyVersion: 'Lync Server 2013' })
    expect(wizard.stateOf('scenario')).toBe('complete')
  })
})

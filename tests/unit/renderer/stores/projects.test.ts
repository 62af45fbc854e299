/**
 * The projects store's own logic, against a stand-in for the host at the transport: the
 * autosave, what a refused save leaves on screen, and which answer wins when the admin switches
 * projects while a call is on its way.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import ProjectBar from '../../../../renderer/src/components/ProjectBar.vue'
import { useProjectsStore } from '../../../../renderer/src/stores/projects'
import type { Project } from '../../../../shared/contract/project'
import { defaultExternalAccessPolicy } from '../../../../shared/domain/model/policy'
import type { AppErrorData } from '../../../../shared/errors'
import { fail, ok, type Result } from '../../../../shared/result'
import { createRendererHost, deferred, project } from '../renderer-host'

interface SaveInput {
  id: string
  baseRevision?: number
  data: Project['data']
}

async function opened(projects: Project[] = [project('contoso')]) {
  const host = createRendererHost(projects)
  const store = useProjectsStore()
  await store.init()
  return { host, store, saves: () => host.sent('project.save') as SaveInput[] }
}

/** Past the autosave delay, and the save's answer handled. */
const afterAutosave = () => vi.advanceTimersByTimeAsync(1000)

const DISK_FULL: AppErrorData = { code: 'STORE_IO', message: 'The disk is full.' }

describe('projects store: autosave', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('does not save a project it has only loaded', async () => {
    const { store, saves } = await opened()
    await afterAutosave()
    expect(store.current?.id).toBe('contoso')
    expect(saves()).toEqual([])
    expect(store.saveState).toBe('idle')
    expect(store.hasPending()).toBe(false)
  })

  it('saves edits made in quick succession once, after the delay, based on the revision it loaded', async () => {
    const { host, store, saves } = await opened()
    store.update('scenario', { scenario: 'legacy-only' })
    await nextTick()
    expect(store.saveState).toBe('saving')
    expect(store.hasPending()).toBe(true)
    await vi.advanceTimersByTimeAsync(200)
    store.update('scenario', { legacyVersion: 'Lync Server 2013' })
    await vi.advanceTimersByTimeAsync(200)
    // The second edit restarted the delay: nothing has gone out yet.
    expect(saves()).toEqual([])

    await afterAutosave()
    expect(saves()).toHaveLength(1)
    expect(saves()[0]).toMatchObject({ id: 'contoso', baseRevision: 1, data: { scenario: { scenario: 'legacy-only', legacyVersion: 'Lync Server 2013' } } })
    expect(host.stored.get('contoso')!.data.scenario).toEqual({ scenario: 'legacy-only', legacyVersion: 'Lync Server 2013' })
    expect(store.saveState).toBe('saved')
    expect(store.current!.revision).toBe(2)
    expect(store.hasPending()).toBe(false)

    // The next save carries the revision the first one returned, so it is not refused as a conflict.
    store.update('dns', { ttl: 600 })
    await afterAutosave()
    expect(saves()[1]).toMatchObject({ id: 'contoso', baseRevision: 2, data: { dns: { ttl: 600 } } })
    expect(store.saveState).toBe('saved')
  })

  it('keeps no Vue proxy in the project: a patch built from reactive rows still crosses a cloning bridge', async () => {
    const { store, saves } = await opened()
    // What a step does: the current rows, read through the reactive project, plus a new one.
    store.update('policy', { policies: [...store.current!.data.policy.policies, { ...defaultExternalAccessPolicy(), name: 'Second' }] })
    await afterAutosave()
    expect(store.saveState).toBe('saved')
    expect(saves()[0]!.data.policy.policies.map((p) => p.name)).toEqual([defaultExternalAccessPolicy().name, 'Second'])
  })
})

describe('projects store: a rename while a save is on its way', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it("waits for the save, so neither is refused as a change from another window, and later saves carry the rename's revision", async () => {
    const { host, store, saves } = await opened()
    // The save reaches the host only when the test lets it (a slow disk, a busy host).
    const gate = deferred<void>()
    host.handlers['project.save'] = (input: never) => gate.promise.then(() => host.serve('project.save', input))
    store.update('scenario', { scenario: 'legacy-only' })
    await vi.advanceTimersByTimeAsync(1000)
    expect(saves()).toHaveLength(1)
    const renamed = store.rename('contoso', 'North pool')
    await vi.advanceTimersByTimeAsync(50)
    // The rename has not gone out while the save is on its way…
    expect(host.sent('project.rename')).toEqual([])
    gate.resolve()
    expect(await renamed).toBe(true)
    // …and went out after it: both applied, in that order.
    expect(host.calls.filter((c) => c.route === 'project.save' || c.route === 'project.rename').map((c) => c.route)).toEqual(['project.save', 'project.rename'])
    expect(host.stored.get('contoso')).toMatchObject({ name: 'North pool', revision: 3, data: { scenario: { scenario: 'legacy-only' } } })
    expect(store.current).toMatchObject({ name: 'North pool', revision: 3 })
    store.update('dns', { ttl: 600 })
    await afterAutosave()
    expect(saves()[1]).toMatchObject({ baseRevision: 3 })
    expect(store.saveState).toBe('saved')
    expect(store.conflict).toBeNull()
  })
})

describe('projects store: a refused save', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('shows "Not saved" and the error, keeps the change, and saves it once the host accepts again', async () => {
    const { host, store, saves } = await opened()
    const bar = mount(ProjectBar, { global: host.global })
    host.handlers['project.save'] = () => fail(DISK_FULL)

    store.update('scenario', { scenario: 'retire-xmpp' })
    await afterAutosave()
    expect(saves()).toHaveLength(1)
    expect(store.saveState).toBe('error')
    expect(store.error).toEqual(DISK_FULL)
    expect(bar.get('.save-state').text()).toBe('Not saved')
    // The change is still in the window and still counted as unsaved (closing warns).
    expect(store.current!.data.scenario.scenario).toBe('retire-xmpp')
    expect(store.hasPending()).toBe(true)
    expect(host.stored.get('contoso')!.data.scenario.scenario).toBe('')

    delete host.handlers['project.save']
    expect(await store.saveNow()).toBe(true)
    expect(saves()).toHaveLength(2)
    expect(saves()[1]).toMatchObject({ baseRevision: 1, data: { scenario: { scenario: 'retire-xmpp' } } })
    expect(host.stored.get('contoso')!.data.scenario.scenario).toBe('retire-xmpp')
    expect(store.saveState).toBe('saved')
    expect(store.error).toBeNull()
    expect(store.hasPending()).toBe(false)
    await nextTick()
    expect(bar.get('.save-state').text()).toBe('All changes saved')
  })

  it('keeps an edit made while the refused save was on its way, and sends both changes on the next save', async () => {
    const { host, store, saves } = await opened()
    const answer = deferred<Result<unknown>>()
    host.handlers['project.save'] = () => answer.promise

    store.update('scenario', { scenario: 'legacy-only' })
    await afterAutosave()
    expect(saves()).toHaveLength(1)
    store.update('dns', { ttl: 120 })
    await nextTick()
    answer.resolve(fail(DISK_FULL))
    await vi.advanceTimersByTimeAsync(0)
    expect(store.saveState).toBe('error')
    expect(store.hasPending()).toBe(true)

    delete host.handlers['project.save']
    await afterAutosave()
    expect(saves().at(-1)).toMatchObject({ data: { scenario: { scenario: 'legacy-only' }, dns: { ttl: 120 } } })
    expect(host.stored.get('contoso')!.data.dns.ttl).toBe(120)
    expect(store.saveState).toBe('saved')
  })
})

describe('projects store: switching projects', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('stays on a project whose last change could not be saved, says why, and switches once it is saved', async () => {
    const { host, store } = await opened([project('contoso'), project('fabrikam', { dns: { ttl: 111 } })])
    host.handlers['project.save'] = () => fail(DISK_FULL)
    store.update('dns', { ttl: 120 })
    await afterAutosave()
    expect(store.saveState).toBe('error')

    expect(await store.open('fabrikam')).toBe(false)
    expect(host.sent('project.open')).toEqual([])
    expect(store.current!.id).toBe('contoso')
    expect(store.current!.data.dns.ttl).toBe(120)
    expect(store.hasPending()).toBe(true)
    expect(store.error?.message).toMatch(/^The other project was not opened: the last change to ".+" is not saved yet \(The disk is full\.\)\. Save again, then open it\.$/)

    delete host.handlers['project.save']
    expect(await store.open('fabrikam')).toBe(true)
    expect(host.stored.get('contoso')!.data.dns.ttl).toBe(120)
    expect(store.current!.id).toBe('fabrikam')
    expect(store.error).toBeNull()
  })
})

describe('projects store: answers that belong to another project', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('a slow answer to opening A, arriving after B was opened, does not bring A back', async () => {
    const { host, store, saves } = await opened([project('contoso'), project('fabrikam', { dns: { ttl: 111 } }), project('northwind', { dns: { ttl: 222 } })])
    const slow = deferred<void>()
    host.handlers['project.open'] = async (input: { id: string }) => {
      if (input.id === 'fabrikam') await slow.promise
      return ok(structuredClone(host.stored.get(input.id)!))
    }

    const first = store.open('fabrikam')
    expect(await store.open('northwind')).toBe(true)
    expect(store.current!.id).toBe('northwind')
    slow.resolve()
    expect(await first).toBe(false)
    expect(store.current!.id).toBe('northwind')
    expect(store.current!.data.dns.ttl).toBe(222)

    // Edits now go to the project on screen.
    store.update('dns', { ttl: 333 })
    await afterAutosave()
    expect(saves().map((s) => s.id)).toEqual(['northwind'])
    expect(host.stored.get('fabrikam')!.data.dns.ttl).toBe(111)
    expect(host.stored.get('northwind')!.data.dns.ttl).toBe(333)
  })

  it("a save of A still on its way when B is opened: B opens after A's answer, which lands on A only", async () => {
    const { host, store, saves } = await opened([project('contoso'), project('fabrikam', {}, 7)])
    const answer = deferred<void>()
    host.handlers['project.save'] = async (input: SaveInput) => {
      await answer.promise
      const p = host.stored.get(input.id)!
      p.data = input.data
      p.revision++
      return ok({ id: p.id, name: p.name, createdAt: p.createdAt, updatedAt: p.updatedAt, revision: p.revision })
    }

    store.update('scenario', { scenario: 'legacy-only' })
    await afterAutosave()
    expect(saves()).toHaveLength(1)
    const switching = store.open('fabrikam')
    await vi.advanceTimersByTimeAsync(0)
    // Opening waits for the save: leaving first could lose the change.
    expect(host.sent('project.open')).toEqual([])
    expect(store.current!.id).toBe('contoso')

    answer.resolve()
    expect(await switching).toBe(true)
    expect(host.stored.get('contoso')!.data.scenario.scenario).toBe('legacy-only')
    expect(store.current).toMatchObject({ id: 'fabrikam', revision: 7 })
    expect(store.current!.data.scenario.scenario).toBe('')

    delete host.handlers['project.save']
    store.update('dns', { ttl: 60 })
    await afterAutosave()
    expect(saves().at(-1)).toMatchObject({ id: 'fabrikam', baseRevision: 7, data: { scenario: { scenario: '' }, dns: { ttl: 60 } } })
    expect(store.saveState).toBe('saved')
  })
})

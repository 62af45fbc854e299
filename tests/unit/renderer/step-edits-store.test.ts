/**
 * A step's edits reach the project through the projects store's `update` action, never by writing
 * into the `data` prop, and the autosave still fires: the saved data carries the edit.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { ApiKey } from '../../../renderer/src/api/inject'
import CertRequestFields from '../../../renderer/src/components/CertRequestFields.vue'
import StepVerification from '../../../renderer/src/steps/StepVerification.vue'
import { useProjectsStore } from '../../../renderer/src/stores/projects'
import { ProjectData } from '../../../shared/domain/model/project'

async function setup(input: Parameters<typeof ProjectData.parse>[0] = {}) {
  const project = { id: 'contoso', name: 'Contoso', revision: 1, updatedAt: '2026-01-01T00:00:00.000Z', data: ProjectData.parse(input) }
  const saves: { id: string; baseRevision: number; data: ProjectData }[] = []
  const api = {
    project: {
      list: () => Promise.resolve({ ok: true, value: { projects: [] } }),
      current: () => Promise.resolve({ ok: true, value: project }),
      save: (req: { id: string; baseRevision: number; data: ProjectData }) => {
        // The transport serialises what it sends: a copy, as the real IPC and HTTP shells do.
        saves.push(JSON.parse(JSON.stringify(req)))
        return Promise.resolve({ ok: true, value: { updatedAt: '2026-01-01T00:00:00.000Z', revision: req.baseRevision + 1 } })
      },
    },
  }
  const pinia = createPinia()
  setActivePinia(pinia)
  const global = { plugins: [pinia], provide: { [ApiKey as symbol]: api } }
  // The store calls useApi() while it is created: create it inside a component that has the API.
  let projects!: ReturnType<typeof useProjectsStore>
  mount({ template: '<div />', setup: () => void (projects = useProjectsStore()) }, { global })
  // Opened the way the app opens it, so loading it is not taken for an edit.
  await projects.init()
  const actions: { name: string; args: unknown[] }[] = []
  projects.$onAction(({ name, args }) => void actions.push({ name, args }))
  return { saves, projects, actions, global }
}

/** Waits past the autosave delay and for the save's promise chain. */
async function settle() {
  await nextTick()
  await vi.advanceTimersByTimeAsync(1000)
}

describe('step edits go through the projects store', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('typing a request field calls update and the autosave saves the new value', async () => {
    const { saves, projects, actions, global } = await setup()
    await settle()
    expect(saves).toHaveLength(0)
    const w = mount(CertRequestFields, { props: { data: projects.current!.data }, global })
    await w.get('#cert-friendly').setValue('Edge external 2026')
    expect(actions.filter((a) => a.name === 'update')).toEqual([{ name: 'update', args: ['certificates', { request: expect.objectContaining({ friendlyName: 'Edge external 2026' }) }] }])
    expect(projects.current!.data.certificates.request.friendlyName).toBe('Edge external 2026')
    await settle()
    expect(saves).toHaveLength(1)
    expect(saves[0]!.data.certificates.request.friendlyName).toBe('Edge external 2026')
    expect(projects.saveState).toBe('saved')

    await w.get('#cert-bits').setValue('4096')
    expect(projects.current!.data.certificates.request.bitLength).toBe(4096)
    await settle()
    expect(saves).toHaveLength(2)
    expect(saves[1]!.data.certificates.request.bitLength).toBe(4096)
    expect(saves[1]!.baseRevision).toBe(2)
  })

  it('an Edge pool forces the exportable key through the store too', async () => {
    const { saves, projects, actions, global } = await setup({ inventory: { edgeMembers: ['edge1.contoso.local', 'edge2.contoso.local'] }, certificates: { request: { exportable: false } } })
    await settle()
    expect(projects.current!.data.inventory.edgeMembers).toHaveLength(2)
    mount(CertRequestFields, { props: { data: projects.current!.data }, global })
    expect(actions.map((a) => a.name)).toEqual(['update'])
    expect(projects.current!.data.certificates.request.exportable).toBe(true)
    await settle()
    expect(saves.at(-1)!.data.certificates.request.exportable).toBe(true)
  })

  it('the verification step saves the resolver it is given, trimmed on leaving the box', async () => {
    const { saves, projects, actions, global } = await setup({ dns: { resolver: '192.0.2.53' } })
    await settle()
    const w = mount(StepVerification, { props: { data: projects.current!.data }, global: { ...global, stubs: { CheckEdgeCertificate: true, VerifyReadiness: true, LiveDriftReport: true, StepFrame: { template: '<div><slot /></div>' } } } })
    const box = w.get('#verify-resolver')
    await box.setValue(' 198.51.100.7:53 ')
    await box.trigger('blur')
    expect(actions.filter((a) => a.name === 'update').map((a) => a.args)).toEqual([
      ['dns', { resolver: ' 198.51.100.7:53 ' }],
      ['dns', { resolver: '198.51.100.7:53' }],
    ])
    await settle()
    expect(saves.at(-1)!.data.dns.resolver).toBe('198.51.100.7:53')
  })
})

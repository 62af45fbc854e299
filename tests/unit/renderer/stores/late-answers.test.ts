/**
 * Answers that arrive after the admin opened another project: the artifacts store (pasted
 * configuration, export preview) and the live store (taking a deployment read) drop them, so
 * nothing worked out from project A shows, or is written, in project B. Each case has its twin
 * where the project stays open and the answer is kept, so a store that dropped everything fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useArtifactsStore } from '../../../../renderer/src/stores/artifacts'
import { useLiveStore } from '../../../../renderer/src/stores/live'
import { useProjectsStore } from '../../../../renderer/src/stores/projects'
import { ProjectData } from '../../../../shared/domain/model/project'
import { ok, type Result } from '../../../../shared/result'
import { createRendererHost, deferred, project } from '../renderer-host'

/** What A's pasted configuration would prefill: a partner B never had. */
const PREFILLED = ProjectData.parse({ partners: { partners: [{ domain: 'fabrikam.com' }] } })
const PARSED = { existing: { policies: [], partners: [] }, findings: [], prefilled: PREFILLED, changes: [] }
const PREVIEW = { files: [{ fileName: 'dns-records.txt', content: '; contoso', language: 'text' }], findings: [], blocking: [], changes: [] }

async function twoProjects() {
  const host = createRendererHost([project('contoso', { inventory: { accessEdgeFqdn: 'sip.contoso.com' } }), project('northwind', { inventory: { accessEdgeFqdn: 'sip.northwind.com' } })])
  const projects = useProjectsStore()
  await projects.init()
  const answer = deferred<Result<unknown>>()
  return { host, projects, answer }
}

describe('late answers for another project', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('the pasted configuration read for A is not offered for prefilling in B', async () => {
    const { host, projects, answer } = await twoProjects()
    const artifacts = useArtifactsStore()
    host.handlers['artifacts.parseExisting'] = () => answer.promise
    artifacts.policiesJson = '[]'
    const reading = artifacts.readExisting(projects.current!.data)
    expect(artifacts.parsing).toBe(true)

    await projects.open('northwind')
    answer.resolve(ok(PARSED))
    expect(await reading).toBe(false)
    expect(artifacts.parsed).toBeNull()
    expect(artifacts.prefilled()).toBeNull()
    expect(artifacts.parsing).toBe(false)
  })

  it('the pasted configuration read for the open project is kept', async () => {
    const { host, projects, answer } = await twoProjects()
    const artifacts = useArtifactsStore()
    host.handlers['artifacts.parseExisting'] = () => answer.promise
    artifacts.policiesJson = '[]'
    const reading = artifacts.readExisting(projects.current!.data)
    answer.resolve(ok(PARSED))
    expect(await reading).toBe(true)
    expect(artifacts.prefilled()?.partners.partners.map((p) => p.domain)).toEqual(['fabrikam.com'])
  })

  it("A's export preview does not show in B; the open project's does", async () => {
    const { host, projects, answer } = await twoProjects()
    const artifacts = useArtifactsStore()
    host.handlers['artifacts.preview'] = () => answer.promise
    const previewing = artifacts.refreshPreview(projects.current!.data)
    await projects.open('northwind')
    answer.resolve(ok(PREVIEW))
    await previewing
    expect(artifacts.preview).toBeNull()
    expect(artifacts.previewing).toBe(false)

    const again = deferred<Result<unknown>>()
    host.handlers['artifacts.preview'] = () => again.promise
    const current = artifacts.refreshPreview(projects.current!.data)
    again.resolve(ok(PREVIEW))
    await current
    expect(artifacts.preview?.files.map((f) => f.fileName)).toEqual(['dns-records.txt'])
  })

  it('sections taken from a deployment read for A are not written into B', async () => {
    const { host, projects, answer } = await twoProjects()
    const live = useLiveStore()
    host.handlers['live.apply'] = () => answer.promise
    host.handlers['live.expiry'] = () => ok({ projects: [] })
    const taken = ProjectData.parse({ inventory: { accessEdgeFqdn: 'sip.from-the-read.com' } })
    const accepting = live.accept(projects.current!.data, { content: '{}' }, ['inventory'], 'contoso')

    await projects.open('northwind')
    answer.resolve(ok({ data: taken }))
    expect(await accepting).toBe(false)
    expect(projects.current!.data.inventory.accessEdgeFqdn).toBe('sip.northwind.com')
    await vi.advanceTimersByTimeAsync(1000)
    expect(host.sent('project.save')).toEqual([])
    expect(host.stored.get('contoso')!.data.inventory.accessEdgeFqdn).toBe('sip.contoso.com')
  })

  it('sections taken for the open project land in it and are saved', async () => {
    const { host, projects } = await twoProjects()
    const live = useLiveStore()
    const taken = ProjectData.parse({ inventory: { accessEdgeFqdn: 'sip.from-the-read.com' } })
    host.handlers['live.apply'] = () => ok({ data: taken })
    host.handlers['live.expiry'] = () => ok({ projects: [] })
    expect(await live.accept(projects.current!.data, { content: '{}' }, ['inventory'], 'contoso')).toBe(true)
    expect(projects.current!.data.inventory.accessEdgeFqdn).toBe('sip.from-the-read.com')
    await vi.advanceTimersByTimeAsync(1000)
    expect(host.stored.get('contoso')!.data.inventory.accessEdgeFqdn).toBe('sip.from-the-read.com')
  })
})

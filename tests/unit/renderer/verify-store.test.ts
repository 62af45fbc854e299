/**
 * The verify store's own logic, without a browser: an answer to a check started before another
 * project was opened is dropped, so one project's report never shows under another.
 */
import { describe, expect, it } from 'vitest'
import { createApp, nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { ApiKey } from '../../../renderer/src/api/inject'
import { useProjectsStore } from '../../../renderer/src/stores/projects'
import { useVerifyStore } from '../../../renderer/src/stores/verify'
import { ProjectData } from '../../../shared/domain/model/project'

const REPORT = { resolver: 'system', status: 'pass', findings: [], records: [] }

function setup() {
  const answers: ((v: unknown) => void)[] = []
  const api = { verify: { dns: () => new Promise((resolve) => answers.push(resolve)) } }
  const app = createApp({})
  app.provide(ApiKey, api as never)
  const pinia = createPinia()
  app.use(pinia)
  setActivePinia(pinia)
  const projects = useProjectsStore()
  const verify = useVerifyStore()
  const data = ProjectData.parse({})
  const openProject = (id: string) => (projects.current = { id, name: id, data } as never)
  return { answers, projects, verify, data, openProject }
}

describe('verify store', () => {
  it('keeps the answer to a check of the project that is still open', async () => {
    const { answers, verify, data, openProject } = setup()
    openProject('contoso')
    await nextTick()
    const run = verify.checkDns(data, '')
    expect(verify.dns.running).toBe(true)
    answers[0]?.({ ok: true, value: REPORT })
    await run
    expect(verify.dns.running).toBe(false)
    expect(verify.dns.report).toEqual(REPORT)
  })

  it('drops an answer that arrives after another project was opened', async () => {
    const { answers, verify, data, openProject } = setup()
    openProject('contoso')
    await nextTick()
    const run = verify.checkDns(data, '')
    openProject('fabrikam')
    await nextTick()
    answers[0]?.({ ok: true, value: REPORT })
    await run
    expect(verify.dns.report).toBeNull()
    expect(verify.dns.running).toBe(false)
    expect(verify.dns.error).toBeNull()
  })
})

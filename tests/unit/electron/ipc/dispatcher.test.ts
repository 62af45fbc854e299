import { describe, expect, it } from 'vitest'
import { routeNames, type Handlers } from '../../../../shared/contract'
import { AppError, ErrorCode } from '../../../../shared/errors'
import { createDispatcher } from '../../../../electron/ipc/dispatcher'
import { createTestHost } from '../../../helpers/test-host'
import { memoryLogger } from '../../../helpers/memory-logger'
import { tempDir } from '../../../helpers/temp-dir'

describe('dispatcher', () => {
  it('refuses to start when a route has no handler', () => {
    expect(() => createDispatcher({} as Handlers, memoryLogger())).toThrow(/No handler for/)
  })

  it('rejects bad input with VALIDATION and the path, before the service runs', async () => {
    const { dir, cleanup } = await tempDir()
    const { dispatch } = await createTestHost(dir)
    const res = await dispatch('project.create', { name: 42 })
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { path: 'name' } } })
    const extra = await dispatch('project.create', { name: 'ok', admin: true })
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
    expect(await dispatch('project.list', {})).toMatchObject({ ok: true, value: { projects: [] } })
    await cleanup()
  })

  it('answers an unknown route with UNKNOWN_ROUTE, including prototype names', async () => {
    const { dir, cleanup } = await tempDir()
    const { dispatch } = await createTestHost(dir)
    for (const route of ['nope.x', 'project.constructor', '__proto__.x', 'project']) {
      expect((await dispatch(route, {})) as { error?: { code: string } }).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } })
    }
    await cleanup()
  })

  it('passes AppError codes through and hides unexpected errors behind INTERNAL, logging the stack', async () => {
    const log = memoryLogger()
    const base = Object.fromEntries(routeNames.map((r) => r.split('.')[0]!).map((ns) => [ns, {}])) as Record<string, Record<string, unknown>>
    for (const r of routeNames) {
      const [ns, m] = r.split('.') as [string, string]
      base[ns]![m] = async () => ({})
    }
    base.project!.list = async () => {
      throw new AppError(ErrorCode.NotFound, 'gone')
    }
    base.project!.current = async () => {
      throw new Error('secret path /home/admin/key.pem exploded')
    }
    const dispatch = createDispatcher(base as unknown as Handlers, log)
    expect(await dispatch('project.list', {})).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } })
    const internal = await dispatch('project.current', {})
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(internal)).not.toContain('/home/admin')
    expect(log.lines.some((l) => l.level === 'error' && String(l.fields?.error).includes('exploded'))).toBe(true)
  })
})

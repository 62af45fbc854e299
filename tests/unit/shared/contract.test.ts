import { describe, expect, it } from 'vitest'
import { contract, routeDef, routeNames } from '../../../shared/contract'
import { createApi } from '../../../shared/client'
import { createHandlers, createServices } from '../../../electron/app/create-services'
import { silentLogger } from '../../../electron/lib/logger'
import { tempDir } from '../../helpers/temp-dir'

describe('contract', () => {
  it('names every route once as namespace.method, and every route has a schema and a summary', () => {
    expect(new Set(routeNames).size).toBe(routeNames.length)
    const expected = Object.entries(contract).flatMap(([ns, routes]) => Object.keys(routes).map((m) => `${ns}.${m}`))
    expect([...routeNames].sort()).toEqual(expected.sort())
    for (const name of routeNames) {
      const def = routeDef(name)!
      expect(def.summary.length, name).toBeGreaterThan(3)
      expect(typeof def.input.safeParse, name).toBe('function')
    }
  })

  it('has a real handler for every route', async () => {
    const { dir, cleanup } = await tempDir()
    const handlers = createHandlers(await createServices({ dataDir: dir, log: silentLogger, shell: 'cli', version: 't' }))
    for (const name of routeNames) {
      const [ns, m] = name.split('.') as [keyof typeof handlers, string]
      expect(typeof (handlers[ns] as unknown as Record<string, unknown>)[m], name).toBe('function')
    }
    await cleanup()
  })

  it('builds a client method per route that carries the route name', async () => {
    const seen: string[] = []
    const api = createApi({ call: async (route) => (seen.push(route), { ok: true, value: null }) })
    for (const name of routeNames) {
      const [ns, m] = name.split('.') as [string, string]
      await (api as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[ns]![m]!({})
    }
    expect(seen).toEqual([...routeNames])
  })

  it('outputs of real calls match their output schemas', async () => {
    const { dir, cleanup } = await tempDir()
    const handlers = createHandlers(await createServices({ dataDir: dir, log: silentLogger, shell: 'cli', version: 't' }))
    const created = await handlers.project.create({ name: 'Schema check' })
    expect(contract.project.create.output.safeParse(created).success).toBe(true)
    expect(contract.project.list.output.safeParse(await handlers.project.list({})).success).toBe(true)
    expect(contract.project.exportFile.output.safeParse(await handlers.project.exportFile({ id: created.id })).success).toBe(true)
    expect(contract.app.info.output.safeParse(await handlers.app.info({})).success).toBe(true)
    await cleanup()
  })
})

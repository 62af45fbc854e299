import { createApp } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { ApiKey } from '../../../renderer/src/api/inject'
import { createApi, type Transport } from '../../../shared/client'
import { contract, type RouteName } from '../../../shared/contract'
import type { Project } from '../../../shared/contract/project'
import { ProjectData, type ProjectDataInput } from '../../../shared/domain/model/project'
import { ErrorCode } from '../../../shared/errors'
import { fail, ok, type Result } from '../../../shared/result'

type Answer = Result<unknown> | Promise<Result<unknown>>
type Handler = (input: never) => Answer

/** A promise the test settles itself: an answer held back until the test lets it arrive. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

export const project = (id: string, data: ProjectDataInput = {}, revision = 1): Project => ({
  id,
  name: id,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  revision,
  data: ProjectData.parse(data),
})

/**
 * The host as the renderer's stores see it: the transport under the typed `api`, and nothing of
 * the stores themselves. It parses every input with the route's contract schema (VALIDATION like
 * the dispatcher) and first clones it with structuredClone, as the Electron bridge does, so a Vue
 * proxy left in a payload fails here as it would in the app. Projects live in memory with the
 * project service's revision rule: a save based on an older revision is refused with CONFLICT.
 * `handlers` replace a route's answer, to refuse a call or to hold its answer back.
 */
export function createRendererHost(initial: Project[]) {
  const stored = new Map(initial.map((p) => [p.id, structuredClone(p)]))
  let active: string | null = initial[0]?.id ?? null
  const calls: { route: RouteName; input: unknown }[] = []
  const handlers: Partial<Record<RouteName, Handler>> = {}

  const summary = ({ data: _, ...rest }: Project) => rest
  const known = (id: string) => stored.get(id) ?? null
  const builtIn: Partial<Record<RouteName, (input: never) => Answer>> = {
    'project.list': () => ok({ activeProjectId: active, projects: [...stored.values()].map(summary), notice: null }),
    'project.current': () => ok(active ? structuredClone(known(active)) : null),
    'project.open': ({ id }: { id: string }) => {
      const p = known(id)
      if (!p) return fail({ code: ErrorCode.NotFound, message: `No project ${id}.` })
      active = id
      return ok(structuredClone(p))
    },
    'project.save': ({ id, data, baseRevision }: { id: string; data: ProjectData; baseRevision?: number }) => {
      const p = known(id)
      if (!p) return fail({ code: ErrorCode.NotFound, message: `No project ${id}.` })
      if (baseRevision !== undefined && baseRevision !== p.revision) return fail({ code: ErrorCode.Conflict, message: 'Changed elsewhere.' })
      p.data = data
      p.revision++
      p.updatedAt = new Date(Date.parse(p.updatedAt) + 1000).toISOString()
      return ok(summary(p))
    },
    // As the project service: a rename is a change, so it moves the revision on.
    'project.rename': ({ id, name }: { id: string; name: string }) => {
      const p = known(id)
      if (!p) return fail({ code: ErrorCode.NotFound, message: `No project ${id}.` })
      p.name = name
      p.revision++
      return ok(summary(p))
    },
  }
  /** The host's own answer to a call, for a handler that holds it back and then serves it. */
  const serve = (route: RouteName, input: unknown): Answer => builtIn[route]!(input as never)

  const transport: Transport = {
    async call(route, input) {
      const sent: unknown = structuredClone(input)
      calls.push({ route, input: sent })
      const [ns, method] = route.split('.') as [keyof typeof contract, string]
      const def = (contract[ns] as Record<string, { input: { safeParse: (v: unknown) => { success: boolean; data?: unknown } } }>)[method]!
      const parsed = def.input.safeParse(sent)
      if (!parsed.success) return fail({ code: ErrorCode.Validation, message: `${route}: input does not match the contract.` })
      const handle = handlers[route] ?? builtIn[route]
      if (!handle) return fail({ code: ErrorCode.UnknownRoute, message: `${route} is not served by this test host.` })
      // A JSON round trip on the way back, like the HTTP host: the store never holds the host's objects.
      return JSON.parse(JSON.stringify(await handle(parsed.data as never))) as Result<unknown>
    },
  }

  const api = createApi(transport)
  const app = createApp({})
  app.provide(ApiKey, api)
  const pinia = createPinia()
  app.use(pinia)
  setActivePinia(pinia)

  const sent = (route: RouteName) => calls.filter((c) => c.route === route).map((c) => c.input)
  /** What a component mounted with @vue/test-utils needs to reach the same stores and host. */
  const global = { plugins: [pinia], provide: { [ApiKey as symbol]: api } }
  return { stored, calls, handlers, sent, global, serve }
}

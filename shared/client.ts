import { contract, type Api, type RouteName } from './contract'
import type { Result } from './result'

/** Carries one call to the host. Implementations resolve, never reject. */
export interface Transport {
  call(route: RouteName, input: unknown): Promise<Result<unknown>>
}

/** Shape of `window.xgw` as exposed by the preload: one function per route. */
export type Bridge = Record<RouteName, (input: unknown) => Promise<unknown>>

/** Builds the typed `api.namespace.method(input)` tree over any transport. */
export function createApi(transport: Transport): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<Result<unknown>>>> = {}
  for (const [ns, routes] of Object.entries(contract)) {
    const fns: Record<string, (input: unknown) => Promise<Result<unknown>>> = (api[ns] = {})
    for (const method of Object.keys(routes)) {
      fns[method] = (input) => transport.call(`${ns}.${method}` as RouteName, input ?? {})
    }
  }
  return api as Api
}

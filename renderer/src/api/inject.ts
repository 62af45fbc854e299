import { inject, type InjectionKey } from 'vue'
import type { Api } from '../../../shared/contract'

export const ApiKey: InjectionKey<Api> = Symbol('api')

/** The typed API; stores are the only callers. */
export function useApi(): Api {
  const api = inject(ApiKey)
  if (!api) throw new Error('API not provided')
  return api
}

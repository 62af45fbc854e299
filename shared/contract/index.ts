import type { z } from 'zod'
import type { Result } from '../result'
import type { Route } from './define'
import { app } from './app'
import { project } from './project'
import { artifacts } from './config'
import { verify } from './verify'
import { certificates } from './certificates'
import { live } from './live'

/** Every route the host serves, by namespace. Add a namespace here and nowhere else. */
export const contract = { app, project, certificates, artifacts, verify, live } as const
export type Contract = typeof contract

export type Namespace = keyof Contract
export type Method<N extends Namespace> = Extract<keyof Contract[N], string>
export type RouteName = { [N in Namespace]: `${N}.${Method<N>}` }[Namespace]

type Parts<N extends Namespace, M extends Method<N>> = Contract[N][M] extends Route<infer I, infer O> ? { i: I; o: O } : never
/** What a caller passes (before zod defaults). */
export type Input<N extends Namespace, M extends Method<N>> = z.input<Parts<N, M>['i']>
/** What a handler receives (after parsing). */
export type ParsedInput<N extends Namespace, M extends Method<N>> = z.output<Parts<N, M>['i']>
export type Output<N extends Namespace, M extends Method<N>> = z.output<Parts<N, M>['o']>

/** Caller view: every route is an async function that resolves to a Result and never rejects. */
export type Api = {
  [N in Namespace]: { [M in Method<N>]: (input: Input<N, M>) => Promise<Result<Output<N, M>>> }
}

/** Host obligation: every route implemented. Services are typed as `Handlers[N]`. */
export type Handlers = {
  [N in Namespace]: { [M in Method<N>]: (input: ParsedInput<N, M>) => Promise<Output<N, M>> }
}

/** All routes as `namespace.method`; the preload and every adapter iterate this list. */
export const routeNames: readonly RouteName[] = Object.entries(contract).flatMap(([ns, routes]) => Object.keys(routes).map((method) => `${ns}.${method}` as RouteName))

/** The routes the UI shells (IPC, browser host) serve: every route but the command-line-only ones. */
export const uiRouteNames: readonly RouteName[] = routeNames.filter((name) => !routeDef(name)?.cliOnly)

/** The route definition for a name, or undefined for an unknown one. */
export function routeDef(name: string): Route | undefined {
  const [ns, method] = name.split('.')
  if (!ns || !method || !Object.hasOwn(contract, ns)) return undefined
  const routes = contract[ns as Namespace] as Record<string, Route>
  return Object.hasOwn(routes, method) ? routes[method] : undefined
}

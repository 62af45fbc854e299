/**
 * node-forge, loaded on first use only. The engine runs on Node's native primitives and needs
 * forge only where a native primitive is missing (Electron's BoringSSL, pitfall 1) or when the
 * forced-fallback tests ask for it; loading it eagerly cost ~60 ms of every `xgw` start-up
 * (issue 12). forge is CommonJS and stays external to the bundle, so `require` loads it as-is.
 */
import type forgeNs from 'node-forge'

let loaded: typeof forgeNs | undefined

/** The node-forge module (loaded now if it was not yet). */
export function forge(): typeof forgeNs {
  // node:module itself is fetched on first use too: it brings part of Node's ES module loader.
  loaded ??= process.getBuiltinModule('node:module').createRequire(import.meta.url)('node-forge') as typeof forgeNs
  return loaded
}

/** True once something has loaded node-forge in this process (start-up tests use it). */
export function forgeLoaded(): boolean {
  return loaded !== undefined
}

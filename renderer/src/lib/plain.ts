import { toRaw } from 'vue'

/**
 * A deep copy of reactive data without Vue's proxies, for the wire and for the project itself.
 * A proxy kept inside the project would reach the save, and the Electron bridge cannot clone a
 * Proxy ("An object could not be cloned", electron/electron#39598). Unwrapped at every level
 * first, so the copy never goes through the proxies' traps (a JSON round trip did, slowly, for
 * 5,000 partners).
 */
export function plain<T>(value: T): T {
  const raw = toRaw(value)
  if (Array.isArray(raw)) return raw.map(plain) as T
  if (raw && typeof raw === 'object') return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, plain(v)])) as T
  return raw
}

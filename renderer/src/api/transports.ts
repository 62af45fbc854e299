import type { Bridge, Transport } from '../../../shared/client'
import { ErrorCode, isAppErrorData } from '../../../shared/errors'
import { fail, type Result } from '../../../shared/result'

const transportError = (message: string) => fail({ code: ErrorCode.Transport, message })

function asResult(value: unknown): Result<unknown> {
  if (value && typeof value === 'object' && 'ok' in value) {
    const v = value as { ok: unknown; value?: unknown; error?: unknown }
    if (v.ok === true) return value as Result<unknown>
    if (v.ok === false && isAppErrorData(v.error)) return value as Result<unknown>
  }
  return transportError('The host sent an answer in an unexpected shape.')
}

/** Inside Electron: calls go through the preload bridge (IPC). */
export function createIpcTransport(bridge: Bridge): Transport {
  return {
    async call(route, input) {
      try {
        return asResult(await bridge[route](input))
      } catch (err) {
        return transportError(`The app's main process did not answer (${err instanceof Error ? err.message : 'IPC error'}).`)
      }
    },
  }
}

const TOKEN_KEY = 'xgw-token'

/**
 * The per-launch token the loopback host printed in the address (?token=…). It is moved to
 * sessionStorage and removed from the address bar, so a reload keeps working and the token is
 * not left in history or screenshots.
 */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl)
    params.delete('token')
    const query = params.toString()
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`)
    return fromUrl
  }
  return storage.getItem(TOKEN_KEY)
}

/** The loopback host's token as stored by takeToken (the export .zip download sends it too). */
export function storedToken(storage: Storage): string | null {
  return storage.getItem(TOKEN_KEY)
}

/** In a browser: calls go to the same-origin loopback host, with the per-launch token. */
export function createHttpTransport(token: string | null): Transport {
  return {
    async call(route, input) {
      if (!token) return fail({ code: ErrorCode.Unauthorized, message: 'Open the address the host printed (it carries the access token).' })
      try {
        const res = await fetch(`./rpc/${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-xgw-token': token },
          body: JSON.stringify(input ?? {}),
        })
        if (res.status === 401) return fail({ code: ErrorCode.Unauthorized, message: 'The host refused the access token; it changes at every launch. Open the new address the host printed.' })
        return asResult(await res.json())
      } catch {
        return transportError('The wizard host is not reachable: was it stopped? Start it again with npm start.')
      }
    },
  }
}

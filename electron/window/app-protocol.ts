import type { Protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { CONTENT_SECURITY_POLICY } from '../security/csp'
import { contentTypeFor, resolveInside } from '../security/app-path'

/** The origin the renderer is served from (checklist #18: a custom protocol, not file://). */
export const APP_ORIGIN = { protocol: 'app:', host: 'wizard' } as const
export const APP_URL = 'app://wizard/index.html'

/** Must run before app 'ready': app:// behaves like a secure, standard origin. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves only files under the built renderer folder, each with the CSP header. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_ORIGIN.host ? resolveInside(rendererDir, url.pathname) : null
    if (!file) return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' },
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

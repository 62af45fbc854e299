import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFileLogger } from '../../../../electron/lib/file-logger'
import { createAppService } from '../../../../electron/services/app-service'
import { allowPermission } from '../../../../electron/security/navigation'
import { tempDir } from '../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => ({ dir, cleanup } = await tempDir()))
afterEach(() => cleanup())

const info = (dataDir: string) => ({ name: 'XMPP Gateway Wizard', version: '1.2.3', shell: 'browser' as const, dataDir, platform: 'linux', nodeVersion: '20.0.0' })

describe('app service', () => {
  it('gives support the versions, data directory and last errors, redacted', async () => {
    const log = createFileLogger({ dataDir: dir })
    log.error('route failed', { route: 'certificates.inspect', code: 'WRONG_PASSWORD', password: 'Hunter2-secret' })
    const svc = createAppService({ info: info(dir), diagnostics: log })
    const d = await svc.diagnostics({})
    expect(d.logDir).toBe(log.logDir)
    expect(d.recentErrors).toEqual([expect.objectContaining({ message: 'route failed', route: 'certificates.inspect', code: 'WRONG_PASSWORD' })])
    expect(d.text).toContain('XMPP Gateway Wizard 1.2.3 (browser)')
    expect(d.text).toContain(`Data directory: ${dir}`)
    expect(JSON.stringify(d)).not.toContain('Hunter2')
    await log.flush()
  })

  it('opens the log folder through the injected opener and says when it could not', async () => {
    const opened: string[] = []
    const svc = createAppService({ info: info(dir), diagnostics: { logDir: `${dir}/logs`, recentErrors: () => [] }, openPath: async (p) => (opened.push(p), true) })
    expect(await svc.openLogFolder({})).toEqual({ path: `${dir}/logs`, opened: true })
    expect(opened).toEqual([`${dir}/logs`])
    const cli = createAppService({ info: info(dir) })
    expect(await cli.openLogFolder({})).toEqual({ path: `${dir}/logs`, opened: false })
  })

  it("logs the renderer's unhandled errors, redacted, where diagnostics find them", async () => {
    const log = createFileLogger({ dataDir: dir })
    const svc = createAppService({ info: info(dir), diagnostics: log, log })
    const stack = 'Error: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n    at onClick (App.vue:12)'
    expect(await svc.reportError({ source: 'vue', message: 'x', stack })).toEqual({ logged: true })
    const d = await svc.diagnostics({})
    expect(d.recentErrors).toEqual([expect.objectContaining({ message: 'renderer error' })])
    expect(log.recentErrors(1)[0]).toMatchObject({ source: 'vue', error: 'Error: [redacted]\n    at onClick (App.vue:12)' })
    expect(await createAppService({ info: info(dir) }).reportError({ source: 'window', message: 'y' })).toEqual({ logged: false })
    await log.flush()
  })

  it('allows only clipboard writes among permissions', () => {
    expect(allowPermission('clipboard-sanitized-write')).toBe(true)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(allowPermission(p)).toBe(false)
  })
})

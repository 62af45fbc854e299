import type { Handlers } from '../../shared/contract'
import type { AppInfo } from '../../shared/contract/app'
import type { LogRecord } from '../lib/file-logger'
import type { Logger } from '../lib/logger'

export interface AppServiceDeps {
  readonly info: AppInfo
  /** Present when the logger writes files (the app and the browser host). */
  readonly diagnostics?: { readonly logDir: string; recentErrors(n?: number): LogRecord[] }
  /** Opens a folder in the desktop's file manager: Electron's shell.openPath, or a spawned opener. */
  readonly openPath?: (path: string) => Promise<boolean>
  /** Electron only: applies the theme to the native parts (nativeTheme.themeSource) and remembers it. */
  readonly setTheme?: (theme: 'system' | 'light' | 'dark') => Promise<void>
  /** Where the renderer's unhandled errors go. */
  readonly log?: Logger
}

/** About the app itself: versions, the data directory, and what support needs. */
export function createAppService(deps: AppServiceDeps): Handlers['app'] {
  return {
    async info() {
      return deps.info
    },
    async diagnostics() {
      const errors = (deps.diagnostics?.recentErrors(20) ?? []).map((r) => ({
        time: r.time,
        message: r.message,
        ...(typeof r.route === 'string' ? { route: r.route } : {}),
        ...(typeof r.code === 'string' ? { code: r.code } : {}),
      }))
      const i = deps.info
      const text = [
        `${i.name} ${i.version} (${i.shell})`,
        `Node ${i.nodeVersion} on ${i.platform}`,
        ...(i.electronVersion ? [`Electron ${i.electronVersion}, Chromium ${i.chromeVersion ?? 'unknown'}`] : []),
        `Data directory: ${i.dataDir}`,
        `Log folder: ${deps.diagnostics?.logDir ?? 'none (not logging to a file)'}`,
        `Last errors (${errors.length}):`,
        ...errors.map((e) => `  ${e.time} ${e.route ?? ''} ${e.code ?? ''} ${e.message}`.replace(/\s+/g, ' ')),
      ].join('\n')
      return { info: i, logDir: deps.diagnostics?.logDir ?? null, recentErrors: errors, text }
    },
    async setTheme({ theme }) {
      if (!deps.setTheme) return { theme, applied: false }
      await deps.setTheme(theme)
      return { theme, applied: true }
    },
    async openLogFolder() {
      const path = deps.diagnostics?.logDir ?? logDirOf(deps.info.dataDir)
      const opened = deps.openPath ? await deps.openPath(path).catch(() => false) : false
      return { path, opened }
    },
    async reportError(input) {
      deps.log?.error('renderer error', { source: input.source, error: input.stack ?? input.message })
      return { logged: deps.log !== undefined }
    },
  }
}

function logDirOf(dataDir: string): string {
  return `${dataDir}/logs`
}

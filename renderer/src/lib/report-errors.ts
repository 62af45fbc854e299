import type { App } from 'vue'
import type { Api } from '../../../shared/contract'

type Source = 'vue' | 'window' | 'promise'

function describe(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message.slice(0, 4096), ...(err.stack ? { stack: err.stack.slice(0, 16_384) } : {}) }
  return { message: String(err).slice(0, 4096) }
}

/**
 * Sends the renderer's unhandled errors (component errors, uncaught exceptions, unhandled
 * rejections) to the host's log, where "Copy diagnostics" finds them. The host redacts them like
 * every log line. Reporting never throws: a failed report is dropped.
 */
export function reportUnhandledErrors(app: App, target: Pick<Window, 'addEventListener'>, api: Pick<Api, 'app'>): void {
  const report = (source: Source, err: unknown) => {
    void api.app.reportError({ source, ...describe(err) }).catch(() => undefined)
  }
  app.config.errorHandler = (err) => {
    report('vue', err)
    console.error(err)
  }
  target.addEventListener('error', (e) => report('window', e.error ?? e.message))
  target.addEventListener('unhandledrejection', (e) => report('promise', e.reason))
}

import { describe, expect, it } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { reportUnhandledErrors } from '../../../renderer/src/lib/report-errors'
import type { Api } from '../../../shared/contract'

function fakeApi() {
  const calls: unknown[] = []
  const api = { app: { reportError: async (input: unknown) => (calls.push(input), { ok: true, value: { logged: true } }) } } as unknown as Pick<Api, 'app'>
  return { api, calls }
}

describe('reportUnhandledErrors', () => {
  it("sends a component's error, an uncaught exception and an unhandled rejection to the host", async () => {
    const { api, calls } = fakeApi()
    const target = new EventTarget()
    const Broken = defineComponent({
      setup() {
        throw new Error('render failed')
      },
      render: () => h('div'),
    })
    const app = createApp(Broken)
    reportUnhandledErrors(app, target, api)
    const errors: unknown[] = []
    const original = console.error
    console.error = (e: unknown) => void errors.push(e)
    try {
      app.mount(document.createElement('div'))
    } finally {
      console.error = original
    }
    target.dispatchEvent(Object.assign(new Event('error'), { error: new TypeError('uncaught'), message: 'uncaught' }))
    target.dispatchEvent(Object.assign(new Event('unhandledrejection'), { reason: 'no answer' }))
    await Promise.resolve()
    expect(calls).toEqual([
      expect.objectContaining({ source: 'vue', message: 'render failed', stack: expect.stringContaining('render failed') }),
      expect.objectContaining({ source: 'window', message: 'uncaught' }),
      { source: 'promise', message: 'no answer' },
    ])
    expect(errors).toHaveLength(1)
  })
})

/**
 * The Certificates step refuses a short new store passphrase with the shared rule's words before
 * anything is sent: the same function the engine (and so `xgw`) enforces
 * (tests/unit/electron/cli/store-passphrase.test.ts).
 */
import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import CertStorePanel from '../../../renderer/src/components/CertStorePanel.vue'
import { ApiKey } from '../../../renderer/src/api/inject'
import { STORE_PASSPHRASE_MIN_LENGTH, storePassphraseProblem } from '../../../shared/domain/rules/store-passphrase'

function fakeApi(sent: string[]) {
  const ok = <T>(value: T) => Promise.resolve({ ok: true as const, value })
  return {
    certificates: {
      storeStatus: () => ok({ initialised: false, unlocked: false, certificates: 0, pendingRequests: 0 }),
      storeList: () => ok({ entries: [], pending: [] }),
      storeUnlock: (input: { passphrase: string }) => (sent.push(input.passphrase), ok({ created: true })),
    },
  }
}

async function submit(passphrase: string) {
  const sent: string[] = []
  const w = mount(CertStorePanel, { props: { edgeThumbprint: '', defaultProfile: 'compatible' }, global: { plugins: [createPinia()], provide: { [ApiKey as symbol]: fakeApi(sent) } } })
  await flushPromises()
  await w.get('#cert-store-pass').setValue(passphrase)
  await w.get('#cert-store-pass2').setValue(passphrase)
  await w.get('form').trigger('submit')
  await flushPromises()
  return { w, sent }
}

describe('store passphrase in the Certificates step', () => {
  it('refuses one character short with the shared rule’s message and sends nothing', async () => {
    const short = 'x'.repeat(STORE_PASSPHRASE_MIN_LENGTH - 1)
    const { w, sent } = await submit(short)
    const problem = storePassphraseProblem(short, true)
    expect(problem).not.toBeNull()
    expect(w.text()).toContain(problem)
    expect(sent).toEqual([])
  })

  it('sends a passphrase of the minimum length', async () => {
    const { sent } = await submit('x'.repeat(STORE_PASSPHRASE_MIN_LENGTH))
    expect(sent).toEqual(['x'.repeat(STORE_PASSPHRASE_MIN_LENGTH)])
  })
})

import { createApi } from '../../shared/client'
import type { Api } from '../../shared/contract'
import { createHandlers, createServices } from '../../electron/app/create-services'
import { createDispatcher, type Dispatch } from '../../electron/ipc/dispatcher'
import { silentLogger, type Logger } from '../../electron/lib/logger'

/**
 * Real services on a data directory, their dispatcher, and the typed Api over an in-process
 * transport. The JSON round trip mimics the HTTP transport, so non-JSON payloads fail here too.
 */
export async function createTestHost(dataDir: string, log: Logger = silentLogger, opts: { cli?: boolean } = {}): Promise<{ dispatch: Dispatch; api: Api }> {
  const services = await createServices({ dataDir, log, shell: 'cli', version: '0.0.0-test' })
  const dispatch = createDispatcher(createHandlers(services), log, { allowCliOnly: opts.cli ?? false })
  const api = createApi({ call: async (route, input) => JSON.parse(JSON.stringify(await dispatch(route, JSON.parse(JSON.stringify(input ?? {}))))) })
  return { dispatch, api }
}

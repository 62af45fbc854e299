import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApi } from '../../../../../shared/client'
import type { CliContext } from '../../../../../electron/cli/command'
import { createHandlers, createServices } from '../../../../../electron/app/create-services'
import { createDispatcher, type Dispatch } from '../../../../../electron/ipc/dispatcher'
import { silentLogger } from '../../../../../electron/lib/logger'
import type { VerifyHandlers } from '../../../../../electron/services/verify'

// One data directory for the other namespaces' services (the verify commands never write there).
let shared: Promise<Omit<Awaited<ReturnType<typeof createServices>>, 'verify'>> | undefined
function otherServices() {
  if (!shared) {
    const dataDir = mkdtempSync(join(tmpdir(), 'xgw-verify-cli-'))
    process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }))
    shared = createServices({ dataDir, log: silentLogger, shell: 'cli', version: '0.0.0-test' })
  }
  return shared
}

/**
 * A CliContext whose `api` goes through the real dispatcher (as `xgw` builds it) to the given
 * verify service, with a JSON round trip like the HTTP transport: the route's schema, the error
 * mapping and the command-line-only rule are the production ones, not a copy.
 */
export function verifyCliContext(svc: VerifyHandlers, opts: { json: boolean; cwd: string }) {
  let stdout = ''
  let stderr = ''
  const dispatch: Promise<Dispatch> = otherServices().then((s) => createDispatcher(createHandlers({ ...s, verify: svc }), silentLogger, { allowCliOnly: true }))
  const api = createApi({ call: async (route, input) => JSON.parse(JSON.stringify(await (await dispatch)(route, JSON.parse(JSON.stringify(input ?? {}))))) })
  const ctx: CliContext = {
    api,
    json: opts.json,
    cwd: opts.cwd,
    env: {},
    out: (t) => {
      stdout += t
    },
    err: (t) => {
      stderr += t
    },
    readPassword: async () => undefined,
  }
  return { ctx, stdout: () => stdout, stderr: () => stderr }
}

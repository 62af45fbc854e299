import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Handlers } from '../../shared/contract'
import type { AppInfo } from '../../shared/contract/app'
import type { Logger } from '../lib/logger'
import type { LogRecord } from '../lib/file-logger'
import { createAppService } from '../services/app-service'
import { createExportService } from '../services/export/export-service'
import { createVerifyService } from '../services/verify'
import { createCertificateService, createInProcessRunner, createWorkerRunner } from '../services/certificates'
import { createProjectStore } from '../services/project/project-store'
import { createProjectService } from '../services/project/project-service'
import { createLiveService } from '../services/live/live-service'
import { adoptLegacyData, dataPaths } from './paths'
import type { ProjectData } from '../../shared/domain/model/project'
import type { ExportOptions } from '../../shared/export/export-bundle'

export interface ServiceOptions {
  readonly dataDir: string
  readonly log: Logger
  readonly now?: () => Date
  readonly shell: AppInfo['shell']
  readonly version: string
  /** The built crypto worker (dist-electron/crypto-worker.js); absent in unit tests, where work runs in-process. */
  readonly cryptoWorker?: URL
  /** The file logger's folder and recent errors, for "Open log folder" and "Copy diagnostics". */
  readonly diagnostics?: { readonly logDir: string; recentErrors(n?: number): LogRecord[] }
  readonly openPath?: (path: string) => Promise<boolean>
  /** Electron: the theme override for the native parts (see app.setTheme). */
  readonly setTheme?: (theme: 'system' | 'light' | 'dark') => Promise<void>
  /** Electron's folder dialog; elsewhere exports go to <dataDir>/exports. */
  readonly chooseExportFolder?: () => Promise<string | null>
}

/**
 * Builds every service from plain inputs. Used by Electron's main process, the loopback
 * browser host and the command line alike, so all three run identical code.
 */
export async function createServices(opts: ServiceOptions) {
  const now = opts.now ?? (() => new Date())
  const paths = dataPaths(opts.dataDir)
  // Before anything is created: an earlier version's folder moves in whole when this one is new.
  const moved = await adoptLegacyData(opts.dataDir, { env: process.env, platform: process.platform }).catch(
    (e: unknown) => `Projects from an earlier version's folder could not be moved here (${(e as Error).message}); they are still there.`,
  )
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 })
  const store = createProjectStore({ file: paths.projectFile, now, log: opts.log })
  const opened = await store.open()
  const notice = [opened.notice, moved].filter(Boolean).join(' ') || null
  const noticeCode = opened.noticeCode
  if (notice) opts.log.warn('startup notice', { notice })

  const project = createProjectService({ store, now, log: opts.log, startupNotice: notice, startupNoticeCode: noticeCode })
  const app = createAppService({
    info: {
      name: 'XMPP Gateway Wizard',
      version: opts.version,
      shell: opts.shell,
      dataDir: opts.dataDir,
      platform: process.platform,
      nodeVersion: process.versions.node,
      electronVersion: process.versions.electron ?? null,
      chromeVersion: process.versions.chrome ?? null,
      canOpenFolders: opts.openPath !== undefined,
    },
    diagnostics: opts.diagnostics,
    openPath: opts.openPath,
    setTheme: opts.setTheme,
    log: opts.log,
  })
  // Heavy work (certificates, large exports) runs on a worker thread in the shells; in-process
  // where no worker is built (unit tests, the one-shot command line).
  // XGW_JOB_TIMEOUT_MS: the per-job time budget (default 30 s); tests shorten it.
  const runner = opts.cryptoWorker && existsSync(fileURLToPath(opts.cryptoWorker)) ? createWorkerRunner(opts.cryptoWorker, Number(process.env.XGW_JOB_TIMEOUT_MS) > 0 ? { timeoutMs: Number(process.env.XGW_JOB_TIMEOUT_MS) } : {}) : null
  const artifacts = createExportService({
    now,
    log: opts.log,
    appVersion: opts.version,
    chooseExportFolder: opts.chooseExportFolder ?? (async () => paths.exportsDir),
    ...(runner ? { build: (project: ProjectData, options: ExportOptions) => runner.run('exportBundle', { project, options }) } : {}),
  })
  const certificates = createCertificateService({
    storeDir: paths.storeDir,
    log: opts.log,
    now,
    runner: runner ?? createInProcessRunner(),
  })
  const verify = createVerifyService({ log: opts.log })
  const live = createLiveService({
    now,
    log: opts.log,
    appVersion: opts.version,
    liveDir: join(opts.dataDir, 'live'),
    projects: async () => (await store.read()).projects,
    storeEntries: async () => (await certificates.storeList({})).entries,
  })
  return { app, project, certificates, artifacts, verify, live, paths }
}
export type Services = Awaited<ReturnType<typeof createServices>>

/** Maps contract namespaces to services; `satisfies` makes a missing route a compile error. */
export function createHandlers(s: Services) {
  return { app: s.app, project: s.project, certificates: s.certificates, artifacts: s.artifacts, verify: s.verify, live: s.live } satisfies Handlers
}

import { z } from 'zod'
import { route } from './define'

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' | 'browser' | 'cli': which shell carries the calls. */
  shell: z.enum(['electron', 'browser', 'cli']),
  dataDir: z.string(),
  platform: z.string(),
  nodeVersion: z.string(),
  /** Electron's and Chromium's versions in the desktop app; null in the browser host and the CLI. */
  electronVersion: z.string().nullable().optional(),
  chromeVersion: z.string().nullable().optional(),
  /** Whether this shell can show a folder in the desktop's file manager (else: show the path to copy). */
  canOpenFolders: z.boolean().optional(),
})
export type AppInfo = z.infer<typeof AppInfo>

export const Diagnostics = z.object({
  info: AppInfo,
  logDir: z.string().nullable(),
  /** The last errors, already redacted (no passwords, keys or passphrases). */
  recentErrors: z.array(z.object({ time: z.string(), message: z.string(), route: z.string().optional(), code: z.string().optional() })),
  /** A plain-text block to paste into a support ticket. */
  text: z.string(),
})
export type Diagnostics = z.infer<typeof Diagnostics>

export const app = {
  info: route({ summary: 'Version, shell and data directory', input: z.object({}).strict(), output: AppInfo }),
  diagnostics: route({ summary: 'Versions, data directory and last errors for a support ticket', input: z.object({}).strict(), output: Diagnostics }),
  openLogFolder: route({
    summary: 'Open the folder that holds the diagnostics log',
    input: z.object({}).strict(),
    output: z.object({ path: z.string(), opened: z.boolean() }),
  }),
  setTheme: route({
    summary: 'Theme override for the native parts too (title bar, dialogs, scroll bars), remembered for the next start',
    input: z.object({ theme: z.enum(['system', 'light', 'dark']) }).strict(),
    output: z.object({ theme: z.enum(['system', 'light', 'dark']), applied: z.boolean() }),
  }),
  reportError: route({
    summary: 'Log an error the renderer did not handle (redacted like every log line)',
    input: z.object({ message: z.string().max(4096), stack: z.string().max(16_384).optional(), source: z.enum(['vue', 'window', 'promise']) }).strict(),
    output: z.object({ logged: z.boolean() }),
  }),
} as const

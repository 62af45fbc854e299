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
})
export type AppInfo = z.infer<typeof AppInfo>

export const app = {
  info: route({ summary: 'Version, shell and data directory', input: z.object({}).strict(), output: AppInfo }),
} as const

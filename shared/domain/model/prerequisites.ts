import { z } from 'zod'

/** The coexistence checklist of xmpp-gateway-spec.md §5 step 2 (P1–P13). */
export const PrerequisiteId = z.enum(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'P12', 'P13'])
export type PrerequisiteId = z.infer<typeof PrerequisiteId>

export const PrerequisiteStatus = z.enum(['open', 'done', 'not-applicable', 'blocked'])
export type PrerequisiteStatus = z.infer<typeof PrerequisiteStatus>

export const PrerequisiteItem = z.object({
  status: PrerequisiteStatus.default('open'),
  /** What shows the item is met: a change number, a screenshot name, a cmdlet output line. */
  evidence: z.string().max(2000).default(''),
})
export type PrerequisiteItem = z.infer<typeof PrerequisiteItem>

export const PrerequisitesStep = z.object({
  items: z.partialRecord(PrerequisiteId, PrerequisiteItem).default({}),
})
export type PrerequisitesStep = z.infer<typeof PrerequisitesStep>

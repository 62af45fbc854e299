import { z } from 'zod'

/** xmpp-gateway-spec.md §5 step 0. "Configure XMPP on a 2019 pool/Edge" is deliberately absent (§0 item 2). */
export const ScenarioKind = z.enum(['coexistence-2019', 'legacy-only', 'retire-xmpp'])
export type ScenarioKind = z.infer<typeof ScenarioKind>

/** The legacy product whose Management Shell runs every generated command. */
export const LegacyVersion = z.enum(['SfB Server 2015', 'Lync Server 2013'])
export type LegacyVersion = z.infer<typeof LegacyVersion>

export const ScenarioStep = z.object({
  scenario: z.union([ScenarioKind, z.literal('')]).default(''),
  legacyVersion: z.union([LegacyVersion, z.literal('')]).default(''),
})
export type ScenarioStep = z.infer<typeof ScenarioStep>

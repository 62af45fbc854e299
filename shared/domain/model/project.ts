import { z } from 'zod'
import { STEP_IDS } from '../steps'
import { ScenarioStep } from './scenario'
import { InventoryStep } from './inventory'
import { PrerequisitesStep } from './prerequisites'
import { PolicyStep } from './policy'
import { PartnersStep } from './partners'
import { GatewayStep } from './gateway'
import { CertificatesStep } from './certificates'
import { DnsStep } from './dns'
import { VerificationStep } from './verification'

export const StepIdSchema = z.enum(STEP_IDS)

/** Where the admin is: restored exactly after a restart. */
export const WizardPosition = z.object({
  currentStep: StepIdSchema.default('scenario'),
  visited: z.array(StepIdSchema).default(['scenario']),
})
export type WizardPosition = z.infer<typeof WizardPosition>

/**
 * Everything the admin enters for one deployment. No secrets: passwords, passphrases and keys
 * never enter this object (checked before every write by project-store).
 */
export const ProjectData = z.object({
  scenario: ScenarioStep.prefault({}),
  inventory: InventoryStep.prefault({}),
  prerequisites: PrerequisitesStep.prefault({}),
  policy: PolicyStep.prefault({}),
  partners: PartnersStep.prefault({}),
  gateway: GatewayStep.prefault({}),
  certificates: CertificatesStep.prefault({}),
  dns: DnsStep.prefault({}),
  verification: VerificationStep.prefault({}),
  wizard: WizardPosition.prefault({}),
})
export type ProjectData = z.infer<typeof ProjectData>
export type ProjectDataInput = z.input<typeof ProjectData>

/** A fresh project with every default applied. */
export function emptyProjectData(): ProjectData {
  return ProjectData.parse({})
}

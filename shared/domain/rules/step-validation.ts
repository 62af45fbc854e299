import type { ProjectData } from '../model/project'
import type { StepId } from '../steps'
import type { Finding } from './issue'
import { validateInventory, validatePrerequisites, validateScenario } from './foundation-steps'
import { validateCertificates } from './certificates'
import { validateDns } from './dns'
import { validateFirewall } from './firewall'
import { validateGateway } from './gateway'
import { validatePartners } from './partners'
import { validatePolicy } from './policy'

type Validator = (p: ProjectData) => Finding[]

/**
 * The findings for one wizard step. The step forms show them inline, the step list derives
 * each step's state from them and the review step lists the blocking ones.
 */
const VALIDATORS: Partial<Record<StepId, Validator>> = {
  scenario: validateScenario,
  inventory: validateInventory,
  prerequisites: validatePrerequisites,
  policy: (p) => validatePolicy(p),
  partners: validatePartners,
  gateway: validateGateway,
  certificates: validateCertificates,
  dns: validateDns,
  firewall: validateFirewall,
}

export function validateStep(step: StepId, p: ProjectData): Finding[] {
  return VALIDATORS[step]?.(p) ?? []
}

/** Whether a step has rules at all (steps without rules are complete once visited). */
export function hasRules(step: StepId): boolean {
  return step in VALIDATORS
}

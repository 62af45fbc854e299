import type { ProjectData } from '../model/project'
import type { StepId } from '../steps'
import { crossChecks, type CrossCheckOptions } from './cross-checks'
import { validateDns } from './dns'
import { validateFirewall } from './firewall'
import { validateGateway } from './gateway'
import { stepOfField, type Finding } from './issue'
import { validatePartners } from './partners'
import { validatePolicy } from './policy'

/** What the review needs beyond the project. */
export interface ReviewOptions extends CrossCheckOptions {
  /** Bare names of user policies that exist on the server (from pasted configuration). */
  readonly existingUserPolicies?: readonly string[]
}

/**
 * Every finding of the steps this module owns (policy, partners, gateway, DNS, firewall) plus the
 * cross-checks, in step order. Errors among them block export (Review and export step).
 */
export function reviewFindings(p: ProjectData, opts: ReviewOptions = {}): Finding[] {
  return [
    ...validatePolicy(p, opts),
    ...validatePartners(p),
    ...validateGateway(p),
    ...validateDns(p),
    ...validateFirewall(p),
    ...crossChecks(p, opts),
  ]
}

/** The findings a step's form shows: those whose field lives in that step. */
export function findingsForStep(step: StepId, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => stepOfField(f.field) === step)
}

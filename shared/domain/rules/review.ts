import type { ProjectData } from '../model/project'
import type { StepId } from '../steps'
import { crossChecks, type CrossCheckOptions } from './cross-checks'
import { validateDns } from './dns'
import { validateFirewall } from './firewall'
import { validateGateway } from './gateway'
import { stepOfField, type Finding } from './issue'
import { validatePartners } from './partners'
import { validatePolicy } from './policy'
import { validateInventory, validateScenario } from './foundation-steps'
import { validateCertificates } from './certificates'

/** What the review needs beyond the project. */
export interface ReviewOptions extends CrossCheckOptions {
  /** Bare names of user policies that exist on the server (from pasted configuration). */
  readonly existingUserPolicies?: readonly string[]
}

/**
 * Every finding that bears on the exported files, in step order: the scenario (it names the
 * shell), the inventory (every name and address comes from it), policy, partners, gateway, the
 * certificate request, DNS, firewall and the cross-checks. Errors among them block export.
 * The prerequisites checklist informs the runbook but does not block writing the scripts.
 */
export function reviewFindings(p: ProjectData, opts: ReviewOptions = {}): Finding[] {
  return [
    ...validateScenario(p),
    ...validateInventory(p),
    ...validatePolicy(p, opts),
    ...validatePartners(p),
    ...validateGateway(p),
    ...validateCertificates(p),
    // The DNS step repeats the inventory's address checks from its own side; the inventory's
    // verdict (and severity) is the one that counts for export.
    ...validateDns(p).filter((f) => !f.field.startsWith('inventory.')),
    ...validateFirewall(p),
    ...crossChecks(p, opts),
  ]
}

/** The findings a step's form shows: those whose field lives in that step. */
export function findingsForStep(step: StepId, findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => stepOfField(f.field) === step)
}

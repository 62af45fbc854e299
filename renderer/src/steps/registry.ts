import type { Component } from 'vue'
import type { StepId } from '../../../shared/domain/steps'
import StepCertificates from './StepCertificates.vue'
import StepDns from './StepDns.vue'
import StepFirewall from './StepFirewall.vue'
import StepGateway from './StepGateway.vue'
import StepInventory from './StepInventory.vue'
import StepPartners from './StepPartners.vue'
import StepPolicy from './StepPolicy.vue'
import StepPrerequisites from './StepPrerequisites.vue'
import StepReview from './StepReview.vue'
import StepScenario from './StepScenario.vue'
import StepVerification from './StepVerification.vue'

/** The form for each wizard step; each takes the open project's data as `data`. */
export const STEP_COMPONENTS: Record<StepId, Component> = {
  scenario: StepScenario,
  inventory: StepInventory,
  prerequisites: StepPrerequisites,
  policy: StepPolicy,
  partners: StepPartners,
  gateway: StepGateway,
  certificates: StepCertificates,
  dns: StepDns,
  firewall: StepFirewall,
  review: StepReview,
  verification: StepVerification,
}

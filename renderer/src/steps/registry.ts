import type { Component } from 'vue'
import type { StepId } from '../../../shared/domain/steps'
import StepInventory from './StepInventory.vue'
import StepIntro from './StepIntro.vue'
import StepPrerequisites from './StepPrerequisites.vue'
import StepScenario from './StepScenario.vue'

/** The form for each wizard step; each takes the open project's data as `data`. */
export const STEP_COMPONENTS: Record<StepId, Component> = {
  scenario: StepScenario,
  inventory: StepInventory,
  prerequisites: StepPrerequisites,
  policy: StepIntro,
  partners: StepIntro,
  gateway: StepIntro,
  certificates: StepIntro,
  dns: StepIntro,
  firewall: StepIntro,
  review: StepIntro,
  verification: StepIntro,
}

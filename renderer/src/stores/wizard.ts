import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ProjectData } from '../../../shared/domain/model/project'
import { hasBlocking, type Finding } from '../../../shared/domain/rules/issue'
import { hasRules, validateStep } from '../../../shared/domain/rules/step-validation'
import { STEP_IDS, STEPS, type StepId } from '../../../shared/domain/steps'
import { useProjectsStore } from './projects'

export type StepState = 'unvisited' | 'current' | 'complete' | 'incomplete' | 'error'

/**
 * Navigation and per-step state, all derived from the open project's data: the position is
 * part of the project, so a restart resumes exactly where the admin left off.
 */
export const useWizardStore = defineStore('wizard', () => {
  const projects = useProjectsStore()
  /** Fields the admin has left; their errors show inline from then on. */
  const touched = ref(new Set<string>())
  /** Steps where Next was pressed: every error on them shows. */
  const revealed = ref(new Set<StepId>())
  /** Counts moves between steps: the new step's heading takes focus only after a move, not on load. */
  const moves = ref(0)

  const data = computed<ProjectData | null>(() => projects.current?.data ?? null)
  const currentStep = computed<StepId>(() => data.value?.wizard.currentStep ?? 'scenario')
  const visited = computed(() => new Set<StepId>(data.value?.wizard.visited ?? ['scenario']))
  const findings = computed(() => {
    const out = {} as Record<StepId, Finding[]>
    for (const id of STEP_IDS) out[id] = data.value ? validateStep(id, data.value) : []
    return out
  })

  function stateOf(step: StepId): StepState {
    if (step === currentStep.value) return 'current'
    if (!visited.value.has(step)) return 'unvisited'
    const f = findings.value[step]
    if (hasBlocking(f)) return 'error'
    if (hasRules(step) && f.some((x) => x.severity === 'warning' && x.code === 'prerequisite.open')) return 'incomplete'
    return 'complete'
  }

  const index = computed(() => STEP_IDS.indexOf(currentStep.value))
  const info = computed(() => STEPS[index.value]!)

  function goTo(step: StepId): boolean {
    const d = data.value
    if (!d || (!visited.value.has(step) && step !== STEP_IDS[index.value + 1])) return false
    // Reaching a new step is the same as Next: the current step's errors keep the admin there.
    if (!visited.value.has(step)) return next().moved
    return moveTo(step)
  }

  const afterPaint = (fn: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(fn, 0)) : setTimeout(fn, 0))

  function moveTo(step: StepId): boolean {
    const d = data.value
    if (!d) return false
    if (d.wizard.currentStep !== step) moves.value++
    d.wizard.currentStep = step
    if (!d.wizard.visited.includes(step)) d.wizard.visited.push(step)
    // Saved once the new step is on screen: sending a large project (5,000 partners) first
    // held the step back for a second (issue 12). Still at once, not after the autosave delay.
    afterPaint(() => void projects.saveNow())
    return true
  }

  /** Validates on Next: an error keeps the admin on the step with every error shown. */
  function next(): { moved: boolean; firstInvalid?: string } {
    const errors = findings.value[currentStep.value].filter((f) => f.severity === 'error')
    if (errors.length) {
      revealed.value = new Set([...revealed.value, currentStep.value])
      return { moved: false, firstInvalid: errors[0]!.field }
    }
    const following = STEP_IDS[index.value + 1]
    if (!following) return { moved: false }
    return { moved: moveTo(following) }
  }

  function back(): boolean {
    const previous = STEP_IDS[index.value - 1]
    return previous ? goTo(previous) : false
  }

  function touch(field: string) {
    if (!touched.value.has(field)) touched.value = new Set([...touched.value, field])
  }

  /** The findings to show on a field now: after it was left, or after Next on its step. */
  function visibleFor(step: StepId, field: string): Finding[] {
    const show = revealed.value.has(step) || touched.value.has(field)
    return show ? findings.value[step].filter((f) => f.field === field || f.field.startsWith(`${field}.`)) : []
  }

  return { moves, data, currentStep, visited, findings, index, info, stateOf, goTo, next, back, touch, visibleFor, revealed }
})

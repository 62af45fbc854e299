import { computed } from 'vue'
import type { StepId } from '../../../../shared/domain/steps'
import { useWizardStore } from '../../stores/wizard'

/**
 * What a field shows about itself: its findings (after it was left, or after Next), and the
 * ids that tie the hint and the errors to the control for assistive technology.
 */
export function useField(props: { id: string; step: StepId; field: string; hint?: string }) {
  const wizard = useWizardStore()
  const findings = computed(() => wizard.visibleFor(props.step, props.field))
  const errors = computed(() => findings.value.filter((f) => f.severity === 'error'))
  const describedBy = computed(() => [props.hint ? `${props.id}-hint` : '', findings.value.length ? `${props.id}-msg` : ''].filter(Boolean).join(' ') || undefined)
  return { findings, errors, describedBy, touch: () => wizard.touch(props.field) }
}

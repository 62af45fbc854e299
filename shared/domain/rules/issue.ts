import type { StepId } from '../steps'

/** How much a finding matters: errors block saving or export, warnings and notices inform. */
export type Severity = 'error' | 'warning' | 'notice'

/**
 * One validation result, returned as data (never thrown) so the UI can attach it to a field,
 * the review step can list it and the command line can print it.
 */
export interface Finding {
  /** Dotted path into ProjectData, e.g. 'partners.partners.2.tls'. */
  field: string
  severity: Severity
  /** Stable machine code, e.g. 'partner.matrix.invalid'; the UI and tests react to it. */
  code: string
  message: string
}

/** Alias kept for the step forms, which speak of issues on fields. */
export type FieldIssue = Finding

/** Shorthand constructors keep the rule modules readable. */
export const error = (field: string, code: string, message: string): Finding => ({ field, severity: 'error', code, message })
export const warning = (field: string, code: string, message: string): Finding => ({ field, severity: 'warning', code, message })
export const notice = (field: string, code: string, message: string): Finding => ({ field, severity: 'notice', code, message })

/** True when any finding blocks saving or export. */
export function hasBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error')
}

/** Only the findings that block export. */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error')
}

const STEP_OF_ROOT: Record<string, StepId> = {
  scenario: 'scenario',
  inventory: 'inventory',
  prerequisites: 'prerequisites',
  policy: 'policy',
  partners: 'partners',
  gateway: 'gateway',
  certificates: 'certificates',
  dns: 'dns',
}

/** The wizard step whose form holds a finding's field: the review step links there. */
export function stepOfField(field: string): StepId {
  return STEP_OF_ROOT[field.split('.')[0] ?? ''] ?? 'review'
}

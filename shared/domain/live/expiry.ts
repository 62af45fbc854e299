/** Days before expiry at which the wizard warns, most urgent last (the 60, 30 and 14 days). */
export const EXPIRY_WARNING_DAYS = [60, 30, 14] as const

export type ExpiryLevel = 'ok' | 'warn-60' | 'warn-30' | 'warn-14' | 'expired'

export type ExpirySource = 'project' | 'store' | 'collector' | 'probe'

export interface CertificateExpiry {
  readonly source: ExpirySource
  readonly subject: string
  readonly thumbprint: string
  readonly notAfter: string
  readonly daysLeft: number
  readonly level: ExpiryLevel
  /** Where it was seen: the Edge Server for the collector, the host for a probe. */
  readonly where: string
}

const DAY = 86_400_000

/** Whole days left, rounded down; negative once expired. */
export function daysLeft(notAfter: string | Date, now: Date): number {
  const t = typeof notAfter === 'string' ? Date.parse(notAfter) : notAfter.getTime()
  return Math.floor((t - now.getTime()) / DAY)
}

export function expiryLevel(days: number): ExpiryLevel {
  if (days < 0) return 'expired'
  if (days <= 14) return 'warn-14'
  if (days <= 30) return 'warn-30'
  if (days <= 60) return 'warn-60'
  return 'ok'
}

/** One sentence an admin reads on the start screen or in a scheduled task's log. */
export function expirySentence(e: Pick<CertificateExpiry, 'daysLeft' | 'notAfter' | 'subject'>): string {
  const date = e.notAfter.slice(0, 10)
  if (e.daysLeft < 0) return `${e.subject} expired on ${date}: federation stops until a new certificate is assigned.`
  if (e.daysLeft === 0) return `${e.subject} expires today (${date}).`
  return `${e.subject} expires in ${e.daysLeft} day${e.daysLeft === 1 ? '' : 's'} (${date}).`
}

export function expiryOf(input: Omit<CertificateExpiry, 'daysLeft' | 'level'>, now: Date): CertificateExpiry {
  const days = daysLeft(input.notAfter, now)
  return { ...input, daysLeft: days, level: expiryLevel(days) }
}

/** The soonest first: the one that stops federation first is the one to show. */
export function soonestFirst(list: readonly CertificateExpiry[]): CertificateExpiry[] {
  return [...list].sort((a, b) => a.daysLeft - b.daysLeft)
}

import type { GatewayStep } from '../model/gateway'
import type { ProjectData } from '../model/project'
import { error, notice, warning, type Finding } from './issue'

/** The numeric Set-CsXmppGatewayConfiguration parameters (spec §2.4) with their documented defaults. */
export interface GatewayParameter {
  readonly key: Exclude<keyof GatewayStep, 'enableLoggingAllMessageBodies' | 'setDialbackPassphrase'>
  readonly parameter: string
  readonly defaultValue: number
  readonly unit: '' | 's'
  readonly meaning: string
}

export const GATEWAY_PARAMETERS: readonly GatewayParameter[] = [
  { key: 'connectionLimit', parameter: 'ConnectionLimit', defaultValue: 1000, unit: '', meaning: 'total simultaneous connections for all partners' },
  { key: 'partnerConnectionLimit', parameter: 'PartnerConnectionLimit', defaultValue: 20, unit: '', meaning: 'simultaneous connections per single partner' },
  { key: 'keepAliveInterval', parameter: 'KeepAliveInterval', defaultValue: 300, unit: 's', meaning: 'maximum time before a partner must send a keep-alive' },
  { key: 'streamEstablishmentTimeout', parameter: 'StreamEstablishmentTimeout', defaultValue: 60, unit: 's', meaning: 'time allowed to establish a stream' },
  { key: 'streamInactivityTimeout', parameter: 'StreamInactivityTimeout', defaultValue: 600, unit: 's', meaning: 'idle time before a stream is terminated' },
  { key: 'subscriptionRefreshInterval', parameter: 'SubscriptionRefreshInterval', defaultValue: 28800, unit: 's', meaning: 'presence subscription refresh' },
]

/** Spec §2.4: EnableLoggingAllMessageBodies logs IM content. */
export const MESSAGE_BODY_LOGGING_WARNING = 'EnableLoggingAllMessageBodies records the content of every XMPP instant message in the logs. Check your privacy, retention and works-council rules before turning it on.'

const UINT32_MAX = 4294967295

/** One Set-CsXmppGatewayConfiguration parameter the script emits. */
export interface GatewayChange {
  readonly parameter: string
  readonly value: number | boolean
}

/**
 * Only the parameters the admin changed (spec §5 step 5: "leave unchanged" is the default, emit
 * only changed parameters). DialbackPassphrase is never here: the script prompts for it.
 */
export function changedGatewayParameters(g: GatewayStep): GatewayChange[] {
  const out: GatewayChange[] = []
  for (const p of GATEWAY_PARAMETERS) {
    const v = g[p.key]
    if (v !== null) out.push({ parameter: p.parameter, value: v })
  }
  if (g.enableLoggingAllMessageBodies !== null) out.push({ parameter: 'EnableLoggingAllMessageBodies', value: g.enableLoggingAllMessageBodies })
  return out
}

/** Rules of the gateway settings step (spec §2.4, §5 step 5). */
export function validateGateway(p: Pick<ProjectData, 'gateway'>): Finding[] {
  const out: Finding[] = []
  const g = p.gateway
  for (const param of GATEWAY_PARAMETERS) {
    const v = g[param.key]
    if (v === null) continue
    const field = `gateway.${param.key}`
    if (!Number.isInteger(v) || v < 0 || v > UINT32_MAX) {
      out.push(error(field, 'gateway.uint32', `${param.parameter} is a UInt32: a whole number from 0 to 4294967295 (Microsoft documents no minimum).`))
    } else if (v === 0) {
      out.push(warning(field, 'gateway.zero', `${param.parameter} = 0: Microsoft does not say what the gateway does with zero; the default is ${param.defaultValue}.`))
    }
  }
  if (g.partnerConnectionLimit !== null && g.connectionLimit !== null && g.partnerConnectionLimit > g.connectionLimit) {
    out.push(warning('gateway.partnerConnectionLimit', 'gateway.partner-above-total', 'The per-partner limit is higher than the total connection limit.'))
  }
  if (g.enableLoggingAllMessageBodies === true) {
    out.push(warning('gateway.enableLoggingAllMessageBodies', 'gateway.privacy', MESSAGE_BODY_LOGGING_WARNING))
  }
  if (g.setDialbackPassphrase) {
    out.push(notice('gateway.setDialbackPassphrase', 'gateway.passphrase.prompt', 'The script asks for the dialback passphrase when it runs (Read-Host -AsSecureString); it is never written to the project, the export folder or the logs.'))
  }
  return out
}

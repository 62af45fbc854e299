import type { ExternalAccessPolicy } from '../domain/model/policy'
import type { ProjectData } from '../domain/model/project'
import type { XmppPartner } from '../domain/model/partners'
import { normaliseFqdn } from '../domain/rules/fqdn'
import { changedGatewayParameters } from '../domain/rules/gateway'
import { policyIdentity } from '../domain/rules/policy'
import { desiredPartnerProperties, desiredPolicyProperties } from '../domain/rules/desired-state'
import { psArray, psValue } from './ps-quote'

/**
 * The one plan of the configuration: what xmpp-config.ps1 sets on which object. The script, the
 * runbook and the Review step's planned changes are all rendered from it, so they cannot
 * disagree (issue 11: "the runbook and the script come from one plan").
 */

/** A value a cmdlet parameter receives; null: the property is cleared (never passed as $null). */
export type PlanValue = string | number | boolean | null | readonly string[]

export type PlannedObject = 'AccessEdgeConfiguration' | 'ExternalAccessPolicy' | 'UserPolicyAssignment' | 'XmppAllowedPartner' | 'XmppGatewayConfiguration'

/** One Management Shell command of the plan. */
export interface PlannedCommand {
  readonly object: PlannedObject
  readonly identity: string
  readonly cmdlet: string
  /** In order; null values are not passed (the script clears them through -Instance). */
  readonly parameters: Readonly<Record<string, PlanValue>>
  /** Piped in front: `Get-CsUser -OU '…' | Grant-CsExternalAccessPolicy …`. */
  readonly pipeFrom?: { readonly cmdlet: string; readonly parameters: Readonly<Record<string, PlanValue>> }
  /** What the admin must know before it runs, in plain words (deployment-wide effects). */
  readonly consequence?: string
}

export interface PolicyPlan {
  readonly policy: ExternalAccessPolicy
  readonly identity: string
  /** "5" when the project has one policy, else "5.1", "5.2", … (the script's section numbers). */
  readonly number: string
  /** The values the script sets (EnablePublicCloudAccess only where the shell still has it). */
  readonly desired: Readonly<Record<string, string | boolean | null>>
  /** New- for a policy the admin creates, Set- for global or one the admin chose to update. */
  readonly command: PlannedCommand
  /** Grant commands of a user policy (none for site and global policies). */
  readonly grants: readonly PlannedCommand[]
}

export interface PartnerPlan {
  readonly partner: XmppPartner
  readonly domain: string
  readonly additional: readonly string[]
  readonly desired: Readonly<Record<string, string | number | boolean | null>>
  readonly command: PlannedCommand
}

export interface ConfigPlan {
  readonly retiring: boolean
  readonly accessEdge: PlannedCommand | null
  readonly policies: readonly PolicyPlan[]
  readonly partners: readonly PartnerPlan[]
  readonly gateway: PlannedCommand | null
}

/** Said wherever AllowFederatedUsers is set: it is not an XMPP-only switch. */
export const ALLOW_FEDERATED_USERS_CONSEQUENCE = 'This allows federation for the whole deployment: with ALL federated partners, SIP as well as XMPP, not only the XMPP partners of this project. The script changes it only when it is False.'

export { desiredPartnerProperties, desiredPolicyProperties }

export function configPlan(p: ProjectData): ConfigPlan {
  const retiring = p.scenario.scenario === 'retire-xmpp'
  const list = p.policy.policies
  const policies = list.map((policy, i): PolicyPlan => {
    const identity = policyIdentity(policy)
    const desired = desiredPolicyProperties(policy)
    const verb = policy.scope === 'global' || policy.updateExisting ? 'Set' : 'New'
    const grants: PlannedCommand[] = []
    if (policy.scope === 'user' && !retiring) {
      const name = policy.name.trim()
      const grant = (parameters: Record<string, PlanValue>, pipeFrom?: PlannedCommand['pipeFrom']): PlannedCommand => ({
        object: 'UserPolicyAssignment',
        identity: name,
        cmdlet: 'Grant-CsExternalAccessPolicy',
        parameters,
        ...(pipeFrom ? { pipeFrom } : {}),
      })
      for (const u of policy.assignTo.users.map((x) => x.trim()).filter(Boolean)) grants.push(grant({ Identity: u, PolicyName: name }))
      if (policy.assignTo.ou.trim()) grants.push(grant({ PolicyName: name }, { cmdlet: 'Get-CsUser', parameters: { OU: policy.assignTo.ou.trim() } }))
      if (policy.assignTo.ldapFilter.trim()) grants.push(grant({ PolicyName: name }, { cmdlet: 'Get-CsUser', parameters: { LdapFilter: policy.assignTo.ldapFilter.trim() } }))
    }
    return {
      policy,
      identity,
      number: list.length === 1 ? '5' : `5.${i + 1}`,
      desired,
      command: { object: 'ExternalAccessPolicy', identity, cmdlet: `${verb}-CsExternalAccessPolicy`, parameters: { Identity: identity, ...desired } },
      grants,
    }
  })
  const partners = p.partners.partners.map((partner): PartnerPlan => {
    const domain = normaliseFqdn(partner.domain)
    const additional = [...new Set(partner.additionalDomains.map(normaliseFqdn).filter(Boolean))]
    const desired = desiredPartnerProperties(partner)
    const command: PlannedCommand = retiring
      ? { object: 'XmppAllowedPartner', identity: domain, cmdlet: 'Remove-CsXmppAllowedPartner', parameters: { Identity: domain } }
      : { object: 'XmppAllowedPartner', identity: domain, cmdlet: 'New-CsXmppAllowedPartner', parameters: { Identity: domain, ...desired, ...(additional.length ? { AdditionalDomains: additional } : {}) } }
    return { partner, domain, additional, desired, command }
  })
  const gatewayChanges = changedGatewayParameters(p.gateway)
  return {
    retiring,
    accessEdge: retiring
      ? null
      : {
          object: 'AccessEdgeConfiguration',
          identity: 'global',
          cmdlet: 'Set-CsAccessEdgeConfiguration',
          parameters: { AllowFederatedUsers: true },
          consequence: ALLOW_FEDERATED_USERS_CONSEQUENCE,
        },
    policies,
    partners,
    gateway:
      gatewayChanges.length === 0
        ? null
        : {
            object: 'XmppGatewayConfiguration',
            identity: 'global',
            cmdlet: 'Set-CsXmppGatewayConfiguration',
            parameters: { Identity: 'global', ...Object.fromEntries(gatewayChanges.map((c) => [c.parameter, c.value])) },
          },
  }
}

function argument(v: Exclude<PlanValue, null>): string {
  if (Array.isArray(v)) return psArray(v)
  return psValue(v as string | number | boolean)
}

function parameterText(parameters: Readonly<Record<string, PlanValue>>): string {
  return Object.entries(parameters)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => ` -${k} ${argument(v as Exclude<PlanValue, null>)}`)
    .join('')
}

/**
 * The command as one line of PowerShell, every value a literal the engine binds as the script
 * does ($true/$false for [bool], numbers bare, text single-quoted). Cleared properties are named
 * in `cleared`, since a parameter cannot carry $null.
 */
export function commandText(c: PlannedCommand): string {
  const main = `${c.cmdlet}${parameterText(c.parameters)}`
  return c.pipeFrom ? `${c.pipeFrom.cmdlet}${parameterText(c.pipeFrom.parameters)} | ${main}` : main
}

/** The properties a command clears (blank in the project). */
export function cleared(c: PlannedCommand): string[] {
  return Object.entries(c.parameters)
    .filter(([, v]) => v === null)
    .map(([k]) => k)
}

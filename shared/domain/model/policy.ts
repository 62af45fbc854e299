import { z } from 'zod'

/** External Access Policy (spec §1.1, §2.2, §5 step 3). */
export const PolicyScope = z.enum(['global', 'site', 'user'])
export type PolicyScope = z.infer<typeof PolicyScope>

/** "keep" leaves a setting as the existing policy has it: the parameter is not emitted. */
export const TriState = z.enum(['keep', 'true', 'false'])
export type TriState = z.infer<typeof TriState>

/** Whom a user policy is granted to (spec §2.2: Get-CsUser by identity, -OU or -LdapFilter). */
export const PolicyAssignment = z.object({
  users: z.array(z.string().max(512)).max(5000).default([]),
  ou: z.string().max(1024).default(''),
  ldapFilter: z.string().max(2048).default(''),
})
export type PolicyAssignment = z.infer<typeof PolicyAssignment>

/** One External Access Policy the project creates or updates: global, site:<Site> or a user policy. */
export const ExternalAccessPolicy = z.object({
  scope: PolicyScope.default('user'),
  name: z.string().max(256).default('XmppFederatedUsers'),
  site: z.string().max(64).default(''),
  description: z.string().max(1024).default(''),
  enableFederationAccess: z.boolean().default(true),
  enableXmppAccess: z.boolean().default(true),
  enableOutsideAccess: TriState.default('keep'),
  enablePublicCloudAccess: TriState.default('keep'),
  /** The admin chose to update a policy that already exists rather than create a new one. */
  updateExisting: z.boolean().default(false),
  /** Only read for user scope: site and global policies apply by themselves. */
  assignTo: PolicyAssignment.prefault({}),
})
export type ExternalAccessPolicy = z.infer<typeof ExternalAccessPolicy>

/** The most policies one project manages: one global, one per site, and user policies. */
export const MAX_POLICIES = 100

/** A fresh policy as a new project starts with: the user policy XmppFederatedUsers of S1. */
export function defaultExternalAccessPolicy(): ExternalAccessPolicy {
  return ExternalAccessPolicy.parse({})
}

/**
 * The External Access Policy step: several policies, e.g. a site policy for site Redmond and a
 * user policy granted to some users (spec §1.1 precedence: user > site > global). The rules
 * (shared/domain/rules/policy.ts) ask for at least one, at most one global and one per site.
 *
 * Strict: a schema-2 policy (the single policy's fields directly under `policy`) is refused
 * rather than silently replaced by the default; it must go through migrateProjectData first.
 */
export const PolicyStep = z.strictObject({
  policies: z
    .array(ExternalAccessPolicy)
    .max(MAX_POLICIES)
    .default(() => [defaultExternalAccessPolicy()]),
})
export type PolicyStep = z.infer<typeof PolicyStep>

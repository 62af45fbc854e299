import { z } from 'zod'

/** External Access Policy (spec §1.1, §2.2, §5 step 3). */
export const PolicyScope = z.enum(['global', 'site', 'user'])
export type PolicyScope = z.infer<typeof PolicyScope>

/** "keep" leaves a setting as the existing policy has it: the parameter is not emitted. */
export const TriState = z.enum(['keep', 'true', 'false'])
export type TriState = z.infer<typeof TriState>

export const PolicyAssignment = z.object({
  users: z.array(z.string().max(512)).max(5000).default([]),
  ou: z.string().max(1024).default(''),
  ldapFilter: z.string().max(2048).default(''),
})
export type PolicyAssignment = z.infer<typeof PolicyAssignment>

export const PolicyStep = z.object({
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
  assignTo: PolicyAssignment.prefault({}),
})
export type PolicyStep = z.infer<typeof PolicyStep>

import { z } from 'zod'

/**
 * The guided post-deployment checklist of xmpp-gateway-spec.md §5 step 10 (Verification step).
 * The live checks themselves are not stored: they are run again from the workstation.
 */
export const VerificationItemId = z.enum(['services', 'netstat-external', 'netstat-internal', 'live-checks', 'sign-out-in', 'partner-contact', 'test-xmppim'])
export type VerificationItemId = z.infer<typeof VerificationItemId>

export const VerificationStep = z.object({
  /** Items the admin ticked as done. */
  done: z.partialRecord(VerificationItemId, z.boolean()).default({}),
})
export type VerificationStep = z.infer<typeof VerificationStep>

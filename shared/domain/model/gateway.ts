import { z } from 'zod'

const setting = z.number().int().nullable().default(null)

/**
 * Set-CsXmppGatewayConfiguration (spec §2.4): null means "leave unchanged", so only changed
 * parameters are emitted. The DialbackPassphrase is never part of the model: it is asked for
 * when the script is exported and never written to the project file.
 */
export const GatewayStep = z.object({
  connectionLimit: setting,
  partnerConnectionLimit: setting,
  keepAliveInterval: setting,
  streamEstablishmentTimeout: setting,
  streamInactivityTimeout: setting,
  subscriptionRefreshInterval: setting,
  enableLoggingAllMessageBodies: z.boolean().nullable().default(null),
  /** The script sets a passphrase (entered at export time) when true. */
  setDialbackPassphrase: z.boolean().default(false),
})
export type GatewayStep = z.infer<typeof GatewayStep>

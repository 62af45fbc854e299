import { z } from 'zod'

/** DNS step (spec §1.6, §5 step 7). Records are derived from the inventory; these are the choices. */
export const SrvTargetMode = z.enum(['access-edge', 'xmpp-host'])
export type SrvTargetMode = z.infer<typeof SrvTargetMode>

export const DnsStep = z.object({
  targetMode: SrvTargetMode.default('access-edge'),
  /** Host label used when targetMode is xmpp-host: xmpp.<domain>. */
  xmppHostLabel: z.string().max(63).default('xmpp'),
  port: z.number().int().default(5269),
  priority: z.number().int().default(10),
  weight: z.number().int().default(0),
  ttl: z.number().int().default(3600),
  /** The resolver the live check asks: blank for the system's, else IP[:port] of the external DNS. */
  resolver: z.string().max(64).default(''),
})
export type DnsStep = z.infer<typeof DnsStep>

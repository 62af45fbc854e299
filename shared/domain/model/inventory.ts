import { z } from 'zod'

const text = (max = 253) => z.string().max(max).default('')
const list = (max = 64) => z.array(z.string().max(253)).max(max).default([])

/** A site and the Edge pool that carries its XMPP federation route (spec §1.3 item 2). */
export const SiteRoute = z.object({ name: text(64), xmppRouteEdgePool: text() })
export type SiteRoute = z.infer<typeof SiteRoute>

/** A further Edge pool for XMPP failover: one SRV record each, distinct priorities (spec §1.6, F18). */
export const FailoverPool = z.object({
  poolFqdn: text(),
  accessEdgeFqdn: text(),
  publicIpv4: text(45),
  priority: z.number().int().min(0).max(65535).default(20),
})
export type FailoverPool = z.infer<typeof FailoverPool>

/** xmpp-gateway-spec.md §5 step 1. Lists hold what the admin typed; rules live in ../rules. */
export const InventoryStep = z.object({
  sipDomains: list(),
  xmppDomains: list(),
  frontEndPools: list(16),
  edgePoolFqdn: text(),
  edgeMembers: list(32),
  accessEdgeFqdn: text(),
  webConfEdgeFqdn: text(),
  avEdgeFqdn: text(),
  accessEdgePublicIpv4: text(45),
  accessEdgePublicIpv6: text(45),
  behindNat: z.boolean().default(false),
  sites: z.array(SiteRoute).max(32).default([]),
  failoverPools: z.array(FailoverPool).max(8).default([]),
  /** The topology's XmppInternalPort: 23456 in the port tables, 5098 in Set-CsEdgeServer (spec §1.7 [CONFLICT]). */
  xmppInternalPort: z.number().int().default(23456),
})
export type InventoryStep = z.infer<typeof InventoryStep>

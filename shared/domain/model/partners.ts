import { z } from 'zod'

/** XMPP federated partner (spec §1.2.2, §2.3, §5 step 4); enum values are the cmdlet's. */
export const PartnerType = z.enum(['Federated', 'PublicVerified', 'PublicUnverified'])
export type PartnerType = z.infer<typeof PartnerType>

export const Negotiation = z.enum(['Required', 'Optional', 'NotSupported'])
export type Negotiation = z.infer<typeof Negotiation>

export const XmppPartner = z.object({
  domain: z.string().max(253).default(''),
  description: z.string().max(1024).default(''),
  additionalDomains: z.array(z.string().max(253)).max(64).default([]),
  partnerType: PartnerType.default('PublicUnverified'),
  tls: Negotiation.default('Required'),
  sasl: Negotiation.default('NotSupported'),
  dialback: z.boolean().default(true),
  enableKeepAlive: z.boolean().default(true),
  /** Blank (null) leaves the cmdlet's own behaviour: no parameter is emitted. */
  connectionLimit: z.number().int().nullable().default(null),
  proxyFqdn: z.string().max(253).default(''),
})
export type XmppPartner = z.infer<typeof XmppPartner>

/**
 * Most XMPP partners one project holds. Documented and enforced with LIMIT_EXCEEDED when a
 * project file is imported (partnerLimitError); far above any real federation list, and the
 * Partners step and the script generator are measured at this size (issue 12).
 */
export const MAX_PARTNERS = 5000

/** The admin-facing message for a project over the partner limit. */
export function partnerLimitMessage(count: number): string {
  return `The project lists ${count} XMPP partners; this version handles at most ${MAX_PARTNERS}. Split the partners over several projects, or remove the ones no longer federated.`
}

export const PartnersStep = z.object({
  partners: z
    .array(XmppPartner)
    .max(MAX_PARTNERS, { error: (issue) => partnerLimitMessage(Array.isArray(issue.input) ? issue.input.length : MAX_PARTNERS + 1) })
    .default([]),
})
export type PartnersStep = z.infer<typeof PartnersStep>

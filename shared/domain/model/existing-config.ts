import type { Negotiation, PartnerType } from './partners'

// What the deployment reported (a paste of Get-Cs… output or a collector read), in the project's terms.

/** What Get-CsExternalAccessPolicy reported for one policy. Null: not in the pasted output. */
export interface ExistingPolicy {
  /** As the server spells it: Global, Site:Redmond, Tag:XmppFederatedUsers. */
  readonly identity: string
  readonly scope: 'global' | 'site' | 'user'
  /** Bare name: 'global', the site name, or the user policy name. */
  readonly name: string
  readonly description: string | null
  readonly enableFederationAccess: boolean | null
  readonly enableXmppAccess: boolean | null
  readonly enableOutsideAccess: boolean | null
  readonly enablePublicCloudAccess: boolean | null
}

/** What Get-CsXmppAllowedPartner reported for one partner. */
export interface ExistingPartner {
  readonly domain: string
  readonly description: string | null
  readonly additionalDomains: readonly string[]
  readonly partnerType: PartnerType | null
  readonly tls: Negotiation | null
  readonly sasl: Negotiation | null
  readonly dialback: boolean | null
  readonly enableKeepAlive: boolean | null
  readonly connectionLimit: number | null
  readonly proxyFqdn: string | null
}

/** The server's configuration as pasted by the admin. */
export interface ExistingConfig {
  readonly policies: readonly ExistingPolicy[]
  readonly partners: readonly ExistingPartner[]
}

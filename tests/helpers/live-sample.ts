import type { LiveDeploymentInput } from '../../shared/domain/live/live-data'

/**
 * A deployment read in the collector's format (tests/integration/live/collector.test.ts proves
 * the collector writes this shape from the cmdlet model): one site, a 2015 Front End pool, one
 * Edge pool, a user policy, two partners, an Edge certificate expiring in `certDays` days.
 */
export function sampleLive(now = new Date(), certDays = 20): LiveDeploymentInput & Record<string, unknown> {
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString()
  return {
    format: 'xgw-live',
    formatVersion: 1,
    collectedAt: now.toISOString(),
    collectedOn: 'fe01.contoso.local',
    serverVersion: 'Skype for Business Server 2015 (6.0.9319.0)',
    sipDomains: [{ name: 'contoso.com', isDefault: true }],
    sites: [{ name: 'Redmond', siteId: 1, xmppFederationRoute: 'EdgeServer:edge.contoso.local' }],
    pools: [
      { fqdn: 'fe.contoso.local', site: 'Redmond', roles: ['Registrar', 'UserServer'], computers: ['fe01.contoso.local'], version: 7 },
      { fqdn: 'edge.contoso.local', site: 'Redmond', roles: ['EdgeServer'], computers: ['edge01.contoso.local'], version: 7 },
    ],
    edgePools: [
      {
        poolFqdn: 'edge.contoso.local',
        site: 'Redmond',
        members: ['edge01.contoso.local'],
        accessEdgeExternalFqdn: 'sip.contoso.com',
        dataEdgeExternalFqdn: 'webconf.contoso.com',
        avEdgeExternalFqdn: 'av.contoso.com',
        xmppListeningPort: 5269,
        xmppInternalPort: 23456,
        version: 7,
      },
    ],
    accessEdge: { allowFederatedUsers: true, useDnsSrvRouting: true, enablePartnerDiscovery: false },
    xmppGateway: { connectionLimit: 1000, partnerConnectionLimit: 20, keepAliveInterval: 300, streamEstablishmentTimeout: 60, streamInactivityTimeout: 600, subscriptionRefreshInterval: 28800, enableLoggingAllMessageBodies: false },
    externalAccessPolicies: [
      { identity: 'Global', description: null, enableFederationAccess: true, enableXmppAccess: false, enableOutsideAccess: true, enablePublicCloudAccess: false, userCount: 10, users: [] },
      { identity: 'Tag:XmppFederatedUsers', description: 'XMPP pilot', enableFederationAccess: true, enableXmppAccess: true, enableOutsideAccess: false, enablePublicCloudAccess: false, userCount: 1, users: ['sip:alice@contoso.com'] },
    ],
    xmppAllowedPartners: [
      {
        identity: 'jabber.example.org',
        description: null,
        additionalDomains: [],
        partnerType: 'Federated',
        tlsNegotiation: 'Required',
        saslNegotiation: 'NotSupported',
        supportDialbackNegotiation: true,
        enableKeepAlive: true,
        connectionLimit: null,
        proxyFqdn: null,
      },
    ],
    edgeCertificates: [
      {
        computer: 'edge01.contoso.local',
        use: 'AccessEdgeExternal',
        thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
        subject: 'CN=sip.contoso.com',
        issuer: 'CN=Public CA',
        alternativeNames: ['sip.contoso.com', 'contoso.com'],
        notBefore: inDays(-345),
        notAfter: inDays(certDays),
        serialNumber: '01',
      },
    ],
    edgeParts: [{ computer: 'edge01.contoso.local', collectedAt: now.toISOString() }],
    notes: [],
  }
}

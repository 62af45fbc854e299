/**
 * A deployment for the cmdlet model (tests/powershell/SfbModel): two sites, two legacy Edge pools,
 * a 2015 and a 2019 Front End pool, existing policies and partners, an Edge certificate that
 * expires in 20 days. The state keys and property names are the model's (the cmdlets' own).
 */
export const DIALBACK_SECRET = 'Dialback-Secret-Never-Read-7f3a'
export const EDGE_THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678'

export function seedDeployment(now: Date, localComputer = 'fe01.contoso.local'): Record<string, unknown> {
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString()
  const edgeSans = ['sip.contoso.com', 'webconf.contoso.com', 'av.contoso.com', 'contoso.com', 'fabrikam.com']
  const cert = (use: string) => ({
    Use: use,
    Thumbprint: EDGE_THUMBPRINT,
    Subject: 'CN=sip.contoso.com, O=Contoso',
    Issuer: 'CN=Public CA G2, O=Public CA',
    NotBefore: inDays(-345),
    NotAfter: inDays(20),
    SerialNumber: '0A1B2C',
    AlternativeNames: edgeSans,
  })
  const edgeService = (pool: string, site: string, access: string, data: string, av: string) => ({
    Identity: `EdgeServer:${pool}`,
    PoolFqdn: pool,
    Role: 'EdgeServer',
    SiteId: `Site:${site}`,
    Version: 7,
    AccessEdgeExternalFqdn: access,
    DataEdgeExternalFqdn: data,
    AVEdgeExternalFqdn: av,
    XmppListeningPort: 5269,
    XmppInternalPort: 23456,
    AccessEdgeExternalSipPort: 5061,
  })
  return {
    serverVersion: 'Skype for Business Server 2015 (6.0.9319.0): Volume license key installed.',
    localComputer,
    sipDomains: [
      { Identity: 'contoso.com', IsDefault: true },
      { Identity: 'fabrikam.com', IsDefault: false },
    ],
    sites: [
      { Identity: 'Site:Redmond', SiteId: 1, DisplayName: 'Redmond', XmppFederationRoute: 'EdgeServer:edge-red.contoso.local' },
      { Identity: 'Site:Dublin', SiteId: 2, DisplayName: 'Dublin', XmppFederationRoute: 'EdgeServer:edge-dub.contoso.local' },
    ],
    pools: [
      {
        Identity: 'fe15.contoso.local',
        Fqdn: 'fe15.contoso.local',
        Site: 'Site:Redmond',
        Services: ['Registrar:fe15.contoso.local', 'UserServer:fe15.contoso.local', 'WebServer:fe15.contoso.local'],
        Computers: ['fe01.contoso.local', 'fe02.contoso.local'],
      },
      { Identity: 'fe19.contoso.local', Fqdn: 'fe19.contoso.local', Site: 'Site:Dublin', Services: ['Registrar:fe19.contoso.local', 'UserServer:fe19.contoso.local'], Computers: ['fe19a.contoso.local'] },
      { Identity: 'edge-red.contoso.local', Fqdn: 'edge-red.contoso.local', Site: 'Site:Redmond', Services: ['EdgeServer:edge-red.contoso.local'], Computers: ['edge01.contoso.local', 'edge02.contoso.local'] },
      { Identity: 'edge-dub.contoso.local', Fqdn: 'edge-dub.contoso.local', Site: 'Site:Dublin', Services: ['EdgeServer:edge-dub.contoso.local'], Computers: ['edge11.contoso.local'] },
    ],
    services: [
      { Identity: 'Registrar:fe15.contoso.local', PoolFqdn: 'fe15.contoso.local', Role: 'Registrar', SiteId: 'Site:Redmond', Version: 7 },
      { Identity: 'Registrar:fe19.contoso.local', PoolFqdn: 'fe19.contoso.local', Role: 'Registrar', SiteId: 'Site:Dublin', Version: 8 },
      edgeService('edge-red.contoso.local', 'Redmond', 'sip.contoso.com', 'webconf.contoso.com', 'av.contoso.com'),
      edgeService('edge-dub.contoso.local', 'Dublin', 'sip2.contoso.com', 'webconf2.contoso.com', 'av2.contoso.com'),
    ],
    accessEdge: { Identity: 'Global', AllowFederatedUsers: true, AllowOutsideUsers: true, UseDnsSrvRouting: true, EnablePartnerDiscovery: false },
    gateway: {
      Identity: 'Global',
      ConnectionLimit: 1000,
      PartnerConnectionLimit: 40,
      KeepAliveInterval: 300,
      StreamEstablishmentTimeout: 60,
      StreamInactivityTimeout: 600,
      SubscriptionRefreshInterval: 28800,
      EnableLoggingAllMessageBodies: false,
      DialbackPassphrase: DIALBACK_SECRET,
    },
    policies: [
      { Identity: 'Global', Description: null, EnableFederationAccess: true, EnableXmppAccess: false, EnablePublicCloudAccess: false, EnablePublicCloudAudioVideoAccess: false, EnableOutsideAccess: true },
      { Identity: 'Site:Redmond', Description: 'Redmond users', EnableFederationAccess: true, EnableXmppAccess: true, EnablePublicCloudAccess: false, EnablePublicCloudAudioVideoAccess: false, EnableOutsideAccess: true },
      { Identity: 'Tag:XmppFederatedUsers', Description: 'XMPP pilot', EnableFederationAccess: true, EnableXmppAccess: true, EnablePublicCloudAccess: false, EnablePublicCloudAudioVideoAccess: false, EnableOutsideAccess: false },
      { Identity: 'Tag:NoExternal', Description: null, EnableFederationAccess: false, EnableXmppAccess: false, EnablePublicCloudAccess: false, EnablePublicCloudAudioVideoAccess: false, EnableOutsideAccess: false },
    ],
    partners: [
      {
        Identity: 'jabber.example.org',
        Domain: 'jabber.example.org',
        Description: 'Partner chat',
        AdditionalDomains: [],
        PartnerType: 'Federated',
        TlsNegotiation: 'Required',
        SaslNegotiation: 'NotSupported',
        SupportDialbackNegotiation: true,
        EnableKeepAlive: true,
        ConnectionLimit: null,
        ProxyFqdn: null,
      },
      {
        Identity: 'chat.fabrikam.net',
        Domain: 'chat.fabrikam.net',
        Description: null,
        AdditionalDomains: ['conference.fabrikam.net'],
        PartnerType: 'PublicVerified',
        TlsNegotiation: 'Required',
        SaslNegotiation: 'Optional',
        SupportDialbackNegotiation: false,
        EnableKeepAlive: true,
        ConnectionLimit: 50,
        ProxyFqdn: null,
      },
    ],
    users: [
      {
        SipAddress: 'sip:alice@contoso.com',
        DisplayName: 'Alice',
        UserPrincipalName: 'alice@contoso.com',
        SamAccountName: 'alice',
        DistinguishedName: 'CN=Alice,OU=Pilot,DC=contoso,DC=com',
        RegistrarPool: 'fe15.contoso.local',
        ExternalAccessPolicy: 'XmppFederatedUsers',
      },
      {
        SipAddress: 'sip:bob@contoso.com',
        DisplayName: 'Bob',
        UserPrincipalName: 'bob@contoso.com',
        SamAccountName: 'bob',
        DistinguishedName: 'CN=Bob,OU=Pilot,DC=contoso,DC=com',
        RegistrarPool: 'fe15.contoso.local',
        ExternalAccessPolicy: 'XmppFederatedUsers',
      },
      {
        SipAddress: 'sip:carol@contoso.com',
        DisplayName: 'Carol',
        UserPrincipalName: 'carol@contoso.com',
        SamAccountName: 'carol',
        DistinguishedName: 'CN=Carol,OU=Staff,DC=contoso,DC=com',
        RegistrarPool: 'fe15.contoso.local',
        ExternalAccessPolicy: null,
      },
      {
        SipAddress: 'sip:dave@contoso.com',
        DisplayName: 'Dave',
        UserPrincipalName: 'dave@contoso.com',
        SamAccountName: 'dave',
        DistinguishedName: 'CN=Dave,OU=Staff,DC=contoso,DC=com',
        RegistrarPool: 'fe19.contoso.local',
        ExternalAccessPolicy: null,
      },
    ],
    certificates: [
      cert('AccessEdgeExternal'),
      cert('DataEdgeExternal'),
      cert('AudioVideoAuthentication'),
      { ...cert('Internal'), Thumbprint: 'FFEEDDCCBBAA99887766554433221100FFEEDDCC', Subject: 'CN=edge01.contoso.local', AlternativeNames: ['edge01.contoso.local'] },
    ],
    localStore: [{ Thumbprint: EDGE_THUMBPRINT, Subject: 'CN=sip.contoso.com, O=Contoso', Issuer: 'CN=Public CA G2, O=Public CA', NotAfter: inDays(20) }],
    dnsZones: [],
  }
}

import { ProjectData, type ProjectDataInput } from '../../shared/domain/model/project'

/** Fixed export time so golden files never change by themselves. */
export const SAMPLE_GENERATED_AT = '2025-01-15T09:30:00.000Z'
export const SAMPLE_APP_VERSION = '0.1.0'

/** One SIP/XMPP domain, one Edge, one partner, a user policy for two users. */
export function smallProject(): ProjectData {
  return ProjectData.parse({
    scenario: { scenario: 'coexistence-2019', legacyVersion: 'SfB Server 2015' },
    inventory: {
      sipDomains: ['contoso.com'],
      xmppDomains: ['contoso.com'],
      frontEndPools: ['fe-pool.contoso.local'],
      edgePoolFqdn: 'edge-pool.contoso.local',
      edgeMembers: ['edge01.contoso.local'],
      accessEdgeFqdn: 'sip.contoso.com',
      webConfEdgeFqdn: 'webconf.contoso.com',
      avEdgeFqdn: 'av.contoso.com',
      accessEdgePublicIpv4: '131.107.155.10',
      sites: [{ name: 'Redmond', xmppRouteEdgePool: 'edge-pool.contoso.local' }],
    },
    policy: {
      policies: [
        {
          scope: 'user',
          name: 'XmppFederatedUsers',
          description: 'Users allowed to talk to XMPP partners',
          assignTo: { users: ['sip:alice@contoso.com', 'sip:bob@contoso.com'] },
        },
      ],
    },
    partners: {
      partners: [{ domain: 'fabrikam.com', description: 'Fabrikam Openfire', partnerType: 'PublicUnverified', tls: 'Required', sasl: 'NotSupported', dialback: true }],
    },
    certificates: { path: 'offline-csr', request: { friendlyName: 'Edge external 2025', organization: 'Contoso Ltd', country: 'US', state: 'Washington', city: 'Redmond' } },
  } satisfies ProjectDataInput)
}

/**
 * Three SIP domains (two XMPP), a two-member Edge pool plus a failover pool, five partners
 * (every preset and additional domains), gateway changes, and two External Access Policies: a
 * new site policy for site Redmond and an existing user policy granted to users, an OU and an
 * LDAP filter (issue 4: "site and user policies").
 */
export function largeProject(): ProjectData {
  return ProjectData.parse({
    scenario: { scenario: 'coexistence-2019', legacyVersion: 'Lync Server 2013' },
    inventory: {
      sipDomains: ['contoso.com', 'fabrikam-corp.com', 'litwareinc.com'],
      xmppDomains: ['contoso.com', 'litwareinc.com'],
      frontEndPools: ['fe-pool1.contoso.local', 'fe-pool2.contoso.local'],
      edgePoolFqdn: 'edge-pool.contoso.local',
      edgeMembers: ['edge01.contoso.local', 'edge02.contoso.local'],
      accessEdgeFqdn: 'sip.contoso.com',
      webConfEdgeFqdn: 'webconf.contoso.com',
      avEdgeFqdn: 'av.contoso.com',
      accessEdgePublicIpv4: '131.107.155.10',
      accessEdgePublicIpv6: '2001:db8::10',
      behindNat: true,
      sites: [
        { name: 'Redmond', xmppRouteEdgePool: 'edge-pool.contoso.local' },
        { name: 'Dublin', xmppRouteEdgePool: 'edge-pool.contoso.local' },
      ],
      failoverPools: [{ poolFqdn: 'edge-pool2.contoso.local', accessEdgeFqdn: 'sip2.contoso.com', publicIpv4: '131.107.155.20', priority: 20 }],
      xmppInternalPort: 23456,
    },
    policy: {
      policies: [
        { scope: 'site', site: 'Redmond', description: 'Redmond site: XMPP federation' },
        {
          scope: 'user',
          name: 'XmppFederatedUsers',
          description: "Sales & support: XMPP partners (don't remove)",
          enableOutsideAccess: 'true',
          enablePublicCloudAccess: 'false',
          updateExisting: true,
          assignTo: { users: ['sip:alice@contoso.com', 'bob@litwareinc.com'], ou: 'ou=Sales,dc=contoso,dc=com', ldapFilter: '(department=Support)' },
        },
      ],
    },
    partners: {
      partners: [
        { domain: 'fabrikam.com', description: 'Fabrikam', additionalDomains: ['corp.fabrikam.com', 'it.fabrikam.com'], partnerType: 'Federated', tls: 'Required', sasl: 'NotSupported', dialback: true },
        { domain: 'gmail.com', description: 'Google Talk (historical)', partnerType: 'PublicUnverified', tls: 'NotSupported', sasl: 'NotSupported', dialback: true, enableKeepAlive: false },
        { domain: 'adatum.com', description: 'Adatum ejabberd', partnerType: 'PublicUnverified', tls: 'Required', sasl: 'Required', dialback: false, connectionLimit: 50 },
        { domain: 'tailspintoys.com', description: 'Tailspin Prosody', partnerType: 'PublicVerified', tls: 'Optional', sasl: 'Optional', dialback: true, proxyFqdn: 'xmpp-proxy.tailspintoys.com' },
        { domain: 'wingtiptoys.com', description: 'Wingtip', partnerType: 'PublicUnverified', tls: 'Required', sasl: 'Optional', dialback: true },
      ],
    },
    gateway: { partnerConnectionLimit: 50, streamInactivityTimeout: 1200, enableLoggingAllMessageBodies: false, setDialbackPassphrase: true },
    certificates: {
      path: 'convert-pem',
      edgeThumbprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      request: { friendlyName: 'Edge external 2025', bitLength: 2048, organization: 'Contoso Ltd', organizationalUnit: 'IT', country: 'US', state: 'Washington', city: 'Redmond', templateName: 'WebServerExportable' },
    },
    dns: { targetMode: 'xmpp-host', priority: 10, weight: 0, ttl: 3600 },
  } satisfies ProjectDataInput)
}

/** Hostile strings in every field that reaches a script. */
export const INJECTION = "x'; Remove-Item C:\\ -Recurse; '"

/** A small project whose free-text fields try to break out of their string literals. */
export function injectionProject(): ProjectData {
  const p = smallProject()
  const pol = p.policy.policies[0]!
  pol.description = INJECTION
  pol.assignTo.users = [`sip:eve@contoso.com`, `x\u2019; Stop-Computer; \u2018`]
  pol.assignTo.ou = `ou=Sales'); Remove-Item C:\\ -Recurse; ('`
  pol.assignTo.ldapFilter = '(cn=$(Stop-Computer))'
  // A second (site) policy, so hostile text also passes through the script's multi-policy sections.
  p.policy.policies.push({ ...pol, scope: 'site', site: 'Redmond', name: '', description: `site\u2019s '; Stop-Computer; '`, assignTo: { users: [], ou: '', ldapFilter: '' } })
  p.partners.partners[0]!.description = `a\u2018b\u2019c\u201Ad\u201Be'; Remove-Item C:\\; '`
  p.certificates.request.organization = `Contoso'; Stop-Computer; '`
  return p
}

/**
 * Every kind of text that could break out of a PowerShell literal or comment (issue 11): ASCII and
 * typographic quotes, backticks, subexpressions, environment variables, statement separators,
 * block-comment and here-string closers, line breaks and non-ASCII text.
 */
export const HOSTILE_STRINGS = [
  "x'; Remove-Item C:\\ -Recurse; '",
  'say "hi" $(Stop-Computer) ${env:PATH} and `$escaped',
  '\u2018smart\u2019 \u201Alow\u201B \u201Cdouble\u201D \u201Elow\u201C; Stop-Computer',
  'back`tick `n `$x; $env:COMPUTERNAME; & calc.exe | Out-Null',
  '#> <# comment breakers #> # not a comment',
  '\'@\nStop-Computer\n"@\nhere-string closers',
  'line1\nline2\r\nline3\rline4',
  '\u00DCn\u00EFc\u00F6d\u00E9 \u2014 \u65E5\u672C\u8A9E \u2014 \u{1F389}',
] as const

/**
 * The small project with a hostile string in every free-text field that reaches a script: policy
 * descriptions (user and site), user identities, the OU, the LDAP filter's value, partner
 * descriptions and the certificate request's organisation.
 */
export function hostileProject(): ProjectData {
  const p = smallProject()
  const H = HOSTILE_STRINGS
  const pol = p.policy.policies[0]!
  pol.description = [H[0], H[5], H[6]].join(' | ')
  pol.assignTo.users = ['sip:alice@contoso.com', `x\u2019; Stop-Computer; \u2018 "${H[1]}"`, H[3]]
  pol.assignTo.ou = `OU=Sales'); Remove-Item C:\\ -Recurse; ('$(Stop-Computer) \u201Cq\u201D,DC=contoso,DC=com`
  pol.assignTo.ldapFilter = `(department=R&D $env:X 'x' "y" \`z\` \u00FC \u2019 ; #> '@)`
  p.policy.policies.push({ ...pol, scope: 'site', site: 'Redmond', name: '', description: `${H[2]} ${H[7]}`, enableOutsideAccess: 'true', assignTo: { users: [], ou: '', ldapFilter: '' } })
  p.partners.partners[0]!.description = `${H[1]} ${H[4]}`
  p.partners.partners.push(
    { ...p.partners.partners[0]!, domain: 'adatum.com', description: H[6], additionalDomains: ['corp.adatum.com'], connectionLimit: 7 },
    { ...p.partners.partners[0]!, domain: 'tailspintoys.com', description: `${H[3]} ${H[7]}`, proxyFqdn: 'proxy.tailspintoys.com' },
  )
  p.certificates.request.organization = H[0]
  return p
}

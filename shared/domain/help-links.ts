/**
 * The Microsoft pages each step follows (xmpp-gateway-spec.md §8). The only external URLs the
 * app will open: the renderer asks by URL and the main process opens it only when it is on
 * this list (Electron security checklist #15).
 */
export const HELP_LINKS = {
  S1: { title: 'Configure XMPP gateway access policies and certificates', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/migration/configure-xmpp-gateway-access-policies-and-certificates' },
  S2: { title: 'Configure XMPP gateway on Skype for Business Server 2019', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/migration/configure-xmpp-gateway' },
  S3: { title: 'Migrating XMPP federation', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/migration/migrating-xmpp-federation' },
  S4: { title: 'Skype for Business Server 2019 deprecations', url: 'https://github.com/MicrosoftDocs/OfficeDocs-SkypeForBusiness/blob/public/Skype/SfBServer2019/deprecated-2019.md' },
  S6: { title: 'Negotiation settings for XMPP federated partners (Lync Server 2013)', url: 'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-negotiation-settings-for-xmpp-federated-partners' },
  S7: { title: 'Create or edit XMPP partner configuration (Lync Server 2013)', url: 'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-create-or-edit-xmpp-partner-configuration' },
  S8: { title: 'Setting up XMPP federation (Lync Server 2013)', url: 'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-setting-up-xmpp-federation' },
  S10: { title: 'Configure policies to control XMPP federated user access', url: 'https://technet.microsoft.com/en-us/library/JJ552446(v=OCS.15)' },
  S12: {
    title: 'Certificate summary: SIP, XMPP federation, and public instant messaging',
    url: 'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-certificate-summary-sip-xmpp-federation-and-public-instant-messaging',
  },
  S13: { title: 'DNS summary: XMPP federation', url: 'https://technet.microsoft.com/en-us/library/JJ618368(v=OCS.15)' },
  S14: { title: 'Port summary: XMPP federation', url: 'https://learn.microsoft.com/en-us/previous-versions/office/lync-server-2013/lync-server-2013-port-summary-extensible-messaging-and-presence-protocol-xmpp-federation' },
  S18: { title: 'Define your edge topology (Lync Server 2013)', url: 'https://technet.microsoft.com/en-us/library/Gg398591(v=OCS.15)' },
  S22: { title: 'Edge Server environmental requirements', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/plan-your-deployment/edge-server-deployments/edge-environmental-requirements' },
  S23: { title: 'Deploy Edge Servers in Skype for Business Server', url: 'https://learn.microsoft.com/en-us/skypeforbusiness/deploy/deploy-edge-server/deploy-edge-servers' },
  C1: { title: 'New-CsExternalAccessPolicy', url: 'https://learn.microsoft.com/powershell/module/skypeforbusiness/new-csexternalaccesspolicy' },
  C5: { title: 'New-CsXmppAllowedPartner', url: 'https://learn.microsoft.com/powershell/module/skypeforbusiness/new-csxmppallowedpartner' },
  C10: { title: 'Set-CsXmppGatewayConfiguration', url: 'https://learn.microsoft.com/powershell/module/skypeforbusiness/set-csxmppgatewayconfiguration' },
  C11: { title: 'Set-CsAccessEdgeConfiguration', url: 'https://learn.microsoft.com/powershell/module/skypeforbusiness/set-csaccessedgeconfiguration' },
  C14: { title: 'Request-CsCertificate', url: 'https://learn.microsoft.com/powershell/module/skypeforbusiness/request-cscertificate' },
} as const
export type HelpLinkId = keyof typeof HELP_LINKS

/** True only for a URL on the fixed list above. */
export function isHelpUrl(url: string): boolean {
  return Object.values(HELP_LINKS).some((l) => l.url === url)
}

/**
 * Stable result codes of the live checks (issue 5: "every check has a stable result code").
 *
 * A probe that could not run to the end carries a transport ErrorCode from shared/errors
 * (CONNECTION_REFUSED, TIMEOUT, NO_ROUTE, DNS_FAILURE, NO_STARTTLS, TLS_HANDSHAKE_FAILED,
 * STREAM_ERROR). The codes here name findings of checks that did run. The UI, the CLI and the
 * tests react to the code, never to the message; a published code keeps its meaning.
 */
export const CHECK_CODES = [
  // DNS for our XMPP domains (spec §1.6, §5 step 7, §4 F15/F18/F19)
  'DNS_SRV_OK',
  'DNS_SRV_MISSING',
  'DNS_LOOKUP_FAILED',
  'DNS_SRV_WRONG_PORT',
  'DNS_SRV_CNAME_TARGET',
  'DNS_SRV_TARGET_MISMATCH',
  'DNS_SRV_EXTRA_TARGET',
  'DNS_SRV_PRIORITY_MISMATCH',
  'DNS_SRV_TARGET_UNRESOLVED',
  'DNS_ADDRESS_MISMATCH',
  'DNS_SRV_TARGET_NOT_IN_SAN',
  'DNS_SRV_TARGET_OTHER_DOMAIN',
  // DNS for partners (spec §4 F16, F27)
  'PARTNER_SRV_OK',
  'PARTNER_SRV_MISSING',
  'PARTNER_SRV_CNAME_TARGET',
  'PARTNER_SRV_TARGET_UNRESOLVED',
  'PARTNER_SRV_NONSTANDARD_PORT',
  // probes (spec §5 steps 6a, 8, 10)
  'XMPP_PROBE_OK',
  'SIP_TLS_PROBE_OK',
  'PARTNER_PROBE_OK',
  'PROBE_SKIPPED',
  'STARTTLS_OPTIONAL',
  'CERTIFICATE_OK',
  'PARTNER_NEGOTIATION_MATCH',
  'PARTNER_NEGOTIATION_MISMATCH',
  'PARTNER_NO_COMMON_METHOD',
] as const
export type CheckCode = (typeof CHECK_CODES)[number]

/** pass: as the project says; warn: works but differs or is fragile; fail: partners will fail. */
export type CheckStatus = 'pass' | 'warn' | 'fail'

/** One sentence telling the admin what to change, per code (the readiness summary's "fix"). */
export const FIXES: Readonly<Record<string, string>> = {
  DNS_SRV_OK: '',
  DNS_SRV_MISSING: 'Publish the _xmpp-server._tcp SRV record in the external DNS zone (DNS step: zone snippet and table).',
  DNS_LOOKUP_FAILED: 'Check that the resolver answers from this workstation (DNS step: resolver field), then run the check again.',
  DNS_SRV_WRONG_PORT: 'Set the SRV record port to 5269, the port the Edge XMPP proxy listens on (spec §1.6).',
  DNS_SRV_CNAME_TARGET: 'Point the SRV record at a host name that has its own A/AAAA record, not at a CNAME alias (RFC 2782).',
  DNS_SRV_TARGET_MISMATCH: 'Make the SRV target the one the DNS step lists (Access Edge FQDN or xmpp.<domain>), or change the DNS step to match.',
  DNS_SRV_EXTRA_TARGET: 'Remove the SRV record the project does not know about, or add its Edge pool as a failover pool in the inventory.',
  DNS_SRV_PRIORITY_MISMATCH: 'Give the SRV record the priority the DNS step lists (lowest number = preferred, RFC 2782).',
  DNS_SRV_TARGET_UNRESOLVED: 'Publish an A (and AAAA for IPv6) record for the SRV target with the Access Edge public address.',
  DNS_ADDRESS_MISMATCH: "Make the SRV target's A/AAAA record the Access Edge public address (behind NAT: the translated public address).",
  DNS_SRV_TARGET_NOT_IN_SAN: "Add the SRV target to the Edge external certificate's subject alternative names (Certificates step) or point the SRV at a name it carries.",
  DNS_SRV_TARGET_OTHER_DOMAIN: 'Prefer an SRV target inside the same domain as the record, e.g. xmpp.<domain> (Microsoft Edge DNS guidance, S24).',
  PARTNER_SRV_OK: '',
  PARTNER_SRV_MISSING: 'Ask the partner to publish _xmpp-server._tcp.<their domain>; the Edge cannot route to them without it (spec §4 F16).',
  PARTNER_SRV_CNAME_TARGET: 'Tell the partner that their SRV target is a CNAME alias (RFC 2782); some servers refuse to follow it.',
  PARTNER_SRV_TARGET_UNRESOLVED: 'Tell the partner that their SRV target has no A/AAAA record.',
  PARTNER_SRV_NONSTANDARD_PORT: "Check that the Edge firewall allows outbound TCP to the partner's port (spec §1.7 opens 5269 only).",
  XMPP_PROBE_OK: '',
  SIP_TLS_PROBE_OK: '',
  PARTNER_PROBE_OK: '',
  PROBE_SKIPPED: 'Fix the DNS findings above so the probe knows where to connect.',
  STARTTLS_OPTIONAL: 'Partners that require TLS still work; consider requiring TLS for every XMPP partner.',
  CERTIFICATE_OK: '',
  PARTNER_NEGOTIATION_MATCH: '',
  PARTNER_NEGOTIATION_MISMATCH: "Change the partner's TLS/SASL/dialback negotiation (Partners step) to the suggested row.",
  PARTNER_NO_COMMON_METHOD: 'The partner offers neither TLS-based SASL nor dialback that the Edge can use: ask the partner to enable dialback (XEP-0220) or TLS.',
  CONNECTION_REFUSED: 'Nothing listens on that port: start the XMPP proxy service on the Edge and open TCP 5269 inbound (spec §1.7, §4 F4).',
  TIMEOUT: 'The port does not answer in time: check the firewall in front of the Edge (TCP 5269 inbound) and that the XMPP proxy service runs.',
  NO_ROUTE: 'No network route to that address from here: check the address and the routing/firewall between this workstation and the Edge.',
  DNS_FAILURE: 'The host name does not resolve: publish its A/AAAA record or check the resolver.',
  NO_STARTTLS: 'The server does not offer STARTTLS: assign the external certificate to the Edge and restart its services (spec §1.8, §5 step 6e).',
  TLS_HANDSHAKE_FAILED: 'The TLS handshake failed: check that a valid external certificate with its private key is assigned to the Edge (Set-CsCertificate) and restart the services.',
  STREAM_ERROR: 'The server ended the XMPP stream: check that the domain is one the Edge serves (XMPP domains, spec §5 step 1) and the Edge event log.',
}

/** The fix sentence for a code, '' when the code needs none. */
export function fixFor(code: string): string {
  return FIXES[code] ?? ''
}

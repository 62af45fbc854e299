import type { z } from 'zod'
import type { CsrInput } from '../../contract/certificates'
import type { ProjectData } from '../model/project'
import { type CertificateRequest, DEFAULT_REQUEST_FILE } from '../model/certificates'
import { fqdnProblem, isIpv4, isIpv6, normaliseFqdn } from './fqdn'
import { error, warning, type Finding } from './issue'
import { cleanDomains, edgeMembers } from './names'
import { requiredSans } from './sans'

/**
 * Certificates step (spec §5 step 6): the request-field rules of 6c, the SAN list of 6b, and the
 * Certificate Wizard values page by page (spec §1.4). electron/services/certificates/csr.ts builds
 * its output with these same functions, so the wizard shows them without generating a key and
 * cannot disagree with the CSR. The `Request-CsCertificate` line is a script writer's job:
 * shared/export/request-cs-certificate.ts.
 */

/** ISO 3166-1 alpha-2 country codes (the X.509 countryName, spec §1.4 page 8, R6). */
export const ISO_COUNTRIES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ')

/** Paths whose request fields matter: the admin requests a new certificate. */
export const REQUEST_PATHS = ['request-on-edge', 'offline-csr'] as const

/** True when the Edge pool has more than one member: the key must then be exportable (spec §3). */
export const isEdgePool = (p: Pick<ProjectData, 'inventory'>): boolean => edgeMembers(p).length > 1

/** The SAN list of the project's request: the required names (6b) then the extras. */
export function requestSanList(p: Pick<ProjectData, 'inventory' | 'dns' | 'certificates'>): string[] {
  return csrSans({ accessEdgeFqdn: p.inventory.accessEdgeFqdn, sans: requiredSans(p).map((s) => s.name), extraSans: p.certificates.request.extraSans })
}

/** The request as csr.ts builds it: the `certificates.createCsr` input, less where the new key goes. */
export type CsrRequestValues = Omit<z.output<typeof CsrInput>, 'storePendingKey' | 'keyPassword'>

/**
 * The project keeps the Certificate Wizard's "Bit length" as `bitLength`; the contract and
 * Request-CsCertificate say `keySize`. The export writers map it here too, so no caller can pair
 * the wrong field with `-KeySize`.
 */
export const requestKeySize = (r: Pick<CertificateRequest, 'bitLength'>): CsrRequestValues['keySize'] => r.bitLength

export function csrRequestFromProject(p: Pick<ProjectData, 'inventory' | 'dns' | 'certificates'>): CsrRequestValues {
  const r: CertificateRequest = p.certificates.request
  return {
    accessEdgeFqdn: normaliseFqdn(p.inventory.accessEdgeFqdn),
    sans: requiredSans(p).map((s) => s.name),
    extraSans: r.extraSans.map((s) => s.trim()).filter(Boolean),
    allowWildcard: r.allowWildcard,
    keySize: requestKeySize(r),
    friendlyName: r.friendlyName.trim(),
    organization: r.organization.trim(),
    organizationalUnit: r.organizationalUnit.trim(),
    country: r.country.trim().toUpperCase(),
    state: r.state.trim(),
    city: r.city.trim(),
    exportable: r.exportable || isEdgePool(p),
    requestFile: r.requestFile.trim() || DEFAULT_REQUEST_FILE,
    templateName: r.templateName.trim(),
    sipDomains: cleanDomains(p.inventory.sipDomains),
  }
}

/**
 * The one SAN list builder: subject first, then the required names and the extras, normalised and
 * de-duplicated. The engine validates each name before it calls this (csr.ts assembleSans).
 */
export function csrSans(r: { readonly accessEdgeFqdn: string; readonly sans: readonly string[]; readonly extraSans: readonly string[] }): string[] {
  const out: string[] = []
  for (const raw of [r.accessEdgeFqdn, ...r.sans, ...r.extraSans]) {
    const n = normaliseFqdn(raw)
    if (n && !out.includes(n)) out.push(n)
  }
  return out
}

export interface WizardFieldValue {
  page: string
  field: string
  value: string
}

/** The Certificate Wizard values page by page (spec §1.4); csr.ts builds its output with it too. */
export function wizardFieldValues(r: CsrRequestValues, sans: readonly string[] = csrSans(r)): WizardFieldValue[] {
  const f: WizardFieldValue[] = [
    { page: 'Available Certificate Tasks', field: 'Task', value: 'Create a new certificate request' },
    { page: 'Certificate Request', field: 'Certificate', value: 'External Edge Certificate' },
    { page: 'Delayed or Immediate Request', field: 'Request', value: 'Prepare the request now, but send it later' },
    { page: 'Certificate Request File', field: 'File Name', value: r.requestFile || DEFAULT_REQUEST_FILE },
    { page: 'Specify Alternate Certificate Template', field: 'Use alternative certificate template for the selected certification authority', value: r.templateName ? 'Yes' : 'No' },
  ]
  if (r.templateName) f.push({ page: 'Specify Alternate Certificate Template', field: 'Certificate template name', value: r.templateName })
  f.push(
    { page: 'Name and Security Settings', field: 'Friendly name', value: r.friendlyName },
    { page: 'Name and Security Settings', field: 'Bit length', value: String(r.keySize) },
    { page: 'Name and Security Settings', field: 'Mark certificate private key as exportable', value: r.exportable === false ? 'No' : 'Yes' },
    { page: 'Organization Information', field: 'Organization', value: r.organization },
    { page: 'Organization Information', field: 'Organizational Unit', value: r.organizationalUnit },
    { page: 'Geographical Information', field: 'Country', value: r.country },
    { page: 'Geographical Information', field: 'State/Province', value: r.state },
    { page: 'Geographical Information', field: 'City/Locality', value: r.city },
    { page: 'Subject Name/Subject Alternate Names', field: 'Subject name', value: normaliseFqdn(r.accessEdgeFqdn) },
    { page: 'Subject Name/Subject Alternate Names', field: 'Subject alternative names', value: sans.join(', ') },
  )
  const sipSans = new Set(r.sipDomains.map((d) => `sip.${normaliseFqdn(d)}`))
  for (const d of r.sipDomains) f.push({ page: 'SIP Domain Setting on Subject Alternate Names (SANs)', field: normaliseFqdn(d), value: 'Selected' })
  const topology = new Set([normaliseFqdn(r.accessEdgeFqdn), ...sipSans])
  for (const name of sans) if (!topology.has(name)) f.push({ page: 'Configure Additional Subject Alternate Names', field: 'FQDN', value: name })
  return f
}

const F = 'certificates.request'

/**
 * Request-field rules (spec §5 6c). They apply only on the two request paths, so a project that
 * imports an existing certificate (or has not chosen a path) is not held up by them.
 */
export function validateCertificates(p: ProjectData): Finding[] {
  const c = p.certificates
  if (!(REQUEST_PATHS as readonly string[]).includes(c.path)) return []
  const r = c.request
  const out: Finding[] = []
  const friendly = r.friendlyName.trim()
  if (!friendly) out.push(error(`${F}.friendlyName`, 'cert.friendly-name.required', "Enter a friendly name: it is how the certificate is found in the Edge's certificate store and in the Certificate Wizard."))
  else if (friendly.length > 64) out.push(warning(`${F}.friendlyName`, 'cert.friendly-name.long', 'Keep the friendly name to 64 characters or fewer.'))
  if (r.bitLength === 1024) out.push(warning(`${F}.bitLength`, 'cert.bit-length.small', '2048 and greater are recommended: a 1024-bit key is refused by public CAs and by current XMPP servers.'))
  if (!r.exportable && isEdgePool(p)) {
    out.push(error(`${F}.exportable`, 'cert.exportable.pool', 'The Edge pool has more than one member: every member uses the same certificate and private key, so the key must be exportable.'))
  }
  const country = r.country.trim().toUpperCase()
  if (country && !ISO_COUNTRIES.includes(country)) out.push(error(`${F}.country`, 'cert.country.invalid', 'Country must be a two-letter ISO 3166 code such as US, GB or DE.'))
  for (const [key, label] of [
    ['state', 'State/Province'],
    ['city', 'City/Locality'],
  ] as const) {
    const v = r[key].trim()
    if (/^[A-Za-z]{2,3}\.?$/.test(v)) out.push(warning(`${F}.${key}`, `cert.${key}.abbreviated`, `${label}: spell out the complete name ("${v}" looks like an abbreviation); the Certificate Wizard asks for full names.`))
  }
  if (r.templateName.trim() && /\s/.test(r.templateName.trim())) {
    out.push(warning(`${F}.templateName`, 'cert.template.display-name', 'Template names have no spaces: use the template name as defined in the CA, not its display name.'))
  }
  r.extraSans.forEach((raw, i) => {
    const v = raw.trim()
    if (!v) return
    if (isIpv4(v) || isIpv6(v.replace(/^\[|\]$/g, ''))) {
      out.push(error(`${F}.extraSans.${i}`, 'cert.san.ip', `"${v}" is an IP address; Edge certificates name hosts, not addresses.`))
      return
    }
    const problem = fqdnProblem(normaliseFqdn(v), { allowWildcard: r.allowWildcard })
    if (problem) out.push(error(`${F}.extraSans.${i}`, 'cert.san.invalid', `${v}: ${problem}`))
  })
  return out
}

import { DEFAULT_REQUEST_FILE } from '../domain/request-file'
import { csrSans, type CsrRequestValues } from '../domain/rules/certificates'
import { psBool, psQuote } from './ps-quote'

/** What the offline External Edge request needs: the Certificate Wizard's fields (spec §1.4). */
export interface RequestCsCertificateFields {
  readonly requestFile: string
  readonly sans: readonly string[]
  readonly friendlyName?: string
  readonly keySize: number
  readonly exportable: boolean
  readonly organization?: string
  readonly organizationalUnit?: string
  readonly country?: string
  readonly state?: string
  readonly city?: string
  readonly templateName?: string
}

/**
 * The `Request-CsCertificate -New` line for the Access Edge external certificate, offline
 * (spec §2.6, C14 example 7): every string single-quoted, optional fields only when given.
 * One builder for the export's csr-parameters.txt and the Certificates step's CSR output.
 */
export function requestCsCertificateCommand(f: RequestCsCertificateFields): string {
  const t = (s: string | undefined) => (s ?? '').trim()
  return [
    'Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication',
    `-Output ${psQuote(t(f.requestFile) || DEFAULT_REQUEST_FILE)}`,
    `-DomainName ${psQuote(f.sans.join(','))}`,
    t(f.friendlyName) ? `-FriendlyName ${psQuote(t(f.friendlyName))}` : '',
    `-KeySize ${f.keySize}`,
    `-PrivateKeyExportable ${psBool(f.exportable)}`,
    t(f.organization) ? `-Organization ${psQuote(t(f.organization))}` : '',
    t(f.organizationalUnit) ? `-OU ${psQuote(t(f.organizationalUnit))}` : '',
    t(f.country) ? `-Country ${psQuote(t(f.country).toUpperCase())}` : '',
    t(f.state) ? `-State ${psQuote(t(f.state))}` : '',
    t(f.city) ? `-City ${psQuote(t(f.city))}` : '',
    t(f.templateName) ? `-Template ${psQuote(t(f.templateName))}` : '',
  ]
    .filter(Boolean)
    .join(' ')
}

/** The line for the Certificates step's values (the wizard shows it without generating a key). */
export function requestLine(r: CsrRequestValues, sans: readonly string[] = csrSans(r)): string {
  return requestCsCertificateCommand({
    requestFile: r.requestFile,
    sans,
    friendlyName: r.friendlyName,
    keySize: r.keySize,
    exportable: r.exportable,
    organization: r.organization,
    organizationalUnit: r.organizationalUnit,
    country: r.country,
    state: r.state,
    city: r.city,
    templateName: r.templateName,
  })
}

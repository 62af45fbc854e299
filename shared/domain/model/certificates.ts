import { z } from 'zod'

import { DEFAULT_REQUEST_FILE } from '../request-file'
export { DEFAULT_REQUEST_FILE }

/** Certificates step (spec §1.4, §3, §5 step 6). Keys and passwords never live here. */
export const CertificatePath = z.enum(['request-on-edge', 'offline-csr', 'import-issued', 'import-pfx', 'convert-pem', 'verify-assigned'])
export type CertificatePath = z.infer<typeof CertificatePath>

export const CertificateRequest = z.object({
  friendlyName: z.string().max(128).default(''),
  bitLength: z.union([z.literal(1024), z.literal(2048), z.literal(4096)]).default(2048),
  exportable: z.boolean().default(true),
  organization: z.string().max(64).default(''),
  organizationalUnit: z.string().max(64).default(''),
  country: z.string().max(2).default(''),
  state: z.string().max(128).default(''),
  city: z.string().max(128).default(''),
  templateName: z.string().max(128).default(''),
  requestFile: z.string().max(260).default(DEFAULT_REQUEST_FILE),
  extraSans: z.array(z.string().max(253)).max(64).default([]),
  allowWildcard: z.boolean().default(false),
})
export type CertificateRequest = z.infer<typeof CertificateRequest>

export const CertificatesStep = z.object({
  path: z.union([CertificatePath, z.literal('')]).default(''),
  request: CertificateRequest.prefault({}),
  /** SHA-1 thumbprint (uppercase hex) of the store entry chosen for the Edge. */
  edgeThumbprint: z.string().max(40).default(''),
  pfxProfile: z.enum(['compatible', 'modern']).default('compatible'),
  /** DNS SANs of the certificate chosen for the Edge (for the review's cross-checks after a restart). */
  edgeSans: z.array(z.string().max(253)).max(64).default([]),
})
export type CertificatesStep = z.infer<typeof CertificatesStep>

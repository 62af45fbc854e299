import { z } from 'zod'
import { route } from './define'
import { ProjectData } from '../domain/model/project'

/** A validation finding (shared/domain/rules/issue.ts) on the wire. */
export const FindingDto = z.object({
  field: z.string(),
  severity: z.enum(['error', 'warning', 'notice']),
  code: z.string(),
  message: z.string(),
})

export const ExportFileDto = z.object({
  fileName: z.string(),
  content: z.string(),
  encoding: z.enum(['utf8-bom', 'utf8']),
  eol: z.enum(['crlf', 'lf']),
  language: z.enum(['powershell', 'markdown', 'html', 'csv', 'text']),
})

export const PlannedChangeDto = z.object({
  object: z.enum(['ExternalAccessPolicy', 'XmppAllowedPartner', 'AccessEdgeConfiguration', 'UserPolicyAssignment', 'XmppGatewayConfiguration']),
  identity: z.string(),
  action: z.enum(['create', 'update', 'unchanged', 'remove', 'unknown']),
  changes: z.array(z.object({ property: z.string(), from: z.string(), to: z.string() })),
  /** A deployment-wide effect, said in plain words (e.g. AllowFederatedUsers federates with every partner). */
  consequence: z.string().optional(),
})

/** Pasted `Get-CsExternalAccessPolicy | ConvertTo-Json` and `Get-CsXmppAllowedPartner | ConvertTo-Json`. */
export const PastedConfig = z
  .object({
    policiesJson: z.string().max(2_000_000).default(''),
    partnersJson: z.string().max(2_000_000).default(''),
  })
  .strict()

const ExportInput = z.object({
  projectData: ProjectData,
  /** SAN DNS names of the certificate chosen for the Edge; null when none is chosen yet. */
  sanNames: z.array(z.string().max(253)).max(500).nullable().default(null),
  existing: PastedConfig.nullable().default(null),
})

const ExistingPolicyDto = z.object({
  identity: z.string(),
  scope: z.enum(['global', 'site', 'user']),
  name: z.string(),
  description: z.string().nullable(),
  enableFederationAccess: z.boolean().nullable(),
  enableXmppAccess: z.boolean().nullable(),
  enableOutsideAccess: z.boolean().nullable(),
  enablePublicCloudAccess: z.boolean().nullable(),
})
const Negotiation = z.enum(['Required', 'Optional', 'NotSupported'])
const ExistingPartnerDto = z.object({
  domain: z.string(),
  description: z.string().nullable(),
  additionalDomains: z.array(z.string()),
  partnerType: z.enum(['Federated', 'PublicVerified', 'PublicUnverified']).nullable(),
  tls: Negotiation.nullable(),
  sasl: Negotiation.nullable(),
  dialback: z.boolean().nullable(),
  enableKeepAlive: z.boolean().nullable(),
  connectionLimit: z.number().nullable(),
  proxyFqdn: z.string().nullable(),
})

/**
 * Routes of the export ("artifacts": `export` is a reserved word in the generated client).
 * Paths: only `write` takes one, and only the command line and the host's save dialog supply it;
 * the renderer never names a path (style.md §4.3 "Bytes, not paths").
 */
export const artifacts = {
  preview: route({
    summary: 'Every export file as text, with the findings that block export and the planned changes',
    input: ExportInput.strict(),
    output: z.object({ files: z.array(ExportFileDto), findings: z.array(FindingDto), blocking: z.array(FindingDto), changes: z.array(PlannedChangeDto) }),
  }),
  write: route({
    summary: 'Write the export folder (timestamped) under a directory given on the command line',
    cliOnly: true,
    input: ExportInput.extend({ outDir: z.string().min(1).max(1024) }).strict(),
    output: z.object({ folder: z.string(), files: z.array(z.string()) }),
  }),
  save: route({
    summary: 'Write the export folder where the admin chooses (desktop dialog) or under the data directory (browser)',
    input: ExportInput.strict(),
    output: z.object({ folder: z.string().nullable(), files: z.array(z.string()) }),
  }),
  parseExisting: route({
    summary: 'Read pasted Get-Cs… | ConvertTo-Json output: prefill the steps and list the changes',
    input: PastedConfig.extend({ projectData: ProjectData.nullable().default(null) }).strict(),
    output: z.object({
      existing: z.object({ policies: z.array(ExistingPolicyDto), partners: z.array(ExistingPartnerDto) }),
      findings: z.array(FindingDto),
      prefilled: ProjectData.nullable(),
      changes: z.array(PlannedChangeDto),
    }),
  }),
} as const

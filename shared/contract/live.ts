import { z } from 'zod'
import { route } from './define'
import { ProjectData } from '../domain/model/project'
import { LIVE_SECTION_IDS } from '../domain/live/import-live'
import { ExportFileDto, PastedConfig } from './config'

/**
 * Namespace `live` (issue 15): the read-only collector, importing what it read, the drift report
 * and the Edge certificate's expiry and renewal. The collector output travels as text, never as a
 * path: only the command line reads files.
 */

/** The collector's output file, or the pasted Get-CsExternalAccessPolicy / Get-CsXmppAllowedPartner output. */
const LiveSource = z.union([z.object({ content: z.string().max(20_000_000) }).strict(), z.object({ pasted: PastedConfig }).strict()])

const SectionId = z.enum(LIVE_SECTION_IDS)
const FieldDiffDto = z.object({ label: z.string(), project: z.string(), live: z.string(), same: z.boolean() })
const SectionDto = z.object({ id: SectionId, title: z.string(), fields: z.array(FieldDiffDto), differs: z.boolean() })

const SummaryDto = z.object({
  collectedAt: z.string(),
  collectedOn: z.string(),
  serverVersion: z.string(),
  pools: z.number(),
  edgePools: z.number(),
  policies: z.number(),
  partners: z.number(),
  certificates: z.number(),
  notes: z.array(z.string()),
})

const DriftDifferenceDto = z.object({ setting: z.string(), planned: z.string(), live: z.string() })
const DriftEntryDto = z.object({
  object: z.enum(['AccessEdgeConfiguration', 'ExternalAccessPolicy', 'PolicyGrant', 'XmppAllowedPartner', 'XmppGatewayConfiguration', 'Topology']),
  identity: z.string(),
  status: z.enum(['matches', 'differs', 'missing', 'unmanaged']),
  differences: z.array(DriftDifferenceDto),
})
export const DriftReportDto = z.object({
  collectedAt: z.string(),
  collectedOn: z.string(),
  entries: z.array(DriftEntryDto),
  deploymentWide: z.array(DriftEntryDto),
  notes: z.array(z.string()),
  drifted: z.boolean(),
})

export const ExpiryDto = z.object({
  source: z.enum(['project', 'store', 'collector', 'probe']),
  subject: z.string(),
  thumbprint: z.string(),
  notAfter: z.string(),
  daysLeft: z.number(),
  level: z.enum(['ok', 'warn-60', 'warn-30', 'warn-14', 'expired']),
  where: z.string(),
})

const ProjectId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a project id')

export const live = {
  collectorScript: route({
    summary: 'The read-only collector script (xgw-collect.ps1) for the legacy Management Shell',
    input: z.object({}).strict(),
    output: ExportFileDto,
  }),
  preview: route({
    summary: 'Read a deployment (collector output or pasted Get-Cs… output): what it holds next to the project, section by section',
    input: z.object({ projectData: ProjectData, source: LiveSource }).strict(),
    output: z.object({ summary: SummaryDto, sections: z.array(SectionDto) }),
  }),
  apply: route({
    summary: 'The project data with the chosen sections taken from a deployment read (nothing is saved here)',
    input: z.object({ projectData: ProjectData, source: LiveSource, take: z.array(SectionId).max(LIVE_SECTION_IDS.length), projectId: ProjectId.nullable().default(null) }).strict(),
    output: z.object({ data: ProjectData }),
  }),
  drift: route({
    summary: 'The drift report: the project against a fresh read of the deployment',
    input: z.object({ projectData: ProjectData, content: z.string().max(20_000_000), projectId: ProjectId.nullable().default(null) }).strict(),
    output: DriftReportDto,
  }),
  lastDrift: route({
    summary: 'The drift report of the last deployment read kept for a project, if any',
    input: z.object({ projectId: ProjectId, projectData: ProjectData }).strict(),
    output: DriftReportDto.nullable(),
  }),
  expiry: route({
    summary: 'The Edge certificate of every project (project, store, last deployment read) with the days left',
    input: z.object({}).strict(),
    output: z.object({ projects: z.array(z.object({ id: z.string(), name: z.string(), certificates: z.array(ExpiryDto) })), store: z.array(ExpiryDto) }),
  }),
  renewal: route({
    summary: "The Edge certificate renewal script and runbook section, reusing the project's SANs",
    input: z
      .object({
        projectData: ProjectData,
        newThumbprint: z
          .string()
          .regex(/^$|^[0-9A-Fa-f]{40}$/, 'a SHA-1 thumbprint (40 hex digits)')
          .default(''),
        previousThumbprint: z
          .string()
          .regex(/^$|^[0-9A-Fa-f]{40}$/, 'a SHA-1 thumbprint (40 hex digits)')
          .default(''),
        /** NotAfter of the certificate in use: the A/V staging time is derived from it. */
        previousNotAfter: z.string().max(40).default(''),
      })
      .strict(),
    output: z.object({ files: z.array(ExportFileDto) }),
  }),
} as const

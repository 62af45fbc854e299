import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import type { live } from '../../../shared/contract/live'
import type { ProjectData } from '../../../shared/domain/model/project'
import type { LiveDeployment } from '../../../shared/domain/live/live-data'
import { AppError, ErrorCode } from '../../../shared/errors'
import { assertLegacyDeployment, parseLiveData } from '../../../shared/domain/live/parse-live'
import { accessEdgeCertificates, applyLiveSections, liveFromExisting, liveProposal, liveSections } from '../../../shared/domain/live/import-live'
import { computeDrift } from '../../../shared/domain/live/drift'
import { expiryOf, soonestFirst, type CertificateExpiry } from '../../../shared/domain/live/expiry'
import { parseExistingConfig } from '../../../shared/export/existing-config'
import { collectorScript, COLLECTOR_FILE } from '../../../shared/export/collector-script'
import { renewalRunbook, renewalScript, RENEWAL_RUNBOOK_FILE, RENEWAL_SCRIPT_FILE } from '../../../shared/export/renewal-script'
import { writeFileAtomic } from '../../lib/atomic-file'
import type { Logger } from '../../lib/logger'

type Routes = typeof live
type In<K extends keyof Routes> = z.output<Routes[K]['input']>
type Out<K extends keyof Routes> = z.output<Routes[K]['output']>

/** The `live` namespace (Handlers['live']). */
export type LiveService = { [K in keyof Routes]: (input: In<K>) => Promise<Out<K>> }

/** A certificate in the store, as much as the expiry needs. */
export interface StoreCertificate {
  thumbprint: string
  subject: string
  notAfter: string
  tags: readonly string[]
  dnsNames: readonly string[]
}

export interface LiveServiceDeps {
  readonly now: () => Date
  readonly log: Logger
  readonly appVersion: string
  /** Where the last deployment read of each project is kept: <dataDir>/live/<projectId>.json. */
  readonly liveDir: string
  readonly projects: () => Promise<ReadonlyArray<{ id: string; name: string; data: ProjectData }>>
  readonly storeEntries: () => Promise<readonly StoreCertificate[]>
}

/** The source text as a deployment read: the collector file, or the paste through the same path. */
function readSource(source: In<'preview'>['source'], now: Date): LiveDeployment {
  if ('content' in source) {
    const live = parseLiveData(source.content)
    assertLegacyDeployment(live)
    return live
  }
  const { existing, findings } = parseExistingConfig(source.pasted)
  const bad = findings.find((f) => f.severity === 'error')
  if (bad) throw new AppError(ErrorCode.LiveDataInvalid, bad.message)
  if (existing.policies.length === 0 && existing.partners.length === 0)
    throw new AppError(ErrorCode.LiveDataInvalid, 'Nothing was pasted: paste the output of the Get-CsExternalAccessPolicy or Get-CsXmppAllowedPartner command shown above it.')
  return liveFromExisting(existing, now)
}

export function createLiveService(deps: LiveServiceDeps): LiveService {
  const savedPath = (id: string) => join(deps.liveDir, `${id}.json`)

  /** Kept only after it parsed: a later expiry or drift view reads it back the same way. */
  async function remember(projectId: string | null, source: In<'preview'>['source']): Promise<void> {
    if (!projectId || !('content' in source)) return
    await writeFileAtomic(savedPath(projectId), source.content)
  }

  async function saved(projectId: string): Promise<LiveDeployment | null> {
    let text: string
    try {
      text = await readFile(savedPath(projectId), 'utf8')
    } catch {
      return null
    }
    try {
      return parseLiveData(text)
    } catch (e) {
      deps.log.warn('A kept deployment read no longer parses', { projectId, message: (e as Error).message })
      return null
    }
  }

  function projectExpiry(data: ProjectData, live: LiveDeployment | null, store: readonly StoreCertificate[], now: Date): CertificateExpiry[] {
    const out: CertificateExpiry[] = []
    const seen = new Set<string>()
    const add = (e: CertificateExpiry) => {
      const key = `${e.source}:${e.thumbprint}:${e.where}`
      if (!seen.has(key)) {
        seen.add(key)
        out.push(e)
      }
    }
    const thumb = data.certificates.edgeThumbprint.toUpperCase()
    const chosen = store.find((s) => s.thumbprint.toUpperCase() === thumb)
    if (thumb && chosen) add(expiryOf({ source: 'project', subject: chosen.subject, thumbprint: thumb, notAfter: chosen.notAfter, where: 'the certificate chosen in the project' }, now))
    for (const c of live ? accessEdgeCertificates(live) : []) {
      add(expiryOf({ source: 'collector', subject: c.subject, thumbprint: c.thumbprint.toUpperCase(), notAfter: c.notAfter, where: c.computer }, now))
    }
    return soonestFirst(out)
  }

  return {
    async collectorScript() {
      return { fileName: COLLECTOR_FILE, content: collectorScript({ appVersion: deps.appVersion, generatedAt: deps.now().toISOString() }), encoding: 'utf8-bom', eol: 'crlf', language: 'powershell' }
    },

    async preview(input) {
      const live = readSource(input.source, deps.now())
      const sections = liveSections(input.projectData, liveProposal(live))
      return {
        summary: {
          collectedAt: live.collectedAt,
          collectedOn: live.collectedOn,
          serverVersion: live.serverVersion,
          pools: live.pools.length,
          edgePools: live.edgePools.length,
          policies: live.externalAccessPolicies.length,
          partners: live.xmppAllowedPartners.length,
          certificates: live.edgeCertificates.length,
          notes: [...live.notes],
        },
        sections: sections.map((s) => ({ ...s, fields: s.fields.map((f) => ({ ...f })) })),
      }
    },

    async apply(input) {
      const live = readSource(input.source, deps.now())
      const data = applyLiveSections(input.projectData, liveProposal(live), input.take)
      await remember(input.projectId, input.source)
      deps.log.info('Deployment read applied', { sections: input.take.join(',') })
      return { data }
    },

    async drift(input) {
      const live = parseLiveData(input.content)
      assertLegacyDeployment(live)
      await remember(input.projectId, { content: input.content })
      return computeDrift(input.projectData, live) as Out<'drift'>
    },

    async lastDrift(input) {
      const live = await saved(input.projectId)
      return live ? (computeDrift(input.projectData, live) as Out<'lastDrift'>) : null
    },

    async expiry() {
      const now = deps.now()
      const store = await deps.storeEntries()
      const projects = []
      for (const p of await deps.projects()) projects.push({ id: p.id, name: p.name, certificates: projectExpiry(p.data, await saved(p.id), store, now) })
      // Store entries tagged for the Edge, or any with a key: what a scheduled task should watch.
      const storeExpiry = soonestFirst(
        store.filter((s) => s.tags.includes('edge') || s.dnsNames.length > 0).map((s) => expiryOf({ source: 'store', subject: s.subject, thumbprint: s.thumbprint.toUpperCase(), notAfter: s.notAfter, where: 'certificate store' }, now)),
      )
      return { projects, store: storeExpiry }
    },

    async renewal(input) {
      const r = {
        newThumbprint: input.newThumbprint,
        previousThumbprint: input.previousThumbprint || input.projectData.certificates.edgeThumbprint,
        previousNotAfter: input.previousNotAfter,
        generatedAt: deps.now().toISOString(),
        appVersion: deps.appVersion,
      }
      return {
        files: [
          { fileName: RENEWAL_SCRIPT_FILE, content: renewalScript(input.projectData, r), encoding: 'utf8-bom', eol: 'crlf', language: 'powershell' },
          { fileName: RENEWAL_RUNBOOK_FILE, content: renewalRunbook(input.projectData, r), encoding: 'utf8', eol: 'lf', language: 'markdown' },
        ],
      }
    },
  }
}

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Input, Output } from '../../../shared/contract'
import type { ProjectData } from '../../../shared/domain/model/project'
import type { LiveSectionId } from '../../../shared/domain/live/import-live'
import type { AppErrorData } from '../../../shared/errors'
import { useApi } from '../api/inject'
import { downloadBytes } from '../lib/browser-io'
import { plain } from '../lib/plain'
import { useProjectsStore } from './projects'

export type LivePreviewView = Output<'live', 'preview'>
export type DriftReportView = Output<'live', 'drift'>
export type ExpiryView = Output<'live', 'expiry'>
export type LiveSourceInput = Input<'live', 'preview'>['source']

/** The sections a read copies into the project: every step the import fills. */
const SECTION_KEYS: Record<LiveSectionId, ReadonlyArray<keyof ProjectData>> = {
  inventory: ['inventory'],
  policy: ['policy'],
  partners: ['partners'],
  gateway: ['gateway'],
  certificates: ['certificates'],
  prerequisites: ['prerequisites'],
}

/**
 * Reading the deployment (issue 15): the collector download, the import review, the drift report
 * and the Edge certificate expiry. Reports stay in memory; the service keeps the last read per
 * project in the data directory.
 */
export const useLiveStore = defineStore('live', () => {
  const api = useApi()
  const projects = useProjectsStore()
  const error = ref<AppErrorData | null>(null)
  const preview = ref<LivePreviewView | null>(null)
  const drift = ref<DriftReportView | null>(null)
  const driftProject = ref<string | null>(null)
  const expiry = ref<ExpiryView | null>(null)

  async function downloadCollector(): Promise<string | null> {
    const res = await api.live.collectorScript({})
    if (!res.ok) {
      error.value = res.error
      return null
    }
    downloadBytes(res.value.fileName, `\uFEFF${res.value.content}`, 'text/plain')
    return res.value.fileName
  }

  async function review(data: ProjectData, source: LiveSourceInput): Promise<boolean> {
    error.value = null
    preview.value = null
    const res = await api.live.preview({ projectData: plain(data), source })
    if (!res.ok) {
      error.value = res.error
      return false
    }
    preview.value = res.value
    return true
  }

  /** Copies the taken sections into the open project through the projects store, like any step's edit. */
  async function accept(data: ProjectData, source: LiveSourceInput, take: LiveSectionId[], projectId: string | null): Promise<boolean> {
    error.value = null
    const res = await api.live.apply({ projectData: plain(data), source, take, projectId })
    if (!res.ok) {
      error.value = res.error
      return false
    }
    // Another project was opened while the read was applied: its sections are not this project's.
    if ((projects.current?.id ?? null) !== projectId) return false
    const next = res.value.data
    for (const id of take) for (const key of SECTION_KEYS[id]) projects.update(key, next[key])
    preview.value = null
    void loadExpiry()
    return true
  }

  async function checkDrift(data: ProjectData, content: string, projectId: string | null): Promise<boolean> {
    error.value = null
    const res = await api.live.drift({ projectData: plain(data), content, projectId })
    if (!res.ok) {
      error.value = res.error
      return false
    }
    drift.value = res.value
    driftProject.value = projectId
    void loadExpiry()
    return true
  }

  /** The report of the read kept for the project, when the Verification step opens. */
  async function loadLastDrift(data: ProjectData, projectId: string): Promise<void> {
    const res = await api.live.lastDrift({ projectId, projectData: plain(data) })
    if (res.ok) {
      drift.value = res.value
      driftProject.value = res.value ? projectId : null
    }
  }

  async function loadExpiry(): Promise<void> {
    const res = await api.live.expiry({})
    if (res.ok) expiry.value = res.value
  }

  return { error, preview, drift, driftProject, expiry, downloadCollector, review, accept, checkDrift, loadLastDrift, loadExpiry }
})

import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Output } from '../../../shared/contract'
import type { ProjectData } from '../../../shared/domain/model/project'
import type { AppErrorData } from '../../../shared/errors'
import { useApi } from '../api/inject'
import { plain } from '../lib/plain'
import { useProjectsStore } from './projects'

export type PreviewResult = Output<'artifacts', 'preview'>
export type ParseResult = Output<'artifacts', 'parseExisting'>
export type SaveResult = Output<'artifacts', 'save'>
export type ExportFileView = PreviewResult['files'][number]
export type PlannedChangeView = PreviewResult['changes'][number]

/**
 * The export: preview, save, and the configuration pasted from the server.
 *
 * The pasted `Get-Cs… | ConvertTo-Json` text lives only here, in memory: it is not part of the
 * project model and is never saved. It is passed as `existing` to preview and save, so the change
 * list and the rollback can use the server's current values.
 */
export const useArtifactsStore = defineStore('artifacts', () => {
  const api = useApi()
  const projects = useProjectsStore()

  const policiesJson = ref('')
  const partnersJson = ref('')
  const parsed = ref<ParseResult | null>(null)
  const parsing = ref(false)

  /**
   * SAN DNS names of the certificate chosen for the Edge. null until the certificates step
   * provides them (setSanNames); the cross-checks then report a notice instead of errors.
   */
  const sanNames = ref<string[] | null>(null)

  const preview = ref<PreviewResult | null>(null)
  const previewing = ref(false)
  const saving = ref(false)
  const saved = ref<SaveResult | null>(null)
  const error = ref<AppErrorData | null>(null)
  let previewSeq = 0
  /** Bumped when another project opens: an answer to a call made for the previous one is dropped. */
  let epoch = 0

  /** What preview and save receive as `existing`: null when nothing was pasted. */
  const existing = computed(() => (policiesJson.value.trim() || partnersJson.value.trim() ? { policiesJson: policiesJson.value, partnersJson: partnersJson.value } : null))

  /** The certificates step calls this with the chosen certificate's SAN DNS names (null: none chosen). */
  function setSanNames(names: readonly string[] | null) {
    sanNames.value = names ? [...names] : null
  }

  async function readExisting(data: ProjectData): Promise<boolean> {
    const at = epoch
    parsing.value = true
    error.value = null
    const res = await api.artifacts.parseExisting({ policiesJson: policiesJson.value, partnersJson: partnersJson.value, projectData: plain(data) })
    // Its prefill is built from the previous project's data: "Prefill the steps" must not offer it here.
    if (at !== epoch) return false
    parsing.value = false
    if (!res.ok) {
      error.value = res.error
      parsed.value = null
      return false
    }
    parsed.value = res.value
    return true
  }

  /** The steps' data as the pasted configuration fills it in, or null when nothing was read. */
  function prefilled(): ProjectData | null {
    return parsed.value?.prefilled ?? null
  }

  /** The chosen Edge certificate's SANs: set by the Certificates step, else as saved in the project. */
  function sansFor(data: ProjectData): string[] | null {
    if (sanNames.value) return sanNames.value
    return data.certificates.edgeSans.length ? [...data.certificates.edgeSans] : null
  }

  async function refreshPreview(data: ProjectData): Promise<void> {
    const seq = ++previewSeq
    previewing.value = true
    const res = await api.artifacts.preview({ projectData: plain(data), sanNames: sansFor(data), existing: existing.value })
    // Answers can overtake each other while the admin types: only the latest one counts.
    if (seq !== previewSeq) return
    previewing.value = false
    if (!res.ok) {
      error.value = res.error
      return
    }
    error.value = null
    preview.value = res.value
  }

  async function save(data: ProjectData): Promise<SaveResult | null> {
    const at = epoch
    saving.value = true
    error.value = null
    saved.value = null
    const res = await api.artifacts.save({ projectData: plain(data), sanNames: sansFor(data), existing: existing.value })
    if (at !== epoch) return null
    saving.value = false
    if (!res.ok) {
      error.value = res.error
      return null
    }
    saved.value = res.value
    return res.value
  }

  // Another project: nothing pasted or previewed for the previous one applies to it.
  watch(
    () => projects.current?.id,
    () => {
      epoch++
      previewSeq++
      parsing.value = false
      previewing.value = false
      saving.value = false
      policiesJson.value = ''
      partnersJson.value = ''
      parsed.value = null
      preview.value = null
      saved.value = null
      error.value = null
      sanNames.value = null
    },
  )

  return {
    policiesJson,
    partnersJson,
    parsed,
    parsing,
    sanNames,
    preview,
    previewing,
    saving,
    saved,
    error,
    existing,
    setSanNames,
    readExisting,
    prefilled,
    refreshPreview,
    save,
  }
})

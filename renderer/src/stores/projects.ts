import { defineStore } from 'pinia'
import { ref, toRaw, watch } from 'vue'
import type { Project, ProjectSummary } from '../../../shared/contract/project'
import { ProjectData } from '../../../shared/domain/model/project'
import { ErrorCode, type AppErrorData } from '../../../shared/errors'
import { useApi } from '../api/inject'
import { plain } from '../lib/plain'

export type SaveState = 'idle' | 'saving' | 'saved' | 'error' | 'conflict'

/** A save refused because another window (or xgw) changed the project first. */
export interface SaveConflict {
  readonly id: string
  /** This window's version, not saved. */
  readonly mine: Project['data']
  /** What is saved now, once loaded for comparison; null until then. */
  theirs: Project | null
}

/** Leaf fields that differ between two values, as "path: this window → saved" lines (at most `max`). */
export function differences(mine: unknown, theirs: unknown, max = 20, path = ''): string[] {
  const out: string[] = []
  const walk = (a: unknown, b: unknown, at: string) => {
    if (out.length >= max) return
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k)
      return
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at}: ${JSON.stringify(a) ?? '(none)'} → ${JSON.stringify(b) ?? '(none)'}`)
  }
  walk(mine, theirs, path)
  return out
}

const AUTOSAVE_MS = 350

/** The projects in the data directory and the open one, saved automatically as the admin types. */
export const useProjectsStore = defineStore('projects', () => {
  const api = useApi()
  const list = ref<ProjectSummary[]>([])
  const current = ref<Project | null>(null)
  const loading = ref(true)
  const saveState = ref<SaveState>('idle')
  const error = ref<AppErrorData | null>(null)
  const notice = ref<string | null>(null)
  const conflict = ref<SaveConflict | null>(null)
  /** Raised when the open project is replaced by what is saved (after a conflict), so the step re-renders its fields. */
  const generation = ref(0)
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending = false
  // A save on its way to the host: closing now could still lose it.
  let inFlight = 0
  // Changes made while a load replaces `current` are not edits and must not be saved back.
  let suppress = false
  let saveError: AppErrorData | null = null

  async function refreshList(): Promise<void> {
    const res = await api.project.list({})
    if (!res.ok) {
      error.value = res.error
      return
    }
    list.value = res.value.projects
    if (res.value.notice) notice.value = res.value.notice
  }

  function setCurrent(p: Project | null) {
    suppress = true
    current.value = p
    queueMicrotask(() => (suppress = false))
  }

  // Bumped by every load that replaces `current`: when the admin picks another project before the
  // first one arrives, the earlier answer comes late and must not bring that project back.
  let loads = 0

  async function init(): Promise<void> {
    const seq = ++loads
    loading.value = true
    await refreshList()
    const res = await api.project.current({})
    if (seq === loads) {
      if (res.ok) setCurrent(res.value)
      else error.value = res.error
    }
    loading.value = false
  }

  // Saves go one after another: each carries the revision the previous one returned, so a
  // window never conflicts with its own earlier save still on its way.
  let saving: Promise<boolean> = Promise.resolve(true)
  function flush(): Promise<boolean> {
    saving = saving.then(flushNow, flushNow)
    return saving
  }

  async function flushNow(): Promise<boolean> {
    if (timer) clearTimeout(timer)
    timer = null
    if (!pending || !current.value) return true
    // After a conflict nothing is saved until the admin chooses (reload, or keep this version).
    if (conflict.value) return false
    pending = false
    saveState.value = 'saving'
    const p = current.value
    inFlight++
    // The revision this window loaded: a save based on an older one is refused (CONFLICT), never a silent overwrite.
    // The raw object, not a copy through the reactive proxies (a second for 5,000 partners): the
    // transport serialises it before this call yields, so later edits cannot leak into this save.
    const res = await api.project.save({ id: p.id, baseRevision: p.revision, data: toRaw(p.data) }).finally(() => inFlight--)
    if (!res.ok && res.error.code === 'CONFLICT') {
      saveState.value = 'conflict'
      conflict.value = { id: p.id, mine: plain(p.data), theirs: null }
      pending = true
      return false
    }
    if (!res.ok) {
      saveState.value = 'error'
      error.value = saveError = res.error
      pending = true
      return false
    }
    // The refusal's banner would contradict "All changes saved" once a later save went through.
    if (error.value && toRaw(error.value) === saveError) error.value = null
    saveError = null
    p.updatedAt = res.value.updatedAt
    p.revision = res.value.revision
    saveState.value = pending ? 'saving' : 'saved'
    return true
  }

  const changed = () => {
    if (suppress || !current.value) return
    pending = true
    saveState.value = 'saving'
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void flush(), AUTOSAVE_MS)
  }
  // One deep watcher per section of the project: a deep watcher re-walks everything it watches
  // on each change, and one over the whole project walked 5,000 partners for a step change.
  for (const section of Object.keys(ProjectData.shape) as (keyof ProjectData)[]) {
    watch(() => current.value?.data[section], changed, { deep: true })
  }

  /**
   * The one way a step or editor changes the open project: merges `patch` into one section of
   * its data. Steps receive that data as a prop and must not write to it; going through here keeps
   * every change in the store, where the section's deep watcher above schedules the autosave.
   */
  function update<K extends keyof ProjectData>(section: K, patch: Partial<ProjectData[K]>): void {
    if (!current.value) return
    Object.assign(current.value.data[section], plain(patch))
  }

  async function run(call: () => Promise<{ ok: true; value: Project } | { ok: false; error: AppErrorData }>): Promise<boolean> {
    const seq = ++loads
    // Leaving a project whose last change could not be saved would drop that change: stay, and
    // say why. (After a conflict the conflict panel already asks the admin to choose.)
    if (!(await flush())) {
      if (seq === loads && !conflict.value && current.value) {
        const why = saveError ? ` (${saveError.message})` : ''
        error.value = { code: saveError?.code ?? ErrorCode.StoreIo, message: `The other project was not opened: the last change to "${current.value.name}" is not saved yet${why}. Save again, then open it.` }
      }
      return false
    }
    error.value = null
    const res = await call()
    if (seq !== loads) return false
    if (!res.ok) {
      error.value = res.error
      return false
    }
    setCurrent(res.value)
    await refreshList()
    return true
  }

  /** Saves at once: step changes are not worth losing to the autosave delay. */
  function saveNow(): Promise<boolean> {
    if (!current.value) return Promise.resolve(true)
    pending = true
    return flush()
  }

  const create = (name: string) => run(() => api.project.create({ name }))
  const open = (id: string) => run(() => api.project.open({ id }))
  const importContent = (content: string) => run(() => api.project.importFile({ content }))

  /**
   * A rename moves the project's revision on too, so it takes its turn in the save queue: a save
   * still on its way would otherwise reach the host after the rename, with the revision from
   * before it (CONFLICT, "changed in another window", caused by this window alone), or its answer
   * would overwrite the rename's newer revision here.
   */
  function rename(id: string, name: string): Promise<boolean> {
    const task = async (): Promise<boolean> => {
      if (!(await flushNow())) return false
      const res = await api.project.rename({ id, name })
      if (!res.ok) {
        error.value = res.error
        return false
      }
      if (current.value?.id === id) {
        current.value.name = res.value.name
        current.value.revision = res.value.revision
      }
      return true
    }
    const done = saving.then(task, task)
    saving = done
    return done.then(async (ok) => {
      if (ok) await refreshList()
      return ok
    })
  }

  async function remove(id: string): Promise<boolean> {
    const res = await api.project.remove({ id })
    if (!res.ok) {
      error.value = res.error
      return false
    }
    await refreshList()
    if (current.value?.id === id) {
      const next = res.value.activeProjectId
      if (next) await open(next)
      else setCurrent(null)
    }
    return true
  }

  async function exportCurrent(): Promise<{ fileName: string; content: string } | null> {
    if (!current.value) return null
    await flush()
    const res = await api.project.exportFile({ id: current.value.id })
    if (!res.ok) {
      error.value = res.error
      return null
    }
    return res.value
  }

  /** Loads what is saved now, to show what reloading would discard. */
  async function loadConflicting(): Promise<void> {
    if (!conflict.value) return
    const res = await api.project.open({ id: conflict.value.id })
    if (res.ok) conflict.value.theirs = res.value
    else error.value = res.error
  }

  /** Drops this window's unsaved change and shows the saved project. */
  async function reloadDiscarding(): Promise<void> {
    if (!conflict.value) return
    const res = conflict.value.theirs ? { ok: true as const, value: conflict.value.theirs } : await api.project.open({ id: conflict.value.id })
    if (!res.ok) {
      error.value = res.error
      return
    }
    conflict.value = null
    pending = false
    setCurrent(res.value)
    generation.value++
    saveState.value = 'saved'
    await refreshList()
  }

  /** The admin chose to replace the other change with this window's version. */
  async function keepMine(): Promise<boolean> {
    const c = conflict.value
    if (!c || !current.value) return false
    const res = c.theirs ? { ok: true as const, value: c.theirs } : await api.project.open({ id: c.id })
    if (!res.ok) {
      error.value = res.error
      return false
    }
    current.value.revision = res.value.revision
    conflict.value = null
    pending = true
    return flush()
  }

  return {
    list,
    current,
    loading,
    saveState,
    error,
    notice,
    conflict,
    generation,
    update,
    loadConflicting,
    reloadDiscarding,
    keepMine,
    init,
    flush,
    saveNow,
    create,
    open,
    rename,
    remove,
    importContent,
    exportCurrent,
    hasPending: () => pending || inFlight > 0,
  }
})

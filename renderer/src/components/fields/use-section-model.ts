import { computed, type WritableComputedRef } from 'vue'
import type { ProjectData } from '../../../../shared/domain/model/project'
import { useProjectsStore } from '../../stores/projects'

/**
 * `v-model` targets for the fields of one section of the project. Each shows what `read` returns
 * (the step's `data` prop) and writes through the projects store: a step never writes into its
 * prop, and the store's watcher on the section schedules the autosave.
 */
export function useSectionModel<K extends keyof ProjectData>(section: K, read: () => ProjectData[K]) {
  const projects = useProjectsStore()
  return <F extends keyof ProjectData[K]>(field: F): WritableComputedRef<ProjectData[K][F]> =>
    computed({
      get: () => read()[field],
      set: (value: ProjectData[K][F]) => {
        const patch: Partial<ProjectData[K]> = {}
        patch[field] = value
        projects.update(section, patch)
      },
    })
}

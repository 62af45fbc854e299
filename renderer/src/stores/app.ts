import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, Diagnostics } from '../../../shared/contract/app'
import type { HelpLinkId } from '../../../shared/domain/help-links'
import type { AppErrorData } from '../../../shared/errors'
import { useApi } from '../api/inject'

export type Theme = 'system' | 'light' | 'dark'
const THEME_KEY = 'xgw-theme'

/** App-level things: the theme override, what support needs, and the open step's sources for F1. */
export const useAppStore = defineStore('app', () => {
  const api = useApi()
  const theme = ref<Theme>((localStorage.getItem(THEME_KEY) as Theme | null) ?? 'system')
  const diagnostics = ref<Diagnostics | null>(null)
  const info = ref<AppInfo | null>(null)
  const error = ref<AppErrorData | null>(null)
  const logFolder = ref<{ path: string; opened: boolean } | null>(null)
  /** The Microsoft pages the open step is based on (Help > Microsoft sources for this step, F1). */
  const stepSources = ref<HelpLinkId[]>([])

  /**
   * System follows prefers-color-scheme; Windows high contrast (forced colours) always wins in CSS.
   * The desktop app also applies it to its native parts (title bar, dialogs, scroll bars) and
   * remembers it for the first paint of the next start; public/theme-boot.js does that in a browser.
   */
  function applyTheme(next: Theme = theme.value) {
    theme.value = next
    localStorage.setItem(THEME_KEY, next)
    if (next === 'system') document.documentElement.removeAttribute('data-theme')
    else document.documentElement.setAttribute('data-theme', next)
    void api.app.setTheme({ theme: next })
  }

  async function loadInfo(): Promise<AppInfo | null> {
    if (info.value) return info.value
    const res = await api.app.info({})
    if (res.ok) info.value = res.value
    else error.value = res.error
    return info.value
  }

  async function loadDiagnostics() {
    const res = await api.app.diagnostics({})
    if (res.ok) diagnostics.value = res.value
    else error.value = res.error
  }

  async function openLogFolder() {
    const res = await api.app.openLogFolder({})
    if (res.ok) logFolder.value = res.value
    else error.value = res.error
    return logFolder.value
  }

  return { theme, diagnostics, info, error, logFolder, stepSources, applyTheme, loadInfo, loadDiagnostics, openLogFolder }
})

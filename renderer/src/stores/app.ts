import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Diagnostics } from '../../../shared/contract/app'
import type { AppErrorData } from '../../../shared/errors'
import { useApi } from '../api/inject'

export type Theme = 'system' | 'light' | 'dark'
const THEME_KEY = 'xgw-theme'

/** App-level things: the theme override and what support needs. */
export const useAppStore = defineStore('app', () => {
  const api = useApi()
  const theme = ref<Theme>((localStorage.getItem(THEME_KEY) as Theme | null) ?? 'system')
  const diagnostics = ref<Diagnostics | null>(null)
  const error = ref<AppErrorData | null>(null)
  const logFolder = ref<{ path: string; opened: boolean } | null>(null)

  /** System follows prefers-color-scheme; Windows high contrast (forced colours) always wins in CSS. */
  function applyTheme(next: Theme = theme.value) {
    theme.value = next
    localStorage.setItem(THEME_KEY, next)
    if (next === 'system') document.documentElement.removeAttribute('data-theme')
    else document.documentElement.setAttribute('data-theme', next)
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
  }

  return { theme, diagnostics, error, logFolder, applyTheme, loadDiagnostics, openLogFolder }
})

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../lib/atomic-file'

export type ThemeSource = 'system' | 'light' | 'dark'

/** The page background of styles.css in each scheme: the window is painted with it before the page loads. */
export const WINDOW_BACKGROUND = { light: '#f4f6f9', dark: '#14171c' } as const

const FILE_NAME = 'ui-settings.json'

/**
 * The theme the admin chose, read before the window exists so that nativeTheme (title bar,
 * dialogs, scroll bars) and the first paint already match it: no white flash in dark mode.
 * Anything missing or malformed is 'system'.
 */
export async function loadThemeSource(dataDir: string): Promise<ThemeSource> {
  try {
    const v = (JSON.parse(await readFile(join(dataDir, FILE_NAME), 'utf8')) as { theme?: unknown }).theme
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

export async function saveThemeSource(dataDir: string, theme: ThemeSource): Promise<void> {
  await writeFileAtomic(join(dataDir, FILE_NAME), `${JSON.stringify({ theme }, null, 2)}\n`)
}

/** Applies a theme to Electron's nativeTheme and says which background the window should have. */
export function applyThemeSource(nativeTheme: { themeSource: ThemeSource; readonly shouldUseDarkColors: boolean }, theme: ThemeSource): string {
  nativeTheme.themeSource = theme
  return nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light
}

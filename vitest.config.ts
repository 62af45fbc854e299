import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  plugins: [vue()],
  // Any runtime import of 'electron' in a test fails loudly instead of downloading the binary.
  resolve: { alias: { electron: r('./tests/stubs/electron.ts') } },
  test: {
    // Explicit includes: the default glob would also pick up Playwright's *.spec.ts files.
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/unit/{electron,shared}/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'renderer', environment: 'happy-dom', include: ['tests/unit/renderer/**/*.test.ts'] },
      },
    ],
  },
})

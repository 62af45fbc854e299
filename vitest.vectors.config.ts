import { defineConfig } from 'vitest/config'

/**
 * The third-party conformance corpus (../shared/vectors) is checked by its own run, never by
 * the default `vitest run`: `node scripts/test-vectors.mjs ../shared/vectors` sets
 * XGW_VECTORS_DIR and runs this config. The files are read in place, never copied.
 */
export default defineConfig({
  test: {
    name: 'vectors',
    environment: 'node',
    include: ['tests/vectors/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})

import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { bundledPackages } from './scripts/vite-bundled-packages.mjs'

// The renderer: one bundle that runs in Electron (app://wizard) and in a browser (loopback host).
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue(), bundledPackages('renderer')],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or styles survive the strict CSP, so never inline assets as data: modules.
    assetsInlineLimit: 0,
  },
})

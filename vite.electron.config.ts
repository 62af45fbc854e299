// vite build -c vite.electron.config.ts --mode node     -> dist-electron/{main,browser-host,crypto-worker,bench}.js (ESM)
// vite build -c vite.electron.config.ts --mode preload  -> dist-electron/preload.cjs (CJS, sandbox-safe)
// vite build -c vite.electron.config.ts --mode cli      -> dist-electron/cli/ (CJS: Node's `xgw`, bin/xgw.cjs)
import { defineConfig } from 'vite'
import { builtinModules } from 'node:module'
import { existsSync } from 'node:fs'
import pkg from './package.json' with { type: 'json' }
import { bundledPackages } from './scripts/vite-bundled-packages.mjs'
import { uiRouteNames } from './shared/contract'

const nodeBuiltins = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]
// Runtime dependencies stay external: loaded from node_modules (packed into app.asar), because
// bundling CommonJS node-forge into ESM output breaks its require('crypto') (toolchain.md P8).
const external = [...nodeBuiltins, ...Object.keys(pkg.dependencies ?? {})].map((id) => new RegExp(`^${id}(/.*)?$`))

const entries: Record<string, string> = {
  main: 'electron/main.ts',
  'browser-host': 'electron/host/browser-host.ts',
}
// Built when present: the certificate worker and the benchmark.
if (existsSync('electron/services/certificates/crypto-worker.ts')) entries['crypto-worker'] = 'electron/services/certificates/crypto-worker.ts'
if (existsSync('scripts/bench/bench.ts')) entries.bench = 'scripts/bench/bench.ts'

// `xgw` loads what it needs in as few modules as it can (issue 12, start-up): each costs a read and
// a compile (or a code cache), and the automatic split made 27 for one inspect. Both builds of the
// command line use these groups: the CommonJS one and main.js's for the app's `--xgw-cli`. A group takes the modules it names and what they import that no group before it
// took; the rest of the build keeps the automatic split.
const XGW_CHUNKS = [
  // What every command loads: the small shared modules under the command line (package.json too).
  { name: 'xgw-base', test: /(shared[\\/](errors|result|domain[\\/](file-limits|pem-armour|live[\\/](expiry|limits)))|electron[\\/](lib[\\/](atomic-file|file-logger|iso-time)|app[\\/]paths))\.ts$|package\.json$/, priority: 3 },
  // The native primitives, on their own: `store list` needs them without the reader.
  { name: 'primitives', test: /electron[\\/]services[\\/]certificates[\\/]primitives\.ts$/, priority: 2 },
  // The reader and inspect, what `xgw inspect` runs.
  { name: 'inspect', test: /electron[\\/]services[\\/]certificates[\\/](read-container|inspect)\.ts$/, priority: 1 },
]

export default defineConfig(({ mode }) => {
  if (mode === 'cli') return cliBuild
  const preload = mode === 'preload'
  return {
    publicDir: false,
    // What each bundle contains from node_modules, for the licence list (scripts/third-party-licenses.mjs).
    plugins: [bundledPackages(preload ? 'preload' : 'node')],
    // The preload only needs the route names: they are written in at build time, so the preload
    // bundles neither zod nor the contract's schemas (it stays a few hundred bytes).
    define: preload ? { __XGW_UI_ROUTES__: JSON.stringify(uiRouteNames) } : {},
    build: {
      outDir: 'dist-electron',
      emptyOutDir: !preload, // the node build runs first and clears dist-electron/
      target: 'node20',
      minify: false,
      sourcemap: true,
      lib: preload ? { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' } : { entry: entries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: {
        // The sandboxed preload cannot require anything but Electron's renderer modules (P11),
        // so it bundles what it imports (nothing but Electron); the node bundles keep dependencies external.
        external: preload ? [/^electron$/] : external,
        output: preload ? {} : { chunkFileNames: 'chunks/[name]-[hash].js', codeSplitting: { groups: XGW_CHUNKS }, comments: false },
      },
    },
  }
})

// The `xgw` command line for Node, as CommonJS: Node 20 compiles ES modules afresh on every
// start, while a CommonJS function can be compiled from a V8 code cache (electron/cli/code-cache.ts
// loads these files; bin/xgw.cjs is the launcher). The app's own `--xgw-cli` runs the same source
// from main.js.
const cliBuild = defineConfig({
  publicDir: false,
  // What import.meta.url means in a CommonJS file (forge-lazy.ts resolves node-forge from it).
  define: { 'import.meta.url': 'require("node:url").pathToFileURL(__filename).href' },
  build: {
    outDir: 'dist-electron/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    lib: { entry: { xgw: 'electron/cli/xgw.ts', 'code-cache': 'electron/cli/code-cache.ts' }, formats: ['cjs'], fileName: (_format, name) => `${name}.cjs` },
    rolldownOptions: {
      external,
      // Every module in a content-named chunk (the entry keeps only its call): only those are cached.
      output: {
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        codeSplitting: { groups: [...XGW_CHUNKS, { name: 'xgw-process', test: /electron[\\/]cli[\\/]xgw-process\.ts$/, priority: 0 }] },
        comments: false,
      },
    },
  },
})

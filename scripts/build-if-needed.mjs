// Builds the renderer and the Node bundles when any source is newer than the last build,
// so `npm start`, `npm run start:browser` and `xgw` always run what is in the tree.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execSync } from 'node:child_process'

const root = new URL('..', import.meta.url).pathname
const stamp = join(root, 'dist-electron', '.build-stamp')
const sources = ['electron', 'shared', 'renderer', 'scripts/bench', 'scripts/third-party-licenses.mjs', 'scripts/vite-bundled-packages.mjs', 'package.json', 'vite.config.ts', 'vite.electron.config.ts']

function newest(path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs)
}

// `npm install` runs this as `prepare` too; before devDependencies exist there is nothing to build with.
if (!existsSync(join(root, 'node_modules', 'vite'))) process.exit(0)
const built = existsSync(stamp) && existsSync(join(root, 'dist', 'index.html')) ? statSync(stamp).mtimeMs : 0
const latest = Math.max(...sources.map((s) => newest(join(root, s))))
if (built >= latest && !process.argv.includes('--force')) process.exit(0)
process.stderr.write('Building XMPP Gateway Wizard…\n')
// vite.electron.config.ts imports the contract (the preload's route names); Vite would print a
// notice about its future native config loader on every build, which `npm start` must not show.
execSync('npm run build --silent', { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' } })
writeFileSync(stamp, new Date().toISOString())

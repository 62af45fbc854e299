// A Vite plugin that records which npm packages a build really bundled (from the modules in its
// output chunks), as <outDir>/.bundled-packages-<name>.json. scripts/third-party-licenses.mjs reads
// these lists, so About lists the licences of exactly what ships, not of everything installed.
import { relative, sep } from 'node:path'

const root = process.cwd()

/** The package folder of a module id: the part up to the last node_modules/<name> (or @scope/name). */
export function packageDirOf(id) {
  const clean = id.replace(/^\0/, '').split('?')[0]
  const parts = clean.split(/[\\/]/)
  const at = parts.lastIndexOf('node_modules')
  if (at < 0 || at + 1 >= parts.length) return null
  const take = parts[at + 1].startsWith('@') ? 3 : 2
  return parts.slice(0, at + take).join('/')
}

export function bundledPackages(name) {
  return {
    name: 'xgw-bundled-packages',
    generateBundle(_options, bundle) {
      const dirs = new Set()
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue
        const ids = chunk.moduleIds ?? Object.keys(chunk.modules ?? {})
        for (const id of ids) {
          const dir = packageDirOf(id)
          if (dir) dirs.add(relative(root, dir).split(sep).join('/'))
        }
      }
      this.emitFile({ type: 'asset', fileName: `.bundled-packages-${name}.json`, source: `${JSON.stringify([...dirs].sort(), null, 2)}\n` })
    },
  }
}

/**
 * The import rules docs/architecture.md states, checked on the source: shared/ imports nothing
 * from electron/ or renderer/, shared/domain nothing from shared/export, and the modules of
 * electron/ and shared/ form no import cycle.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
}

/** Relative imports of a file (type-only ones included: they still tie the modules together). */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/gm)) {
    const spec = m[1] ?? ''
    const base = relative(ROOT, resolve(ROOT, dirname(file), spec))
    const candidates = [`${base}.ts`, join(base, 'index.ts'), base]
    out.push(candidates.find((c) => c.endsWith('.ts') && files.has(c)) ?? base)
  }
  return out
}

const files = new Set([...sources('shared'), ...sources('electron')])
const graph = new Map([...files].map((f) => [f, imports(f)]))

describe('import boundaries', () => {
  it('shared/ imports nothing from electron/ or renderer/, and shared/domain nothing from shared/export', () => {
    const wrong: string[] = []
    for (const [f, deps] of graph) {
      if (!f.startsWith('shared/')) continue
      for (const d of deps) {
        if (d.startsWith('electron/') || d.startsWith('renderer/')) wrong.push(`${f} -> ${d}`)
        if (f.startsWith('shared/domain/') && d.startsWith('shared/export/')) wrong.push(`${f} -> ${d}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('electron/ and shared/ have no import cycle', () => {
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const walk = (f: string, path: string[]) => {
      state.set(f, 'open')
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...path.slice(path.indexOf(d)), d].join(' -> '))
        else if (!state.has(d) && graph.has(d)) walk(d, [...path, d])
      }
      state.set(f, 'done')
    }
    for (const f of graph.keys()) if (!state.has(f)) walk(f, [f])
    expect(cycles).toEqual([])
  })
})

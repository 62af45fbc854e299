import { execFile } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { packageDirOf } from '../../../../scripts/vite-bundled-packages.mjs'
import { tempDir } from '../../../helpers/temp-dir'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const run = promisify(execFile)

describe('scripts/third-party-licenses.mjs', () => {
  let root: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir: root, cleanup } = await tempDir('xgw-licences-')))
  afterEach(() => cleanup())

  /** A package in node_modules (under `at`), with the given package.json fields and files. */
  async function pkg(at: string, name: string, json: Record<string, unknown>, files: Record<string, string> = {}) {
    const dir = join(root, at, 'node_modules', name)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...json }))
    for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text)
  }
  async function project(bundled: string[]) {
    await writeFile(join(root, 'package.json'), JSON.stringify({ name: 'app', version: '9.9.9', dependencies: { a: '1' } }))
    await mkdir(join(root, 'dist'), { recursive: true })
    await writeFile(join(root, 'dist', '.bundled-packages-renderer.json'), JSON.stringify(bundled))
  }
  const script = (...args: string[]) => run(process.execPath, [join(ROOT, 'scripts/third-party-licenses.mjs'), '--root', root, ...args])

  it('lists what the bundles contain and the runtime dependency tree, nested copies included, with licence texts', async () => {
    await project(['node_modules/@scope/ui'])
    await pkg('', '@scope/ui', { license: 'MIT' }, { 'LICENSE.md': 'UI licence text' })
    await pkg('', 'a', { license: 'Apache-2.0', dependencies: { b: '2' } }, { LICENSE: 'A licence text' })
    await pkg('node_modules/a', 'b', { version: '2.0.0', license: 'ISC' }) // nested: a's own copy of b
    await pkg('', 'b', { version: '1.5.0', license: 'MIT' }, { LICENCE: 'wrong copy' }) // hoisted, not used by a
    const { stdout } = await script()
    expect(stdout).toBe('third-party-licenses: 3 packages\n')
    const list = JSON.parse(await readFile(join(root, 'dist', 'third-party-licenses.json'), 'utf8'))
    expect(list.map((e: { name: string; version: string; license: string; usedBy: string }) => [e.name, e.version, e.license, e.usedBy])).toEqual([
      ['@scope/ui', '1.0.0', 'MIT', 'bundled in the window'],
      ['a', '1.0.0', 'Apache-2.0', 'in app.asar'],
      ['b', '2.0.0', 'ISC', 'in app.asar'],
    ])
    expect(list[0].text).toBe('UI licence text')
    expect(list[2].text).toBe('The package has no licence file; its package.json says: ISC.')
    expect(JSON.parse(await readFile(join(root, 'dist', 'build-info.json'), 'utf8'))).toMatchObject({ version: '9.9.9', commit: 'unknown' })
  })

  it('fails on a shipped package with no licence at all, and when the builds did not run', async () => {
    await project([])
    await pkg('', 'a', {})
    await expect(script()).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('no licence at all for a') })
    await rm(join(root, 'dist', '.bundled-packages-renderer.json'))
    await expect(script()).rejects.toMatchObject({ stderr: expect.stringContaining('run the Vite builds first') })
  })

  it('finds the package folder of a bundled module, scoped and nested', () => {
    expect(packageDirOf('/w/node_modules/vue/dist/vue.js')).toBe('/w/node_modules/vue')
    expect(packageDirOf('/w/node_modules/@vue/shared/dist/s.js')).toBe('/w/node_modules/@vue/shared')
    expect(packageDirOf('/w/node_modules/a/node_modules/b/i.js')).toBe('/w/node_modules/a/node_modules/b')
    expect(packageDirOf('\0/w/node_modules/zod/index.js?commonjs')).toBe('/w/node_modules/zod')
    expect(packageDirOf('/w/renderer/src/App.vue')).toBeNull()
  })
})

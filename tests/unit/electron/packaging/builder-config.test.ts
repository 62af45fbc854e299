import { execFile } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Installers cannot be built here (toolchain.md §10, P19): these tests check what can be checked
// offline — electron-builder's own schema validation, the settings issue 6 requires, and the icons.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const CONFIG = join(ROOT, 'electron-builder.yml')
const run = promisify(execFile)

// Same resolution as scripts/check-builder-config.mjs: from app-builder-lib, so hoisting does not matter.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))
const yaml = builderRequire('js-yaml') as { load(text: string): unknown; dump(value: unknown): string }

/** Runs the lead's check script the way `npm run check:builder` does. */
async function checkScript(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/check-builder-config.mjs', ...args], { cwd: ROOT })
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the YAML is walked by key in assertions; a schema type would restate electron-builder's
type Config = Record<string, any>
const config = yaml.load(readFileSync(CONFIG, 'utf8')) as Config

describe('electron-builder.yml against electron-builder 26.17 schema (offline)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xgw-builder-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('passes the check script', async () => {
    const r = await checkScript()
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/electron-builder\.yml: valid electron-builder configuration/)
  })

  // The check must be able to fail. One run with three broken copies (each run costs ~1.3 s of CPU).
  it('rejects broken copies, each for its own reason', async () => {
    const publisher = structuredClone(config)
    publisher.win.publisherName = 'Contoso' // the v25 key (pitfall P17): moved to win.signtoolOptions
    const fuse = structuredClone(config)
    fuse.electronFuses.runAsNod = false
    const files = {
      publisher: join(dir, 'broken-publisher.yml'),
      fuse: join(dir, 'broken-fuse.yml'),
      // schema-valid, but paths resolve against the config's folder and the temp dir has no build/
      missing: join(dir, 'electron-builder.yml'),
    }
    await writeFile(files.publisher, yaml.dump(publisher))
    await writeFile(files.fuse, yaml.dump(fuse))
    await writeFile(files.missing, readFileSync(CONFIG, 'utf8'))

    const r = await checkScript(files.publisher, files.fuse, files.missing)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    const section = (file: string) => r.stderr.split(/\n\n(?=\/)/).find((s) => s.startsWith(`${file}: INVALID`)) ?? ''
    expect(section(files.publisher)).toMatch(/does not match the API schema[\s\S]*configuration\.win/)
    expect(section(files.fuse)).toMatch(/does not match the API schema[\s\S]*configuration\.electronFuses/)
    expect(section(files.missing)).not.toMatch(/API schema/)
    expect(section(files.missing)).toMatch(/win\.icon: build\/icon\.ico does not exist/)
    expect(section(files.missing)).toMatch(/nsis\.include: build\/installer\.nsh does not exist/)
  })
})

describe('required packaging settings (issue 6)', () => {
  it('identifies the app', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
    expect(config.appId).toBe('com.xgw.xmpp-gateway-wizard')
    expect(config.productName).toBe('XMPP Gateway Wizard')
    // Electron names the userData folder after package.json's productName, and build/installer.nsh
    // offers to delete %APPDATA%\${PRODUCT_NAME}: the two must agree.
    expect(pkg.productName).toBe(config.productName)
    expect(config.directories).toEqual({ output: 'release/${version}', buildResources: 'build' })
  })

  it('packs the renderer and the main/CLI bundles into an asar', () => {
    expect(config.asar).toBe(true)
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'dist-electron/**/*', 'package.json', '!**/*.map', '!dist-electron/cli/**']))
  })

  it('sets the fuses of Electron security checklist #19 (style.md §5)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('builds an assisted, per-machine NSIS installer with a Start-menu entry that keeps app data', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }])
    expect(config.win.icon).toBe('build/icon.ico')
    expect(config.win.signtoolOptions.publisherName).toBeTruthy()
    expect(config.win.publisherName).toBeUndefined()
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      createStartMenuShortcut: true,
      deleteAppDataOnUninstall: false,
      include: 'build/installer.nsh',
    })
    expect(config.nsis.menuCategory).toBeTruthy()
    expect(config.nsis.shortcutName).toBe('XMPP Gateway Wizard')
    expect(config.nsis.artifactName).toMatch(/\$\{version\}.*\$\{ext\}$/)
  })

  it('builds a Linux AppImage from the icon set', () => {
    expect(config.linux.target).toEqual([{ target: 'AppImage', arch: ['x64'] }])
    expect(['Network', 'Utility']).toContain(config.linux.category)
    expect(config.linux.icon).toBe('build/icons')
    expect(config.linux.maintainer).toBeTruthy()
  })

  it('associates .xgwproj project files', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'xgwproj', name: 'XMPP Gateway Wizard project' })])
  })
})

describe('build/installer.nsh', () => {
  const nsh = readFileSync(join(ROOT, 'build/installer.nsh'), 'utf8')
  // makensis is not available here, so these are textual checks of the decisions, not a compile.
  it('asks before deleting the data folder, defaulting to keep it', () => {
    expect(nsh).toMatch(/^!macro customUnInstall$/m)
    expect(nsh).toMatch(/^!macroend$/m)
    const box = nsh.split('\n').find((l) => l.includes('MessageBox')) ?? ''
    expect(box).toMatch(/MB_YESNO/)
    expect(box).toMatch(/MB_DEFBUTTON2/) // Enter = No
    expect(box).toMatch(/\/SD IDNO/) // silent uninstall keeps the data
    expect(box).toMatch(/IDYES`$/) // only Yes leads to the RMDir
    expect(nsh).toContain('RMDir /r "$APPDATA\\${PRODUCT_NAME}"')
  })

  it('never asks during an update and only uses the per-user folder', () => {
    expect(nsh).toMatch(/\$\{ifNot\} \$\{isUpdated\}/)
    expect(nsh).toContain('SetShellVarContext current')
    expect(nsh.indexOf('SetShellVarContext current')).toBeLessThan(nsh.indexOf('RMDir'))
    expect(nsh.indexOf('SetShellVarContext all')).toBeGreaterThan(nsh.indexOf('RMDir'))
  })
})

// ---------- icons ----------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width, height, bit depth and colour type from a PNG's IHDR chunk. */
function pngHeader(buf: Buffer): { width: number; height: number; depth: number; colourType: number } {
  expect(buf.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR')
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), depth: buf.readUInt8(24), colourType: buf.readUInt8(25) }
}

describe('icons in build/', () => {
  it('build/icon.png is a 512x512 RGBA PNG', () => {
    expect(pngHeader(readFileSync(join(ROOT, 'build/icon.png')))).toEqual({ width: 512, height: 512, depth: 8, colourType: 6 })
  })

  it('build/icon.ico holds 16…256 px entries whose PNG data match the directory', () => {
    const ico = readFileSync(join(ROOT, 'build/icon.ico'))
    expect(ico.readUInt16LE(0)).toBe(0)
    expect(ico.readUInt16LE(2)).toBe(1) // icon, not cursor
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    let end = 6 + 16 * count
    for (let i = 0; i < count; i++) {
      const e = 6 + 16 * i
      const size = ico.readUInt8(e) || 256
      expect(ico.readUInt8(e + 1) || 256).toBe(size)
      expect(ico.readUInt16LE(e + 6)).toBe(32)
      const length = ico.readUInt32LE(e + 8)
      const offset = ico.readUInt32LE(e + 12)
      expect(offset + length).toBeLessThanOrEqual(ico.length)
      const header = pngHeader(ico.subarray(offset, offset + length))
      expect([header.width, header.height]).toEqual([size, size])
      end = Math.max(end, offset + length)
      sizes.push(size)
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256])
    expect(end).toBe(ico.length)
  })

  it('build/icons/ has one correctly sized PNG per Linux size', async () => {
    const names = (await readdir(join(ROOT, 'build/icons'))).sort((a, b) => parseInt(a) - parseInt(b))
    expect(names).toEqual(['16x16.png', '24x24.png', '32x32.png', '48x48.png', '64x64.png', '128x128.png', '256x256.png', '512x512.png'])
    for (const name of names) {
      const n = parseInt(name)
      const h = pngHeader(readFileSync(join(ROOT, 'build/icons', name)))
      expect([h.width, h.height, h.colourType]).toEqual([n, n, 6])
    }
  })

  it('the committed icons are exactly what scripts/make-icons.mjs draws, and --check notices a change', async () => {
    await run(process.execPath, ['scripts/make-icons.mjs', '--check'], { cwd: ROOT })
    const dir = await mkdtemp(join(tmpdir(), 'xgw-icons-'))
    try {
      await run(process.execPath, ['scripts/make-icons.mjs', '--root', dir], { cwd: ROOT })
      const ico = join(dir, 'build/icon.ico')
      expect(existsSync(ico)).toBe(true)
      const bytes = await readFile(ico)
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 20) ^ 0xff, bytes.length - 20)
      await writeFile(ico, bytes)
      await expect(run(process.execPath, ['scripts/make-icons.mjs', '--root', dir, '--check'], { cwd: ROOT })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('build/icon.ico'),
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

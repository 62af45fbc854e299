import { execFile, execFileSync } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp-dir'

// The installed app's `xgw` (build/cli/xgw.cmd → "<exe>" --xgw-cli -- ARGS) must be the same command
// line as `node bin/xgw.cjs`, on the same data folder as the app's window. The Electron
// binary cannot run here, so the BUILT main.js runs under the stand-in electron module
// (tests/smoke) with exactly the argv the .cmd passes, next to the built CLI under plain Node.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const MAIN = join(ROOT, 'dist-electron/main.js')
const XGW = join(ROOT, 'bin/xgw.cjs')
const REGISTER = join(ROOT, 'tests/smoke/register.mjs')
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))
interface BuilderYml {
  productName: string
  win: { extraFiles: unknown }
  electronFuses: { runAsNode: boolean }
}
const yaml = builderRequire('js-yaml') as { load(text: string): BuilderYml }

let home: string
let cleanup: () => Promise<void>
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: ROOT, stdio: 'ignore' })
  ;({ dir: home, cleanup } = await tempDir('xgw-home-'))
  // A fresh Linux user: nothing but HOME, so every shell falls back to its default folder.
  env = { PATH: process.env.PATH, HOME: home, XGW_SMOKE_EXIT: '1' }
}, 180_000)
afterAll(() => cleanup())

interface Run {
  code: number
  stdout: string
  stderr: string
}
function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: home, env: { ...env, ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }))
  })
}

/** What build/cli/xgw.cmd runs, as argv after the executable. */
async function cmdArgs(): Promise<string[]> {
  const cmd = await readFile(join(ROOT, 'build/cli/xgw.cmd'), 'utf8')
  const line = cmd.split('\r\n').find((l) => l.includes('%~dp0'))!
  const m = /^"%~dp0(.+?)" (.*) %\*$/.exec(line)!
  return [m[1]!, ...m[2]!.split(' ')]
}
const appCli = async (...args: string[]) => {
  const [, ...switches] = await cmdArgs()
  return run(['--import', REGISTER, MAIN, ...switches, ...args])
}
const nodeCli = (...args: string[]) => run([XGW, ...args])

describe('the xgw command line shipped with the app', () => {
  it('xgw.cmd is packed next to the exe and runs the app executable (productName.exe) with --xgw-cli --', async () => {
    const config = yaml.load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8'))
    expect(config.win.extraFiles).toEqual([{ from: 'build/cli/xgw.cmd', to: 'xgw.cmd' }])
    const [exe, ...switches] = await cmdArgs()
    expect(exe).toBe(`${config.productName}.exe`)
    expect(switches).toEqual(['--xgw-cli', '--'])
    const cmd = await readFile(join(ROOT, 'build/cli/xgw.cmd'), 'utf8')
    expect(cmd.endsWith('\r\n') && !/[^\r]\n/.test(cmd)).toBe(true) // batch files want CRLF
    expect(cmd).toMatch(/^exit \/b %ERRORLEVEL%\r$/m)
    expect(cmd).not.toMatch(/ELECTRON_RUN_AS_NODE/)
    expect(config.electronFuses.runAsNode).toBe(false)
  })

  it('resolves the same data folder as plain xgw and as the app window: ~/.config/XMPP Gateway Wizard', async () => {
    const fromApp = await appCli('info', '--json')
    const fromNode = await nodeCli('info', '--json')
    expect(fromApp.stderr).toBe('')
    expect(fromApp.code).toBe(0)
    expect(fromNode.code).toBe(0)
    const expected = join(home, '.config', 'XMPP Gateway Wizard')
    expect(JSON.parse(fromApp.stdout)).toMatchObject({ dataDir: expected, shell: 'cli' })
    expect(JSON.parse(fromNode.stdout)).toMatchObject({ dataDir: expected, shell: 'cli' })
    const window = await run(['--import', REGISTER, join(ROOT, 'tests/smoke/app-data-dir.mjs')])
    expect(window.code).toBe(0)
    expect(JSON.parse(window.stdout)).toEqual({ dataDir: expected, userData: expected })
  })

  it('sees the same projects both ways and passes the exit code through', async () => {
    expect((await appCli('project', 'create', 'Made by the app CLI')).code).toBe(0)
    expect((await nodeCli('project', 'create', 'Made by node xgw')).code).toBe(0)
    const names = async (r: Promise<Run>) => (JSON.parse((await r).stdout) as { projects: { name: string }[] }).projects.map((p) => p.name).sort()
    const both = ['Made by node xgw', 'Made by the app CLI']
    expect(await names(appCli('project', 'list', '--json'))).toEqual(both)
    expect(await names(nodeCli('project', 'list', '--json'))).toEqual(both)
    const bad = await appCli('project', 'delete', 'No such project')
    const badNode = await nodeCli('project', 'delete', 'No such project')
    expect(bad.code).not.toBe(0)
    expect(bad.code).toBe(badNode.code)
    expect(bad.stderr).toBe(badNode.stderr)
  })

  it('moves projects of the old Linux CLI folder into the shared one on first use', async () => {
    const { dir: oldHome, cleanup: done } = await tempDir('xgw-oldhome-')
    try {
      const legacy = join(oldHome, '.config', 'xmpp-gateway-wizard')
      // Written the way the old CLI did: its own data folder (explicit here, the default before).
      expect((await run([XGW, 'project', 'create', 'From the old CLI'], { XGW_DATA_DIR: legacy })).code).toBe(0)
      const r = await run(['--import', REGISTER, MAIN, ...(await cmdArgs()).slice(1), 'project', 'list', '--json'], { HOME: oldHome })
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({ projects: [{ name: 'From the old CLI' }], notice: expect.stringContaining('were moved to') })
      await expect(stat(legacy)).rejects.toMatchObject({ code: 'ENOENT' })
      expect((await stat(join(oldHome, '.config', 'XMPP Gateway Wizard', 'project.json'))).isFile()).toBe(true)
    } finally {
      await done()
    }
  })
})

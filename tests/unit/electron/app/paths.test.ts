import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { adoptLegacyData, APP_DIR_NAME, legacyDataDirs, resolveDataDir } from '../../../../electron/app/paths'
import { tempDir } from '../../../helpers/temp-dir'

describe('resolveDataDir: one folder for the app, the browser host and xgw', () => {
  it("is Electron's userData folder for productName on each OS", () => {
    expect(resolveDataDir({ env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, platform: 'win32' })).toBe(join('C:\\Users\\a\\AppData\\Roaming', 'XMPP Gateway Wizard'))
    expect(resolveDataDir({ env: {}, platform: 'darwin' })).toBe(join(homedir(), 'Library', 'Application Support', 'XMPP Gateway Wizard'))
    expect(resolveDataDir({ env: {}, platform: 'linux' })).toBe(join(homedir(), '.config', 'XMPP Gateway Wizard'))
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux' })).toBe('/cfg/XMPP Gateway Wizard')
    expect(APP_DIR_NAME).toBe('XMPP Gateway Wizard')
  })
  it('honours XGW_DATA_DIR first', () => {
    expect(resolveDataDir({ env: { XGW_DATA_DIR: '/srv/xgw', XDG_CONFIG_HOME: '/cfg' }, platform: 'linux' })).toBe('/srv/xgw')
  })
  it("knows the old command line's Linux folder and no other", () => {
    expect(legacyDataDirs({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux' })).toEqual(['/cfg/xmpp-gateway-wizard'])
    expect(legacyDataDirs({ env: {}, platform: 'win32' })).toEqual([])
  })
})

describe('adoptLegacyData', () => {
  let root: string
  let cleanup: () => Promise<void>
  beforeEach(async () => ({ dir: root, cleanup } = await tempDir()))
  afterEach(() => cleanup())
  const where = () => ({ env: { XDG_CONFIG_HOME: root }, platform: 'linux' as const })
  const legacy = () => join(root, 'xmpp-gateway-wizard')
  const current = () => join(root, 'XMPP Gateway Wizard')
  const exists = (p: string) =>
    stat(p).then(
      () => true,
      () => false,
    )

  async function oldCliData() {
    await mkdir(join(legacy(), 'store'), { recursive: true })
    await writeFile(join(legacy(), 'project.json'), '{"old":true}')
    await writeFile(join(legacy(), 'store', 'key.pem'), 'KEY')
  }

  it('moves the whole old folder when the new one does not exist yet', async () => {
    await oldCliData()
    const notice = await adoptLegacyData(current(), where())
    expect(notice).toMatch(/moved to .*XMPP Gateway Wizard/)
    expect(await readFile(join(current(), 'project.json'), 'utf8')).toBe('{"old":true}')
    expect(await readFile(join(current(), 'store', 'key.pem'), 'utf8')).toBe('KEY')
    expect(await exists(legacy())).toBe(false)
  })

  it('moves what the new folder lacks when it holds no projects yet, overwriting nothing', async () => {
    await oldCliData()
    await mkdir(join(current(), 'logs'), { recursive: true })
    await writeFile(join(current(), 'window-state.json'), 'NEW')
    await writeFile(join(legacy(), 'window-state.json'), 'OLD')
    expect(await adoptLegacyData(current(), where())).toMatch(/moved/)
    expect(await readFile(join(current(), 'project.json'), 'utf8')).toBe('{"old":true}')
    expect(await readFile(join(current(), 'window-state.json'), 'utf8')).toBe('NEW')
    expect(await readdir(legacy())).toEqual(['window-state.json']) // the clash stays where it was
  })

  it('touches nothing and says where the other projects are when both folders have projects', async () => {
    await oldCliData()
    await mkdir(current(), { recursive: true })
    await writeFile(join(current(), 'project.json'), '{"new":true}')
    const notice = await adoptLegacyData(current(), where())
    expect(notice).toContain(legacy())
    expect(notice).toMatch(/xgw --data-dir ".*xmpp-gateway-wizard" project export NAME --out NAME\.xgwproj/)
    expect(await readFile(join(current(), 'project.json'), 'utf8')).toBe('{"new":true}')
    expect(await readFile(join(legacy(), 'project.json'), 'utf8')).toBe('{"old":true}')
  })

  it('leaves an explicit XGW_DATA_DIR and an old folder without projects alone', async () => {
    await oldCliData()
    expect(await adoptLegacyData(join(root, 'mine'), { env: { XDG_CONFIG_HOME: root, XGW_DATA_DIR: join(root, 'mine') }, platform: 'linux' })).toBeNull()
    expect(await exists(join(legacy(), 'project.json'))).toBe(true)
    await rm(join(legacy(), 'project.json'))
    expect(await adoptLegacyData(current(), where())).toBeNull()
    expect(await exists(current())).toBe(false)
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, readdir, writeFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createProjectStore } from '../../../../../electron/services/project/project-store'
import { CURRENT_SCHEMA_VERSION } from '../../../../../electron/services/project/workspace-schema'
import { emptyProjectData } from '../../../../../shared/domain/model/project'
import { AppError } from '../../../../../shared/errors'
import { memoryLogger } from '../../../../helpers/memory-logger'
import { tempDir } from '../../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
const now = () => new Date('2026-11-25T10:00:00.000Z')
const file = () => join(dir, 'project.json')
const open = async () => {
  const store = createProjectStore({ file: file(), now, log: memoryLogger() })
  return { store, ...(await store.open()) }
}
const addProject = (name: string) => (ws: { projects: unknown[]; activeProjectId: string | null }) => {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  ws.projects.push({ id, name, createdAt: now().toISOString(), updatedAt: now().toISOString(), data: emptyProjectData() })
  ws.activeProjectId = id
}

beforeEach(async () => ({ dir, cleanup } = await tempDir()))
afterEach(() => cleanup())

describe('project store', () => {
  it('round-trips projects through project.json on disk, with mode 0600', async () => {
    const { store, notice } = await open()
    expect(notice).toBeNull()
    await store.update(addProject('Contoso'))
    await store.update((ws) => {
      ws.projects[0]!.data.inventory.sipDomains = ['contoso.com']
    })
    const onDisk = JSON.parse(await readFile(file(), 'utf8'))
    expect(onDisk.schemaVersion).toBe(CURRENT_SCHEMA_VERSION)
    expect(onDisk.projects[0].data.inventory.sipDomains).toEqual(['contoso.com'])
    expect((await stat(file())).mode & 0o777).toBe(0o600)
    const reopened = await open()
    expect(reopened.store.read().projects[0]!.name).toBe('Contoso')
  })

  it('migrates a schema 1 document (one project at the top level) to named projects', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, savedAt: '2026-01-02T03:04:05.000Z', project: { name: 'Old lab', inventory: { sipDomains: ['fabrikam.com'] } } }))
    const { store, notice } = await open()
    expect(notice).toBeNull()
    const ws = store.read()
    expect(ws.schemaVersion).toBe(2)
    expect(ws.projects).toHaveLength(1)
    expect(ws.projects[0]!.name).toBe('Old lab')
    expect(ws.projects[0]!.createdAt).toBe('2026-01-02T03:04:05.000Z')
    expect(ws.projects[0]!.data.inventory.sipDomains).toEqual(['fabrikam.com'])
    expect(ws.projects[0]!.data.partners.partners).toEqual([]) // defaults filled in
    expect(ws.activeProjectId).toBe(ws.projects[0]!.id)
  })

  it('keeps a half-written file aside and restores the last good copy', async () => {
    const { store } = await open()
    await store.update(addProject('First'))
    await store.update(addProject('Second')) // project.json.bak now holds the state with "First"
    const full = await readFile(file(), 'utf8')
    await writeFile(file(), full.slice(0, Math.floor(full.length / 2))) // cut short mid-write
    const { store: again, notice } = await open()
    expect(notice).toMatch(/damaged/)
    expect(notice).toMatch(/restored from the last good copy/)
    expect(again.read().projects.map((p) => p.name)).toEqual(['First'])
    const names = await readdir(dir)
    const aside = names.find((n) => n.startsWith('project.json.damaged-2026-11-25T10-00-00-000Z'))
    expect(aside).toBeDefined()
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(full.slice(0, Math.floor(full.length / 2)))
  })

  it('tells the admin and keeps a corrupt file when no backup exists; nothing is silently reset', async () => {
    await writeFile(file(), '{"schemaVersion": 2, "projects": "not a list"}')
    const { store, notice } = await open()
    expect(notice).toMatch(/damaged.*no good copy was found/s)
    expect(store.read().projects).toEqual([])
    const aside = (await readdir(dir)).find((n) => n.startsWith('project.json.damaged-'))
    expect(await readFile(join(dir, aside!), 'utf8')).toContain('not a list')
  })

  it('refuses a file from a newer version and leaves it untouched', async () => {
    const newer = JSON.stringify({ schemaVersion: 99, projects: [] })
    await writeFile(file(), newer)
    const store = createProjectStore({ file: file(), now, log: memoryLogger() })
    await expect(store.open()).rejects.toMatchObject({ code: 'SCHEMA_TOO_NEW' })
    expect(await readFile(file(), 'utf8')).toBe(newer)
  })

  it('serialises concurrent saves: every write lands whole and the last one wins', async () => {
    const { store } = await open()
    await store.update(addProject('Busy'))
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.update((ws) => {
          ws.projects[0]!.data.inventory.sipDomains = [...ws.projects[0]!.data.inventory.sipDomains, `d${i}.example`]
        }),
      ),
    )
    const onDisk = JSON.parse(await readFile(file(), 'utf8'))
    // Each change saw the previous one: no lost update.
    expect(onDisk.projects[0].data.inventory.sipDomains).toEqual(Array.from({ length: 25 }, (_, i) => `d${i}.example`))
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('validates before writing: an invalid change or key material never reaches the disk', async () => {
    const { store } = await open()
    await store.update(addProject('Safe'))
    const before = await readFile(file(), 'utf8')
    await expect(store.update((ws) => {
      ;(ws.projects[0] as { name: unknown }).name = 42
    })).rejects.toBeInstanceOf(AppError)
    await expect(store.update((ws) => {
      ws.projects[0]!.data.policy.description = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'
    })).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await readFile(file(), 'utf8')).toBe(before)
    expect(store.read().projects[0]!.name).toBe('Safe')
  })

  it('reports a disk error with a code and keeps the previous state', async () => {
    const { store } = await open()
    await store.update(addProject('Disk'))
    const { rm, mkdir } = await import('node:fs/promises')
    // A folder where project.json should be makes the write fail for real, even as root.
    await rm(file())
    await mkdir(file())
    await expect(store.update(addProject('Lost'))).rejects.toMatchObject({ code: 'STORE_IO', message: expect.stringMatching(/Nothing was changed on disk/) })
    expect(store.read().projects.map((p) => p.name)).toEqual(['Disk'])
  })
})

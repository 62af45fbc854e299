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
    expect((await reopened.store.read()).projects[0]!.name).toBe('Contoso')
  })

  it('migrates a schema 1 document (one project at the top level) to named projects, then to schema 3', async () => {
    await writeFile(file(), JSON.stringify({ schemaVersion: 1, savedAt: '2026-01-02T03:04:05.000Z', project: { name: 'Old lab', inventory: { sipDomains: ['fabrikam.com'] }, policy: { scope: 'site', site: 'Redmond' } } }))
    const { store, notice } = await open()
    expect(notice).toBeNull()
    const ws = await store.read()
    expect(ws.schemaVersion).toBe(3)
    expect(ws.projects[0]!.data.policy.policies).toEqual([expect.objectContaining({ scope: 'site', site: 'Redmond', name: 'XmppFederatedUsers' })])
    expect(ws.projects).toHaveLength(1)
    expect(ws.projects[0]!.name).toBe('Old lab')
    expect(ws.projects[0]!.createdAt).toBe('2026-01-02T03:04:05.000Z')
    expect(ws.projects[0]!.data.inventory.sipDomains).toEqual(['fabrikam.com'])
    expect(ws.projects[0]!.data.partners.partners).toEqual([]) // defaults filled in
    expect(ws.activeProjectId).toBe(ws.projects[0]!.id)
  })

  it('migrates a recorded schema 2 document: each single policy becomes a one-item list, nothing lost', async () => {
    // Written by the app at schema 2 (one External Access Policy per project), trimmed to what matters.
    const v2 = {
      schemaVersion: 2,
      activeProjectId: 'b7c1',
      projects: [
        {
          id: 'b7c1',
          name: 'Contoso XMPP',
          createdAt: '2026-03-01T08:00:00.000Z',
          updatedAt: '2026-03-02T09:30:00.000Z',
          data: {
            inventory: { sipDomains: ['contoso.com'], sites: [{ name: 'Redmond', xmppRouteEdgePool: 'edgepool.contoso.local' }] },
            policy: {
              scope: 'user',
              name: 'XmppUsers',
              site: '',
              description: "Sales' XMPP users",
              enableFederationAccess: false,
              enableXmppAccess: true,
              enableOutsideAccess: 'true',
              enablePublicCloudAccess: 'false',
              updateExisting: true,
              assignTo: { users: ['sip:kenmyer@contoso.com'], ou: 'ou=Sales,dc=contoso,dc=com', ldapFilter: '(l=Redmond)' },
            },
            partners: { partners: [{ domain: 'fabrikam.com', tls: 'Required', sasl: 'NotSupported', dialback: true }] },
            wizard: { currentStep: 'policy', visited: ['scenario', 'inventory', 'prerequisites', 'policy'] },
          },
        },
        { id: 'c0de', name: 'Defaults only', createdAt: '2026-03-03T08:00:00.000Z', updatedAt: '2026-03-03T08:00:00.000Z', data: {} },
      ],
    }
    await writeFile(file(), JSON.stringify(v2))
    const { store, notice } = await open()
    expect(notice).toBeNull()
    const ws = await store.read()
    expect(ws.schemaVersion).toBe(3)
    expect(ws.activeProjectId).toBe('b7c1')
    expect(ws.projects.map((p) => [p.id, p.name, p.updatedAt])).toEqual([
      ['b7c1', 'Contoso XMPP', '2026-03-02T09:30:00.000Z'],
      ['c0de', 'Defaults only', '2026-03-03T08:00:00.000Z'],
    ])
    expect(ws.projects[0]!.data.policy).toEqual({ policies: [v2.projects[0]!.data.policy] })
    expect(ws.projects[0]!.data.partners.partners[0]!.domain).toBe('fabrikam.com')
    expect(ws.projects[0]!.data.wizard.currentStep).toBe('policy')
    // A project that never touched the step gets today's default: one user policy XmppFederatedUsers.
    expect(ws.projects[1]!.data.policy.policies).toEqual([expect.objectContaining({ scope: 'user', name: 'XmppFederatedUsers', enableXmppAccess: true })])
    // The migrated document is what the next write stores.
    await store.update((draft) => {
      draft.projects[1]!.name = 'Renamed'
    })
    const onDisk = JSON.parse(await readFile(file(), 'utf8'))
    expect(onDisk.schemaVersion).toBe(3)
    expect(onDisk.projects[0].data.policy.policies[0].name).toBe('XmppUsers')
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
    expect((await again.read()).projects.map((p) => p.name)).toEqual(['First'])
    const names = await readdir(dir)
    const aside = names.find((n) => n.startsWith('project.json.damaged-2026-11-25T10-00-00-000Z'))
    expect(aside).toBeDefined()
    expect(await readFile(join(dir, aside!), 'utf8')).toBe(full.slice(0, Math.floor(full.length / 2)))
  })

  it('tells the admin and keeps a corrupt file when no backup exists; nothing is silently reset', async () => {
    await writeFile(file(), '{"schemaVersion": 2, "projects": "not a list"}')
    const { store, notice } = await open()
    expect(notice).toMatch(/damaged.*no good copy was found/s)
    expect((await store.read()).projects).toEqual([])
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
    await expect(
      store.update((ws) => {
        ;(ws.projects[0] as { name: unknown }).name = 42
      }),
    ).rejects.toBeInstanceOf(AppError)
    await expect(
      store.update((ws) => {
        ws.projects[0]!.data.policy.policies[0]!.description = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----'
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION' })
    const { randomBytes } = await import('node:crypto')
    await expect(
      store.update((ws) => {
        ws.projects[0]!.data.prerequisites.items.P1 = { status: 'done', evidence: randomBytes(600).toString('base64') }
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/long base64 block/) })
    expect(await readFile(file(), 'utf8')).toBe(before)
    expect((await store.read()).projects[0]!.name).toBe('Safe')
  })

  it('reports a read error with a code and writes nothing', async () => {
    const { store } = await open()
    await store.update(addProject('Disk'))
    const { rm, mkdir } = await import('node:fs/promises')
    // A folder where project.json should be makes the read fail for real, even as root.
    await rm(file())
    await mkdir(file())
    await expect(store.update(addProject('Lost'))).rejects.toMatchObject({ code: 'STORE_IO', message: expect.stringMatching(/nothing was changed/) })
    expect((await stat(file())).isDirectory()).toBe(true)
  })
})

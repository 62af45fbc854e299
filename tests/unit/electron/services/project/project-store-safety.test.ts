import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { createProjectStore } from '../../../../../electron/services/project/project-store'
import { createProjectService } from '../../../../../electron/services/project/project-service'
import { PartnersStep } from '../../../../../shared/domain/model/partners'
import { emptyProjectData } from '../../../../../shared/domain/model/project'
import { memoryLogger } from '../../../../helpers/memory-logger'
import { tempDir } from '../../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
const now = () => new Date('2026-11-25T10:00:00.000Z')
const file = () => join(dir, 'project.json')
const newStore = () => createProjectStore({ file: file(), now, log: memoryLogger() })
const open = async () => {
  const store = newStore()
  return { store, ...(await store.open()) }
}
const service = async () => {
  const { store, notice, noticeCode } = await open()
  return createProjectService({ store, now, log: memoryLogger(), startupNotice: notice, startupNoticeCode: noticeCode })
}

/** The partner cap as the schema enforces it today (read from the schema, not assumed). */
function partnerCap(): number {
  const r = PartnersStep.safeParse({ partners: Array.from({ length: 100_000 }, () => ({})) })
  const issue = r.success ? undefined : r.error.issues.find((i) => i.code === 'too_big')
  if (!issue || issue.code !== 'too_big') throw new Error('the partners list has no upper limit')
  return Number(issue.maximum)
}

beforeEach(async () => ({ dir, cleanup } = await tempDir()))
afterEach(() => cleanup())

describe('project store: damaged means damaged', () => {
  for (const [label, content] of [
    ['null', 'null'],
    ['an empty file', ''],
    ['whitespace', ' \n'],
    ['a number', '42'],
    ['a list', '[]'],
    ['wrong types', '{"schemaVersion":3,"activeProjectId":7,"projects":{}}'],
  ] as const) {
    it(`treats ${label} as damaged: kept aside, restored from the backup, and the backup is not overwritten`, async () => {
      const svc = await service()
      await svc.create({ name: 'Alpha' })
      await svc.create({ name: 'Beta' }) // project.json.bak now holds Alpha only
      const bak = await readFile(`${file()}.bak`, 'utf8')
      await writeFile(file(), content)
      const again = await service()
      const list = await again.list({})
      expect(list.noticeCode).toBe('PROJECT_DAMAGED')
      expect(list.notice).toMatch(/damaged.*restored from the last good copy/s)
      expect(list.projects.map((p) => p.name)).toEqual(['Alpha'])
      // The backup is still the good copy, and the next save keeps a good backup.
      expect(await readFile(`${file()}.bak`, 'utf8')).toBe(bak)
      await again.create({ name: 'Gamma' })
      expect(JSON.parse(await readFile(`${file()}.bak`, 'utf8')).projects.map((p: { name: string }) => p.name)).toEqual(['Alpha'])
      const aside = (await readdir(dir)).find((n) => n.startsWith('project.json.damaged-'))
      expect(await readFile(join(dir, aside!), 'utf8')).toBe(content)
    })
  }

  it('keeps and reads a valid file with more partners than this version allows, naming the limit (LIMIT_EXCEEDED), never "damaged"', async () => {
    const cap = partnerCap()
    const over = cap + 7
    const data = { ...emptyProjectData(), partners: { partners: Array.from({ length: over }, (_, i) => ({ domain: `p${i}.example` })) } }
    const ws = {
      schemaVersion: 3,
      activeProjectId: 'big',
      projects: [
        { id: 'big', name: 'Big', createdAt: now().toISOString(), updatedAt: now().toISOString(), data },
        { id: 'small', name: 'Small', createdAt: now().toISOString(), updatedAt: now().toISOString(), data: emptyProjectData() },
      ],
    }
    const text = JSON.stringify(ws)
    await writeFile(file(), text)
    const svc = await service()
    const list = await svc.list({})
    expect(list.noticeCode).toBe('LIMIT_EXCEEDED')
    expect(list.notice).toContain(`limit of ${cap.toLocaleString('en-US')} items`)
    expect(list.notice).not.toMatch(/damaged/)
    expect(list.projects.map((p) => p.name)).toEqual(['Big', 'Small'])
    const big = await svc.open({ id: 'big' })
    expect(big.data.partners.partners).toHaveLength(over)
    expect(big.data.partners.partners[over - 1]!.domain).toBe(`p${over - 1}.example`)
    expect((await readdir(dir)).some((n) => n.includes('damaged'))).toBe(false)
    // Another project still saves; the big one is carried over untouched.
    await svc.save({ id: 'small', data: { ...emptyProjectData(), inventory: { ...emptyProjectData().inventory, sipDomains: ['contoso.com'] } } })
    const onDisk = JSON.parse(await readFile(file(), 'utf8'))
    expect(onDisk.projects[0].data.partners.partners).toHaveLength(over)
    // Saving the big one while still over the limit is refused with the limit named; nothing written.
    const before = await readFile(file(), 'utf8')
    const edited = { ...big.data, partners: { partners: big.data.partners.partners.map((x, i) => (i === 0 ? { ...x, description: 'edited' } : x)) } }
    await expect(svc.save({ id: 'big', data: edited })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED', message: expect.stringContaining('partners') })
    expect(await readFile(file(), 'utf8')).toBe(before)
    console.log(`over-limit file: ${over} partners against a cap of ${cap}, kept and read in full`)
  })
})

describe('project store: one writer at a time, revisions', () => {
  it('refuses a save based on an older revision with CONFLICT and keeps the other save', async () => {
    const a = await service()
    const b = await service() // a second window / process on the same file
    const p = await a.create({ name: 'Shared' })
    expect(p.revision).toBe(1)
    const fromB = await b.open({ id: p.id })
    const savedA = await a.save({ id: p.id, baseRevision: p.revision, data: { ...p.data, inventory: { ...p.data.inventory, sipDomains: ['a.example'] } } })
    expect(savedA.revision).toBe(2)
    await expect(b.save({ id: p.id, baseRevision: fromB.revision, data: { ...fromB.data, inventory: { ...fromB.data.inventory, sipDomains: ['b.example'] } } })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { revision: 2, baseRevision: 1 },
    })
    expect((await b.current({}))!.data.inventory.sipDomains).toEqual(['a.example'])
  })

  it('two store instances on one file, 60 creates each interleaved: every acknowledged create is on disk', async () => {
    const a = await service()
    const b = await service()
    const acked: string[] = []
    await Promise.all(
      [a, b].map(async (svc, k) => {
        for (let i = 0; i < 60; i++) acked.push((await svc.create({ name: `w${k}-${i}` })).id)
      }),
    )
    const ids = new Set(JSON.parse(await readFile(file(), 'utf8')).projects.map((p: { id: string }) => p.id))
    expect(acked.filter((id) => !ids.has(id))).toEqual([])
    expect(ids.size).toBe(120)
  })

  it('recovers a lock left by a dead process and removes temp files a crash left behind', async () => {
    const { store } = await open()
    await store.update((ws) => void ws.projects.push({ id: 'x', name: 'X', createdAt: '', updatedAt: '', revision: 0, data: emptyProjectData() }))
    // A real pid that is gone: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    await writeFile(`${file()}.lock`, JSON.stringify({ pid: Number(dead), host: (await import('node:os')).hostname(), at: Date.now() }))
    await writeFile(join(dir, '.project.json.0123456789ab.tmp'), '{"half":')
    const again = await open()
    expect((await again.store.read()).projects.map((p) => p.name)).toEqual(['X'])
    await again.store.update((ws) => void (ws.projects[0]!.name = 'Y'))
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'))).toEqual([])
  })

  it('waits for a live lock and gives up with a coded error, writing nothing', async () => {
    const { store } = await open()
    await writeFile(`${file()}.lock`, JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: Date.now() }))
    const { withFileLock } = await import('../../../../../electron/lib/file-lock')
    await expect(withFileLock(`${file()}.lock`, async () => 1, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'STORE_IO', message: expect.stringMatching(/nothing was changed/) })
    expect((await readdir(dir)).includes('project.json')).toBe(false)
    void store
  })
})

/**
 * Several processes on one data directory, as an admin runs them: two `xgw` writers (the built
 * command line, one real process per operation) and the real browser host, all at once, each
 * creating projects and importing certificates. Every write a process acknowledged must be on
 * disk afterwards: the cross-process locks and the re-read under them are what this proves.
 * XGW_MP_OPS sets the operations per writer (default 10 to keep CI short; XGW_MP_OPS=100 is the full run: 150 + 150 acknowledged writes, 0 lost).
 */
import { execFile } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bitString, ctx, integer, oid, seq, setOf, tlv, utf8 } from '../../electron/services/certificates/asn1'
import { toPem } from '../../electron/services/certificates/pem'
import { startHostProcess, type HostProcess } from '../helpers/host-process'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const xgw = join(root, 'bin', 'xgw.cjs')
const built = existsSync(xgw) && existsSync(join(root, 'dist-electron', 'browser-host.js'))
const OPS = Number(process.env.XGW_MP_OPS) || 10

/** Distinct self-signed certificates, made here (one key, one subject each). */
function certificates(n: number, tag: string): string[] {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const alg = seq(oid('1.2.840.10045.4.3.2'))
  const utc = (s: string) => tlv(0x17, Buffer.from(s, 'latin1'))
  return Array.from({ length: n }, (_, i) => {
    const name = seq(setOf(seq(oid('2.5.4.3'), utf8(`${tag}-${i}.contoso.com`))))
    const tbs = seq(ctx(0, integer(2)), integer(5000 + i), alg, name, seq(utc('250101000000Z'), utc('350101000000Z')), name, spki)
    return toPem('CERTIFICATE', seq(tbs, alg, bitString(sign('sha256', tbs, privateKey))))
  })
}

describe.skipIf(!built)('two xgw processes and the browser host on one data directory', () => {
  let dataDir: string
  let host: HostProcess

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'xgw-mp-'))
    host = await startHostProcess(dataDir)
  }, 60_000)
  afterAll(async () => {
    await host?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it(`${OPS} operations per xgw writer and ${OPS} from the host: every acknowledged create and import is on disk`, async () => {
    const ackedProjects: string[] = []
    const ackedCerts: string[] = []
    const failures: string[] = []
    const certDir = join(dataDir, 'incoming')
    const { mkdir } = await import('node:fs/promises')
    await mkdir(certDir)

    const xgwLane = async (lane: string) => {
      const pems = certificates(Math.ceil(OPS / 2), lane)
      for (let i = 0; i < OPS; i++) {
        try {
          if (i % 2 === 0) {
            const { stdout } = await run(process.execPath, [xgw, '--data-dir', dataDir, '--json', 'project', 'create', `${lane} ${i}`])
            ackedProjects.push(JSON.parse(stdout).id)
          } else {
            const f = join(certDir, `${lane}-${i}.pem`)
            await writeFile(f, pems[(i - 1) / 2]!)
            const { stdout } = await run(process.execPath, [xgw, '--data-dir', dataDir, '--json', 'store', 'import', f])
            const r = JSON.parse(stdout)
            if (r.errors.length) failures.push(`${lane} ${i}: ${JSON.stringify(r.errors)}`)
            ackedCerts.push(...r.added)
          }
        } catch (e) {
          failures.push(`${lane} ${i}: ${(e as { stderr?: string }).stderr ?? String(e)}`)
        }
      }
    }
    const hostLane = async () => {
      const pems = certificates(Math.ceil(OPS / 2), 'host')
      for (let i = 0; i < OPS; i++) {
        const r = i % 2 === 0 ? await host.rpc('project.create', { name: `host ${i}` }) : await host.rpc('certificates.storeImport', { files: [{ name: `host-${i}.pem`, data: Buffer.from(pems[(i - 1) / 2]!).toString('base64') }] })
        if (!r.ok) failures.push(`host ${i}: ${r.error?.code} ${r.error?.message}`)
        else if (i % 2 === 0) ackedProjects.push(r.value.id)
        else ackedCerts.push(...r.value.added)
      }
    }
    const t0 = Date.now()
    await Promise.all([xgwLane('xgw-a'), xgwLane('xgw-b'), hostLane()])
    const seconds = (Date.now() - t0) / 1000

    const ws = JSON.parse(await readFile(join(dataDir, 'project.json'), 'utf8'))
    const onDisk = new Set(ws.projects.map((p: { id: string }) => p.id))
    const index = JSON.parse(await readFile(join(dataDir, 'store', 'index.json'), 'utf8'))
    const indexed = new Set(index.entries.map((e: { thumbprint: string }) => e.thumbprint))
    const certFiles = (await readdir(join(dataDir, 'store', 'certs'))).filter((f) => f.endsWith('.cer')).map((f) => f.slice(0, -4))
    const lostProjects = ackedProjects.filter((id) => !onDisk.has(id))
    const lostCerts = ackedCerts.filter((t) => !indexed.has(t))
    const orphans = certFiles.filter((t) => !indexed.has(t))
    console.log(
      `multi-process: ${ackedProjects.length} acknowledged project creates, ${onDisk.size} on disk, ${lostProjects.length} lost; ` +
        `${ackedCerts.length} acknowledged imports, ${indexed.size} in the index, ${lostCerts.length} lost, ${orphans.length} orphaned files; ` +
        `${failures.length} refused operations; ${seconds.toFixed(0)} s`,
    )
    expect(failures).toEqual([])
    expect(ackedProjects).toHaveLength(3 * Math.ceil(OPS / 2))
    expect(ackedCerts).toHaveLength(3 * Math.floor(OPS / 2))
    expect(lostProjects).toEqual([])
    expect(lostCerts).toEqual([])
    expect(orphans).toEqual([])
    // The host sees the others' writes too: it re-reads under the lock instead of keeping a stale copy.
    const list = await host.rpc('project.list', {})
    expect(list.value.projects).toHaveLength(onDisk.size)
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([])
  }, 900_000)
})

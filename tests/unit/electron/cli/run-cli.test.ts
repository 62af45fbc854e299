import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type CliDispatch, jsonPieces, runCli } from '../../../../electron/cli/run-cli'
import { type Command, printJson } from '../../../../electron/cli/command'
import { certificateCommands } from '../../../../electron/cli/commands/certificates'
import { ok } from '../../../../shared/result'
import { projectCommands } from '../../../../electron/cli/commands/project'
import { parseArgv } from '../../../../electron/cli/parse-argv'
import { readPasswordOption } from '../../../../electron/cli/read-password'
import { createTestHost } from '../../../helpers/test-host'
import { tempDir } from '../../../helpers/temp-dir'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => ({ dir, cleanup } = await tempDir()))
afterEach(() => cleanup())

async function xgw(...argv: string[]) {
  let out = ''
  let err = ''
  const code = await runCli(
    { argv, cwd: dir, env: { SECRET_PW: 'from-env' }, out: (t) => (out += t), err: (t) => (err += t) },
    { commands: projectCommands, version: '9.9.9', dispatcher: async () => (await createTestHost(join(dir, 'data'), undefined, { cli: true })).dispatch },
  )
  return { code, out, err }
}

describe('xgw runner', () => {
  it('prints help and version', async () => {
    const help = await xgw('--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/project create/)
    expect(help.out).toMatch(/legacy Skype for Business Server 2015/)
    expect((await xgw('--version')).out).toBe('9.9.9\n')
    expect(JSON.parse((await xgw('--version', '--json')).out)).toEqual({ version: '9.9.9' })
    const sub = await xgw('project', 'export', '--help')
    expect(sub.out).toMatch(/Usage: xgw project export/)
  })

  it('accepts options before or after positional arguments', async () => {
    expect((await xgw('--json', 'project', 'create', 'Alpha')).code).toBe(0)
    const after = await xgw('project', 'create', 'Beta', '--json')
    expect(JSON.parse(after.out)).toMatchObject({ name: 'Beta' })
    // An option that takes a value may come first too.
    expect((await xgw('--data-dir', join(dir, 'data'), 'project', 'list')).code).toBe(0)
    const list = JSON.parse((await xgw('project', '--json', 'list')).out)
    expect(list.projects.map((p: { name: string }) => p.name)).toEqual(['Alpha', 'Beta'])
  })

  it('exits 2 with a coded one-line error on bad input, or JSON with --json', async () => {
    const unknown = await xgw('frobnicate')
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/^xgw: Unknown command "frobnicate".*\[USAGE\]\n$/)
    const badOpt = await xgw('project', 'list', '--nope', '--json')
    expect(badOpt.code).toBe(2)
    expect(JSON.parse(badOpt.out)).toEqual({ error: { code: 'USAGE', message: 'Unknown option --nope. See --help.' } })
    const dup = await xgw('project', 'create', 'Same')
    expect(dup.code).toBe(0)
    const clash = await xgw('project', 'create', 'same', '--json')
    expect(clash.code).toBe(2)
    expect(JSON.parse(clash.out).error.code).toBe('CONFLICT')
    const invalid = await xgw('project', 'create', '   ', '--json')
    expect(JSON.parse(invalid.out).error.code).toBe('VALIDATION')
  })

  it('exports and imports a project file, refusing a file that is not one', async () => {
    await xgw('project', 'create', 'Round trip')
    expect((await xgw('project', 'export', '--out', 'rt.xgwproj')).code).toBe(0)
    const file = JSON.parse(await readFile(join(dir, 'rt.xgwproj'), 'utf8'))
    expect(file).toMatchObject({ format: 'xgw-project', schemaVersion: 3, name: 'Round trip' })
    const imported = await xgw('project', 'import', 'rt.xgwproj', '--json')
    expect(JSON.parse(imported.out).name).toBe('Round trip (2)')
    await writeFile(join(dir, 'bad.json'), '{"hello": 1}')
    const bad = await xgw('project', 'import', 'bad.json', '--json')
    expect(bad.code).toBe(2)
    expect(JSON.parse(bad.out).error.code).toBe('PROJECT_FILE_INVALID')
    await writeFile(join(dir, 'cut.json'), (await readFile(join(dir, 'rt.xgwproj'), 'utf8')).slice(0, 50))
    expect(JSON.parse((await xgw('project', 'import', 'cut.json', '--json')).out).error.code).toBe('PROJECT_FILE_INVALID')
  })
})

describe('argv and passwords', () => {
  it('parses --name=value, repeated lists and --', () => {
    const specs = [
      { name: 'out', type: 'string', description: '' },
      { name: 'sip-domain', type: 'list', description: '' },
    ] as const
    expect(parseArgv(['a', '--out=x', '--sip-domain', 'a.com', 'b', '--sip-domain', 'c.com', '--', '--literal'], specs)).toEqual({
      positionals: ['a', 'b', '--literal'],
      options: { out: 'x', 'sip-domain': ['a.com', 'c.com'] },
    })
    expect(() => parseArgv(['--out'], specs)).toThrow(/needs a value/)
    expect(() => parseArgv(['--json=1'], specs)).toThrow(/takes no value/)
  })

  it('reads a password from a file or an environment variable, never from an argument', async () => {
    await writeFile(join(dir, 'pw.txt'), 'pässwörd with spaces\n')
    const which = { file: 'password-file', env: 'password-env' }
    expect(await readPasswordOption({ 'password-file': 'pw.txt' }, which, { cwd: dir, env: {} })).toBe('pässwörd with spaces')
    expect(await readPasswordOption({ 'password-env': 'PW' }, which, { cwd: dir, env: { PW: 'e' } })).toBe('e')
    await expect(readPasswordOption({ 'password-env': 'MISSING' }, which, { cwd: dir, env: {} })).rejects.toMatchObject({ code: 'USAGE' })
    await expect(readPasswordOption({ 'password-file': 'nope.txt' }, which, { cwd: dir, env: {} })).rejects.toMatchObject({ code: 'USAGE' })
    expect(await readPasswordOption({}, which, { cwd: dir, env: {} })).toBeUndefined()
    expect(await readPasswordOption({}, { ...which, prompt: 'Password: ' }, { cwd: dir, env: {}, prompt: async (q) => `typed after ${q}` })).toBe('typed after Password: ')
  })
})

describe('output in pieces and file bytes', () => {
  it('jsonPieces joins to exactly what JSON.stringify writes, with the arrays a piece per element', () => {
    const values: object[] = [
      { format: 'pem', certificates: [{ n: 1, names: ['a', 'ü'] }, { n: 2 }], privateKey: null, left: undefined, fn: () => 1, nested: { a: [1, 2] } },
      [1, undefined, () => 2, 'x', { y: [] }],
      { empty: [], 'key "quoted"': 'v\n' },
      {},
      new Date(0),
    ]
    for (const v of values) expect([...jsonPieces(v)].join('')).toBe(JSON.stringify(v))
    expect([...jsonPieces({ a: [1, 2, 3] })]).toEqual(['{', '"a":', '[', '1', ',2', ',3', ']', '}'])
  })

  it('printJson writes one JSON line in several writes, byte for byte JSON.stringify', async () => {
    const value = { items: Array.from({ length: 5000 }, (_, i) => ({ i, name: `item-${i}`.repeat(5) })), total: 5000 }
    const dump: Command = {
      name: 'dump',
      summary: '',
      usage: '',
      options: [],
      run: async (_pos, _o, ctx) => {
        printJson(ctx, value)
        return 0
      },
    }
    const writes: string[] = []
    const code = await runCli({ argv: ['dump'], cwd: dir, env: {}, out: (t) => writes.push(t), err: () => {} }, { commands: [dump], version: 't', dispatcher: async () => async () => ok(null) })
    expect(code).toBe(0)
    expect(writes.length).toBeGreaterThan(3)
    expect(writes.join('')).toBe(`${JSON.stringify(value)}\n`)
    expect(writes.slice(0, -1).every((w) => !w.includes('\n') && w.length < 70_000)).toBe(true)
  })

  it('inspect hands the file bytes as they are to a dispatcher that takes them, base64 to any other', async () => {
    const file = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')
    await writeFile(join(dir, 'f.pem'), file)
    const result = { format: 'pem', certificates: [], privateKeys: [], requests: [], publicKeys: [], chain: [], chainComplete: false, missingIssuer: null, leaf: null, pkcs12: null }
    const run = async (dispatcher: CliDispatch) => {
      let out = ''
      const code = await runCli({ argv: ['inspect', 'f.pem', '--json'], cwd: dir, env: {}, out: (t) => (out += t), err: () => {} }, { commands: certificateCommands, version: 't', dispatcher: async () => dispatcher })
      return { code, out }
    }
    const inputs: { route: string; input: { name: string; data: unknown } }[] = []
    const dispatch = async (route: string, input: unknown) => {
      inputs.push({ route, input: input as { name: string; data: unknown } })
      return ok(result)
    }
    const inProcess = await run(Object.assign(dispatch, { takesBytes: (route: string) => route === 'certificates.inspect' }))
    const contract = await run(async (route, input) => dispatch(route, input))
    expect(inputs.map((i) => i.route)).toEqual(['certificates.inspect', 'certificates.inspect'])
    expect(Buffer.isBuffer(inputs[0]!.input.data) && file.equals(inputs[0]!.input.data)).toBe(true)
    expect(inputs[1]!.input).toEqual({ name: 'f.pem', data: file.toString('base64') })
    expect(inProcess).toEqual({ code: 0, out: '{"format":"pem","certificates":[],"privateKey":null}\n' })
    expect(contract).toEqual(inProcess)
  })
})

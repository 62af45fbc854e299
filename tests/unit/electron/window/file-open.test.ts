import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cliArgsFromArgv, createProjectFileOpener, MAX_PROJECT_FILE_BYTES, projectFilesInArgv } from '../../../../electron/window/file-open'
import { tempDir } from '../../../helpers/temp-dir'

const { dir, cleanup } = await tempDir()
afterAll(() => cleanup())

describe('project files on the command line', () => {
  it('takes .xgwproj arguments after the executable, in order, relative to the working directory', () => {
    expect(projectFilesInArgv(['/opt/xgw/xgw', '--no-sandbox', 'a.XGWPROJ', '/data/b.xgwproj', 'notes.txt', '-x.xgwproj'], '/home/admin')).toEqual(['/home/admin/a.XGWPROJ', '/data/b.xgwproj'])
    expect(projectFilesInArgv(['/data/only-exe.xgwproj'], '/')).toEqual([])
  })

  it('recognises the command-line switch only after the executable, and drops the -- separator', () => {
    expect(cliArgsFromArgv(['XMPP Gateway Wizard.exe', '--xgw-cli', '--', 'project', 'list', '--json'])).toEqual(['project', 'list', '--json'])
    expect(cliArgsFromArgv(['electron', '.', '--xgw-cli', 'info'])).toEqual(['info'])
    expect(cliArgsFromArgv(['XMPP Gateway Wizard.exe', 'file.xgwproj'])).toBeNull()
    expect(cliArgsFromArgv(['--xgw-cli'])).toBeNull()
  })
})

describe('createProjectFileOpener', () => {
  const record = () => {
    const log: string[] = []
    return {
      log,
      deps: {
        importContent: async (content: string) => (log.push(`import:${content}`), content === 'bad' ? 'Not a project file' : null),
        opened: () => void log.push('opened'),
        failed: (m: string) => void log.push(`failed:${m}`),
      },
    }
  }

  it('queues files until ready, then opens them in order; later files open at once', async () => {
    const a = join(dir, 'a.xgwproj')
    const b = join(dir, 'b.xgwproj')
    await writeFile(a, 'A')
    await writeFile(b, 'B')
    const opener = createProjectFileOpener()
    void opener.open(a)
    void opener.open(b)
    expect(opener.pending()).toEqual([a, b])
    const { log, deps } = record()
    await opener.ready(deps)
    expect(log).toEqual(['import:A', 'opened', 'import:B', 'opened'])
    await opener.open(b)
    expect(log.slice(4)).toEqual(['import:B', 'opened'])
  })

  it('reports a missing, oversized or invalid file by name instead of importing it', async () => {
    const bad = join(dir, 'bad.xgwproj')
    const big = join(dir, 'big.xgwproj')
    await writeFile(bad, 'bad')
    await writeFile(big, Buffer.alloc(MAX_PROJECT_FILE_BYTES + 1, 0x20))
    const opener = createProjectFileOpener()
    const { log, deps } = record()
    await opener.ready(deps)
    await opener.open(join(dir, 'missing.xgwproj'))
    await opener.open(big)
    await opener.open(bad)
    expect(log).toEqual([
      `failed:${join(dir, 'missing.xgwproj')} could not be opened: ENOENT`,
      `failed:${big} could not be opened: larger than 16 MB, so not a project file`,
      'import:bad',
      `failed:${bad} could not be opened: Not a project file`,
    ])
  })
})

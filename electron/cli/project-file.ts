import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ProjectData } from '../../shared/domain/model/project'
import { AppError, ErrorCode } from '../../shared/errors'
import { parseProjectFile } from '../services/project/project-service'
import type { CliContext } from './command'

/** Reads a project file given on the command line: our export format or bare project data. */
export async function readProjectFile(ctx: Pick<CliContext, 'cwd'>, file: string): Promise<ProjectData> {
  let text: string
  try {
    text = await readFile(resolve(ctx.cwd, file), 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new AppError(code === 'ENOENT' ? ErrorCode.NotFound : ErrorCode.Usage, `Cannot read the project file ${file}: ${code ?? 'error'}.`)
  }
  return parseProjectFile(text).data
}

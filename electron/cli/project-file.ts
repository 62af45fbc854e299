// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { ProjectData } from '../../shared/domain/model/project'
import { AppError, ErrorCode } from '../../shared/errors'
import type { CliContext } from './command'

/** Reads a project file given on the command line: our export format or bare project data. */
export async function readProjectFile(ctx: Pick<CliContext, 'cwd'>, file: string): Promise<ProjectData> {
  let text: string
  try {
    text = readFileSync(resolve(ctx.cwd, file), 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new AppError(code === 'ENOENT' ? ErrorCode.NotFound : ErrorCode.Usage, `Cannot read the project file ${file}: ${code ?? 'error'}.`)
  }
  // Loaded here, not at start-up: the project schema (zod) is only for commands that read a project.
  const { parseProjectFile } = await import('../services/project/project-service')
  return parseProjectFile(text).data
}

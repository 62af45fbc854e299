// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError, ErrorCode } from '../../shared/errors'
import type { OptionValues } from './command'

export interface PasswordSources {
  readonly cwd: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** Prompts without echo; absent when stdin is not a terminal. */
  readonly prompt?: (question: string) => Promise<string>
}

/**
 * Reads a password from a file or an environment variable, or prompts on a terminal.
 * Plain arguments are never accepted: they land in shell history and process listings.
 */
export async function readPasswordOption(options: OptionValues, which: { file: string; env: string; prompt?: string }, src: PasswordSources): Promise<string | undefined> {
  const file = options[which.file]
  const envName = options[which.env]
  if (typeof file === 'string' && typeof envName === 'string') {
    throw new AppError(ErrorCode.Usage, `Give --${which.file} or --${which.env}, not both.`)
  }
  if (typeof file === 'string') {
    try {
      // One trailing newline is what editors and `echo` add; it is not part of the password.
      return readFileSync(resolve(src.cwd, file), 'utf8').replace(/\r?\n$/, '')
    } catch (err) {
      throw new AppError(ErrorCode.Usage, `Cannot read the password file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`)
    }
  }
  if (typeof envName === 'string') {
    const value = src.env[envName]
    if (value === undefined) throw new AppError(ErrorCode.Usage, `The environment variable ${envName} is not set.`)
    return value
  }
  if (which.prompt && src.prompt) return src.prompt(which.prompt)
  return undefined
}

/** A no-echo prompt on the controlling terminal. */
export function terminalPrompt(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream) {
  return (question: string) =>
    new Promise<string>((resolvePrompt, reject) => {
      stderr.write(question)
      stdin.setRawMode?.(true)
      stdin.resume()
      let value = ''
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done()
          if (ch === '\u0003') return done(new AppError(ErrorCode.Usage, 'Cancelled.'))
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
          else value += ch
        }
      }
      const done = (err?: Error) => {
        stdin.off('data', onData)
        stdin.setRawMode?.(false)
        stdin.pause()
        stderr.write('\n')
        if (err) reject(err)
        else resolvePrompt(value)
      }
      stdin.on('data', onData)
    })
}

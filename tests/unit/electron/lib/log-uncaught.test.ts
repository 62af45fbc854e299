import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { logUncaught } from '../../../../electron/lib/log-uncaught'
import { memoryLogger } from '../../../helpers/memory-logger'

describe('logUncaught', () => {
  it('logs uncaught exceptions (then ends the process) and unhandled rejections', () => {
    const proc = new EventEmitter()
    const log = memoryLogger()
    let fatal = 0
    logUncaught(proc, log, () => fatal++)
    proc.emit('unhandledRejection', new Error('late answer'))
    proc.emit('unhandledRejection', 'plain reason')
    expect(fatal).toBe(0)
    proc.emit('uncaughtException', new TypeError('boom'))
    expect(fatal).toBe(1)
    expect(log.lines.map((r) => [r.level, r.message])).toEqual([
      ['error', 'unhandled rejection'],
      ['error', 'unhandled rejection'],
      ['error', 'uncaught exception'],
    ])
    expect(String(log.lines[0]?.fields?.error)).toMatch(/^Error: late answer\n\s+at /)
    expect(log.lines[1]?.fields?.error).toBe('plain reason')
    expect(String(log.lines[2]?.fields?.error)).toMatch(/^TypeError: boom/)
  })
})

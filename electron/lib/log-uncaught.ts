import type { Logger } from './logger'

/** The part of `process` this needs, so a test can hand in an EventEmitter. */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (err: Error) => void): unknown
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown
}

/**
 * Writes the main process's uncaught exceptions and unhandled rejections to the log, so that
 * "Copy diagnostics" shows them. `onFatal` runs after an uncaught exception: Node's default is to
 * exit, and a process in an unknown state should not go on writing the admin's files.
 */
export function logUncaught(proc: ProcessEvents, log: Logger, onFatal: () => void): void {
  proc.on('uncaughtException', (err) => {
    log.error('uncaught exception', { error: err.stack ?? String(err) })
    onFatal()
  })
  proc.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection', { error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) })
  })
}

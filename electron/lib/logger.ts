/** Structured log sink. Fields must never carry passwords, passphrases or key material. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/** A logger that drops everything: for tests and the command line's quiet runs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/**
 * Closed set of failure codes that may cross the process boundary.
 *
 * The UI, the `xgw` command line and the tests react to these codes, never to message text,
 * so a code once published keeps its meaning.
 */
export const ErrorCode = {
  // contract and transport
  Validation: 'VALIDATION', // input failed the contract schema (details.path)
  UnknownRoute: 'UNKNOWN_ROUTE',
  Forbidden: 'FORBIDDEN', // untrusted IPC sender
  Unauthorized: 'UNAUTHORIZED', // browser host: missing or wrong token
  Transport: 'TRANSPORT', // client side only: host unreachable, malformed envelope
  Internal: 'INTERNAL', // a bug; the message is generic, the stack is in the log
  Usage: 'USAGE', // command line: unknown option, missing argument
  // persistence
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  ProjectDamaged: 'PROJECT_DAMAGED', // project.json unreadable; moved aside
  ProjectFileInvalid: 'PROJECT_FILE_INVALID', // an imported project file is not one of ours
  SchemaTooNew: 'SCHEMA_TOO_NEW', // written by a newer version of the app
  StoreIo: 'STORE_IO', // disk error; retryable
  LimitExceeded: 'LIMIT_EXCEEDED', // valid data over a limit this version enforces
  LiveDataInvalid: 'LIVE_DATA_INVALID', // a deployment read (collector output) that is not usable
  // certificates
  WrongPassword: 'WRONG_PASSWORD',
  PasswordRequired: 'PASSWORD_REQUIRED',
  Truncated: 'TRUNCATED',
  Malformed: 'MALFORMED',
  UnsupportedFormat: 'UNSUPPORTED_FORMAT',
  TooLarge: 'TOO_LARGE',
  KeyMismatch: 'KEY_MISMATCH',
  UnsupportedKey: 'UNSUPPORTED_KEY', // key parameters outside what the engine accepts (size, exponent, curve)
  FetchFailed: 'FETCH_FAILED', // an issuer download (AIA) failed or answered something unusable
  StoreLocked: 'STORE_LOCKED', // the store passphrase is needed for this operation
  // export and live checks
  ExportBlocked: 'EXPORT_BLOCKED', // findings block the export
  ConnectionRefused: 'CONNECTION_REFUSED',
  Timeout: 'TIMEOUT',
  NoRoute: 'NO_ROUTE',
  DnsFailure: 'DNS_FAILURE',
  NoStarttls: 'NO_STARTTLS',
  TlsHandshakeFailed: 'TLS_HANDSHAKE_FAILED',
  StreamError: 'STREAM_ERROR',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** The serialisable form of an error: the only error shape a caller ever sees. */
export interface AppErrorData {
  readonly code: ErrorCode
  readonly message: string
  readonly details?: Readonly<Record<string, string | number | boolean>>
}

const MAX_MESSAGE = 1024

/** Control characters and over-long text never reach a log line or a terminal. */
function clean(message: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const text = message.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text
}

/** Thrown by services for expected failures; the dispatcher turns it into AppErrorData. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: AppErrorData['details']

  constructor(code: ErrorCode, message: string, details?: AppErrorData['details']) {
    super(clean(message))
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toData(): AppErrorData {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) }
  }
}

/** True for any value shaped like AppErrorData (e.g. after a JSON round trip). */
export function isAppErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

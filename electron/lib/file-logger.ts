// node:fs's `promises` is read where it is used: loading fs/promises (about 2 ms) is then left to
// the callers that write asynchronously; the one-shot command line writes synchronously (below).
import { appendFileSync, mkdirSync, promises as fsp, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from './logger'
import { isoTime } from './iso-time'

/** One line of the log file, as written (after redaction). */
export interface LogRecord {
  /** ISO-8601 — Date does not survive JSON. */
  time: string
  level: 'info' | 'warn' | 'error'
  message: string
  [field: string]: unknown
}

/** Options for {@link createFileLogger}. */
export interface FileLoggerOptions {
  /** The app's data directory; logs go to `<dataDir>/logs/`. */
  dataDir: string
  /** Rotate when the current file would grow past this. @default 1 MiB */
  maxBytes?: number
  /** Files kept in total, the current one included. @default 5 */
  maxFiles?: number
  /** Errors kept in memory for {@link FileLogger.recentErrors}. @default 50 */
  recentCapacity?: number
  /** Clock, injectable for tests. @default () => new Date() */
  now?: () => Date
  /** Where the single "logging failed" notice goes. @default process.stderr.write */
  stderr?: (text: string) => void
  /**
   * Writes with synchronous calls, for the one-shot `xgw` process: it has nothing to overlap a log
   * write with, and its first asynchronous file call would start libuv's thread pool (a few ms of
   * an `xgw inspect`). The app and the browser host write asynchronously. @default false
   */
  syncWrites?: boolean
}

/** What the log does to files: each call may return a promise (asynchronous writes) or not. */
interface LogFiles {
  mkdir(dir: string): unknown
  /** The file's size, 0 when it does not exist. */
  size(file: string): number | Promise<number>
  append(file: string, text: string): unknown
  remove(file: string): unknown
  /** Renames; a missing source is not an error. */
  rename(from: string, to: string): unknown
}

const missingIsFine = (e: unknown) => {
  if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
}
const asyncFiles: LogFiles = {
  mkdir: (dir) => fsp.mkdir(dir, { recursive: true }),
  size: (file) =>
    fsp.stat(file).then(
      (s) => s.size,
      () => 0,
    ),
  append: (file, text) => fsp.appendFile(file, text, { encoding: 'utf8', mode: 0o600 }),
  remove: (file) => fsp.rm(file, { force: true }),
  rename: (from, to) => fsp.rename(from, to).catch(missingIsFine),
}
const syncFiles: LogFiles = {
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  size: (file) => {
    try {
      return statSync(file).size
    } catch {
      return 0
    }
  },
  append: (file, text) => appendFileSync(file, text, { encoding: 'utf8', mode: 0o600 }),
  remove: (file) => rmSync(file, { force: true }),
  rename: (from, to) => {
    try {
      renameSync(from, to)
    } catch (e) {
      missingIsFine(e)
    }
  },
}

/** A {@link Logger} that appends JSON lines to a rotating file and remembers recent errors. */
export interface FileLogger extends Logger {
  /** Folder holding the log files: what "Open log folder" opens. */
  readonly logDir: string
  /** The file currently written; rotated copies are `xgw.1.log` … `xgw.<maxFiles-1>.log`. */
  readonly filePath: string
  /** The last `n` error records, oldest first, already redacted: for "Copy diagnostics". */
  recentErrors(n?: number): LogRecord[]
  /** Resolves once every record logged so far has been written (or dropped after a failure). */
  flush(): Promise<void>
}

/** The placeholder written instead of a secret. */
export const REDACTED = '[redacted]'

// Words that make a field name secret, wherever they stand in it (pfxPassword, client_secret).
const SECRET_WORDS = new Set(['password', 'passwords', 'passphrase', 'pass', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'pfx', 'pem', 'private', 'credential', 'credentials'])
// A name ending in "key" is a secret (apiKey, key) unless it says whose or whether (publicKey, hasKey).
const HARMLESS_KEY_WORDS = new Set(['public', 'has', 'is'])

/**
 * True for field names whose values are never written (issue 6: no password, key or passphrase).
 * Names are split into words, so keyBits, keyUsage, publicKey and hasKey stay readable.
 */
export function isSecretKey(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
  if (words.some((w) => SECRET_WORDS.has(w))) return true
  const last = words[words.length - 1]
  return (last === 'key' || last === 'keys') && !words.some((w) => HARMLESS_KEY_WORDS.has(w))
}

const PEM_BLOCK = /-----BEGIN [^-\r\n]*-----[\s\S]*?(?:-----END [^-\r\n]*-----|$)/g
// Runs of base64/base64url alphabet long enough to be key material, DER, a PFX or a token.
const BASE64_RUN = /[A-Za-z0-9+/_-]{40,}={0,2}/g
const MAX_STRING = 8 * 1024
const MAX_DEPTH = 8

/** 0 upper case, 1 lower case, 2 digit, 3 anything else of the base64 alphabet. */
const charClass = (c: number) => (c >= 65 && c <= 90 ? 0 : c >= 97 && c <= 122 ? 1 : c >= 48 && c <= 57 ? 2 : 3)

/**
 * True when a long base64-alphabet run looks like encoded binary rather than a readable value.
 *
 * Hex fingerprints (certificate ids), slash-separated paths and long identifiers use the same
 * alphabet but are useful in a support log, so they are kept. A run that mixes upper case, lower
 * case and digits with no '/' or with a long unbroken stretch is binary. Anything else of two
 * classes or more (a '/' is base64 too; a token can happen to have no digit) is binary when it
 * switches between upper case, lower case and digits at a third of its characters or more:
 * encoded random bytes switch at about two in three, words only at their capitals (48 random
 * bytes with five slashes and no stretch over 17 characters were logged as a path).
 */
function looksLikeBase64(run: string): boolean {
  if (/^[0-9a-fA-F]+$/.test(run)) return false
  const classes = Number(/[A-Z]/.test(run)) + Number(/[a-z]/.test(run)) + Number(/[0-9]/.test(run))
  if (classes < 2) return false
  const segments = run.split('/')
  if (classes === 3 && (segments.length === 1 || segments.some((s) => s.length >= 24))) return true
  const chars = segments.join('')
  let switches = 0
  for (let i = 1; i < chars.length; i++) if (charClass(chars.charCodeAt(i)) !== charClass(chars.charCodeAt(i - 1))) switches++
  return switches * 3 >= chars.length
}

/** Removes PEM blocks, long base64 runs and the given secret values from a string and caps its length. */
export function redactString(value: string, secrets: readonly string[] = []): string {
  let out = value.replace(PEM_BLOCK, REDACTED).replace(BASE64_RUN, (run) => (looksLikeBase64(run) ? REDACTED : run))
  for (const secret of secrets) out = out.split(secret).join(REDACTED)
  if (out.length > MAX_STRING) out = `${out.slice(0, MAX_STRING)}… [${out.length - MAX_STRING} more characters]`
  return out
}

// Shorter values under a secret name ("pw", "") would blank unrelated text if removed by value.
const MIN_SECRET_VALUE = 4

/**
 * Returns a JSON-safe copy of `value` with secrets replaced by {@link REDACTED}.
 *
 * Fields named as secrets ({@link isSecretKey}) lose their value at any depth, booleans excepted
 * (`hasPassword: true` tells support something and gives nothing away), and the text of those
 * values is also removed wherever else it appears in the record (a password echoed in a message).
 * Strings go through {@link redactString}; binary data is never written (a PFX arrives as bytes).
 * Cycles, BigInt, functions and Errors are turned into something JSON.stringify cannot throw on.
 */
export function redact(value: unknown): unknown {
  const secrets = new Set<string>()
  collectSecrets(value, false, 0, new WeakSet(), secrets)
  // Longest first, so a secret that contains another is removed whole.
  return redactValue(
    value,
    0,
    new WeakSet(),
    [...secrets].sort((a, b) => b.length - a.length),
  )
}

function collectSecrets(value: unknown, named: boolean, depth: number, seen: WeakSet<object>, out: Set<string>): void {
  if (typeof value === 'string') {
    if (named && value.length >= MIN_SECRET_VALUE) out.add(value)
    return
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (named && String(value).length >= MIN_SECRET_VALUE) out.add(String(value))
    return
  }
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || seen.has(value) || depth >= MAX_DEPTH) return
  seen.add(value)
  const entries = Array.isArray(value) ? value.map((v) => ['', v] as const) : Object.entries(value as Record<string, unknown>)
  for (const [k, v] of entries) collectSecrets(v, named || (k !== '' && isSecretKey(k)), depth + 1, seen, out)
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactString(value, secrets)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'function' || typeof value === 'symbol') return `[${typeof value}]`
  if (value === null || typeof value !== 'object') return value
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (seen.has(value)) return '[circular]'
  if (depth >= MAX_DEPTH) return '[too deep]'
  seen.add(value)
  try {
    if (value instanceof Error) {
      // stack starts with the message, so both are redacted the same way
      const own = redactFields(value as unknown as Record<string, unknown>, depth, seen, secrets)
      return { ...own, name: value.name, message: redactString(value.message, secrets), stack: value.stack && redactString(value.stack, secrets) }
    }
    if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen, secrets))
    return redactFields(value as Record<string, unknown>, depth, seen, secrets)
  } finally {
    seen.delete(value)
  }
}

function redactFields(obj: Record<string, unknown>, depth: number, seen: WeakSet<object>, secrets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(obj)) {
    out[key] = isSecretKey(key) && typeof v !== 'boolean' ? REDACTED : redactValue(v, depth + 1, seen, secrets)
  }
  return out
}

const RESERVED = new Set(['time', 'level', 'message'])

/**
 * Creates the diagnostics log (issue 6): JSON lines in `<dataDir>/logs/xgw.log`, rotated by size.
 *
 * Nothing touches the disk until the first record. Appends are serialised through one queue, so
 * concurrent callers in this process never interleave or race a rotation. The xgw CLI may write the
 * same folder from another process; lines stay whole (one append each batch), but a file can then
 * exceed `maxBytes` by what the other process wrote between a size check and an append.
 *
 * Logging must never break the operation being logged, so write failures are swallowed: the first
 * one is reported once on stderr, the records queued at that moment are dropped, and later records
 * are attempted again.
 */
export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const maxBytes = options.maxBytes ?? 1024 * 1024
  const maxFiles = Math.max(1, options.maxFiles ?? 5)
  const capacity = options.recentCapacity ?? 50
  const now = options.now ?? (() => new Date())
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text))
  const logDir = join(options.dataDir, 'logs')
  // Rotated files keep the .log extension so that Notepad opens them on a double-click.
  const fileAt = (i: number) => join(logDir, i === 0 ? 'xgw.log' : `xgw.${i}.log`)
  const filePath = fileAt(0)
  const files = options.syncWrites ? syncFiles : asyncFiles

  const pending: string[] = []
  const recent: LogRecord[] = []
  let draining: Promise<void> | undefined
  let reported = false

  function record(level: LogRecord['level'], message: string, fields?: Record<string, unknown>): void {
    try {
      // Message and fields are redacted together, so a secret field's value is removed from the message too.
      const safe = redact({ message: String(message), fields: fields && typeof fields === 'object' ? fields : {} }) as { message: string; fields: Record<string, unknown> }
      const rec: LogRecord = { time: isoTime(now().getTime()), level, message: safe.message }
      for (const [key, v] of Object.entries(safe.fields)) rec[RESERVED.has(key) ? `field.${key}` : key] = v
      if (level === 'error') {
        recent.push(rec)
        if (recent.length > capacity) recent.shift()
      }
      pending.push(`${JSON.stringify(rec)}\n`)
      kick()
    } catch (e) {
      fail(e)
    }
  }

  function kick(): void {
    if (draining) return
    // A record can arrive after drain() saw an empty queue but before this callback runs.
    draining = drain().finally(() => {
      draining = undefined
      if (pending.length > 0) kick()
    })
  }

  function fail(e: unknown): void {
    if (reported) return
    reported = true
    try {
      stderr(`xgw: could not write the diagnostics log in ${logDir}; records are being dropped: ${String((e as Error)?.message ?? e)}\n`)
    } catch {
      // nowhere left to report to
    }
  }

  async function rotate(): Promise<void> {
    await files.remove(fileAt(maxFiles - 1))
    for (let i = maxFiles - 2; i >= 0; i--) await files.rename(fileAt(i), fileAt(i + 1))
  }

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      try {
        // Every batch: an admin may delete the logs folder while the app runs ("clear the logs").
        await files.mkdir(logDir)
        // Stat before every batch rather than counting: the xgw CLI and the app may share the file.
        const size = await files.size(filePath)
        // Take as many lines as fit; a single oversized line still goes into an empty file.
        let batch = ''
        let bytes = 0
        for (let next = pending[0]; next !== undefined; next = pending[0]) {
          const len = Buffer.byteLength(next)
          if (size + bytes + len > maxBytes && size + bytes > 0) break
          batch += next
          pending.shift()
          bytes += len
        }
        if (bytes === 0) {
          await rotate()
          continue
        }
        await files.append(filePath, batch)
      } catch (e) {
        fail(e)
        pending.length = 0
      }
    }
  }

  return {
    logDir,
    filePath,
    info: (message, fields) => record('info', message, fields),
    warn: (message, fields) => record('warn', message, fields),
    error: (message, fields) => record('error', message, fields),
    recentErrors: (n = 20) => (n > 0 ? recent.slice(-n).map((r) => ({ ...r })) : []),
    flush: async () => {
      while (draining) await draining
    },
  }
}

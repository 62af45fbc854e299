/**
 * PowerShell literal emitters. Every value that reaches a generated script goes through one of
 * these; nothing user-typed is ever spliced into code any other way.
 */

/**
 * PowerShell treats the typographic single quotes as quote characters too (about_Quoting_Rules,
 * ecosystem.md §4.5): U+2018 ‘, U+2019 ’, U+201A ‚, U+201B ‛. Each one inside a single-quoted
 * string must be doubled, exactly like the ASCII apostrophe, or it would end the string.
 */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g
const NEEDS_CARE = /['\u2018\u2019\u201A\u201B\r\n]/

/**
 * A single-quoted PowerShell string literal: no variable expansion, no escape sequences, every
 * single-quote character doubled. `x'; Remove-Item C:\ -Recurse; '` stays one string token.
 */
export function psQuote(value: string): string {
  // Most values hold no quote and no line break: a script of 5,000 partners quotes some 60,000.
  if (!NEEDS_CARE.test(value)) return `'${value}'`
  const quote = (v: string) => `'${v.replace(SINGLE_QUOTES, (q) => q + q)}'`
  if (!/[\r\n]/.test(value)) return quote(value)
  // A line break inside a literal would be rewritten by the CRLF the file is saved with, so the
  // value would not arrive verbatim: breaks are spelled as [char] codes instead.
  const parts = value
    .split(/(\r|\n)/)
    .filter((x) => x !== '')
    .map((x) => (x === '\r' ? '[char]13' : x === '\n' ? '[char]10' : quote(x)))
  return `(${parts.join(' + ')})`
}

/** $true / $false. */
export function psBool(value: boolean): string {
  return value ? '$true' : '$false'
}

/** An array literal of quoted strings: @('a', 'b'), or @() when empty. */
export function psArray(values: readonly string[]): string {
  return `@(${values.map(psQuote).join(', ')})`
}

/** A PowerShell literal for a plain value of the model. */
export function psValue(value: string | number | boolean | null): string {
  if (value === null) return '$null'
  if (typeof value === 'boolean') return psBool(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('non-finite number in a PowerShell literal')
    return String(Math.trunc(value))
  }
  return psQuote(value)
}

// eslint-disable-next-line no-control-regex -- control characters are what psCommentText removes
const COMMENT_UNSAFE = /[\r\n\u0085\u2028\u2029\u0000-\u001f\u007f]|#>/

/**
 * Text safe to place after `#` on one comment line: line breaks would end the comment and turn
 * the rest into code, and `#>` would close a block comment, so both are neutralised.
 */
export function psCommentText(value: string): string {
  if (!COMMENT_UNSAFE.test(value)) return value
  return value
    .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
    .replace(/#>/g, '# >')
    .replace(
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      /[\u0000-\u001f\u007f]/g,
      ' ',
    )
}

/**
 * A small syntax highlighter for the export preview: text in, tokens (text + class) out. The
 * view renders each token as a <span class="tok-…">, so no HTML is ever built from file content.
 */
export type TokenKind = 'comment' | 'string' | 'variable' | 'constant' | 'cmdlet' | 'param' | 'operator' | 'keyword' | 'number' | 'heading' | 'code' | 'strong' | 'tag' | 'plain'

export interface Token {
  readonly kind: TokenKind
  readonly text: string
}

export type Language = 'powershell' | 'markdown' | 'html' | 'csv' | 'text'

const PS_KEYWORDS = new Set([
  'begin',
  'break',
  'catch',
  'class',
  'continue',
  'data',
  'do',
  'dynamicparam',
  'else',
  'elseif',
  'end',
  'exit',
  'filter',
  'finally',
  'for',
  'foreach',
  'function',
  'if',
  'in',
  'param',
  'process',
  'return',
  'switch',
  'throw',
  'trap',
  'try',
  'until',
  'while',
])
const PS_OPERATORS = new Set([
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'like',
  'notlike',
  'match',
  'notmatch',
  'contains',
  'notcontains',
  'in',
  'notin',
  'and',
  'or',
  'not',
  'xor',
  'is',
  'isnot',
  'as',
  'replace',
  'split',
  'join',
  'f',
  'band',
  'bor',
  'ceq',
  'cne',
  'ieq',
  'ine',
  'clike',
  'cmatch',
  'imatch',
])
const PS_CONSTANTS = new Set(['$true', '$false', '$null'])

/** Merges adjacent tokens of the same kind: fewer spans to render. */
function push(out: Token[], kind: TokenKind, text: string) {
  if (!text) return
  const last = out[out.length - 1]
  if (last && last.kind === kind) out[out.length - 1] = { kind, text: last.text + text }
  else out.push({ kind, text })
}

/**
 * PowerShell: comments (# and <# #>), strings (single, double, here-strings), variables,
 * $true/$false/$null, cmdlet names (Verb-Noun), parameters (-Name), operators, keywords, numbers.
 */
export function highlightPowerShell(src: string): Token[] {
  const out: Token[] = []
  let i = 0
  const n = src.length
  // A parameter or an operator starts after whitespace, an opening bracket or the line start.
  const boundaryBefore = (at: number) => at === 0 || /[\s([{,;|=]/.test(src[at - 1]!)
  while (i < n) {
    const c = src[i]!
    const rest = src.slice(i, i + 3)
    if (rest.startsWith('<#')) {
      const end = src.indexOf('#>', i + 2)
      const stop = end < 0 ? n : end + 2
      push(out, 'comment', src.slice(i, stop))
      i = stop
    } else if (c === '#') {
      const end = src.indexOf('\n', i)
      const stop = end < 0 ? n : end
      push(out, 'comment', src.slice(i, stop))
      i = stop
    } else if (rest === "@'\n" || rest === '@"\n' || src.startsWith("@'\r\n", i) || src.startsWith('@"\r\n', i)) {
      const q = src[i + 1]!
      const close = src.indexOf(`\n${q}@`, i + 2)
      const stop = close < 0 ? n : close + 3
      push(out, 'string', src.slice(i, stop))
      i = stop
    } else if (c === "'" || c === '\u2018' || c === '\u2019') {
      // Single-quoted: a doubled quote is an escaped quote; no expansion.
      let j = i + 1
      while (j < n) {
        if (/['\u2018\u2019]/.test(src[j]!)) {
          if (j + 1 < n && /['\u2018\u2019]/.test(src[j + 1]!)) j += 2
          else break
        } else j++
      }
      push(out, 'string', src.slice(i, Math.min(n, j + 1)))
      i = Math.min(n, j + 1)
    } else if (c === '"' || c === '\u201C' || c === '\u201D') {
      let j = i + 1
      while (j < n) {
        const d = src[j]!
        if (d === '`') j += 2
        else if (/["\u201C\u201D]/.test(d)) {
          if (j + 1 < n && /["\u201C\u201D]/.test(src[j + 1]!)) j += 2
          else break
        } else j++
      }
      push(out, 'string', src.slice(i, Math.min(n, j + 1)))
      i = Math.min(n, j + 1)
    } else if (c === '$') {
      const m = /^\$(\{[^}]*\}|[A-Za-z_][\w]*(:[A-Za-z_][\w]*)?|[_?^$])/.exec(src.slice(i))
      if (m) {
        const text = m[0]
        push(out, PS_CONSTANTS.has(text.toLowerCase()) ? 'constant' : 'variable', text)
        i += text.length
      } else {
        push(out, 'plain', c)
        i++
      }
    } else if (c === '-' && boundaryBefore(i) && /[A-Za-z]/.test(src[i + 1] ?? '')) {
      const m = /^-[A-Za-z][\w]*/.exec(src.slice(i))!
      const word = m[0].slice(1).toLowerCase()
      push(out, PS_OPERATORS.has(word) ? 'operator' : 'param', m[0])
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c) && (i === 0 || !/[\w$-]/.test(src[i - 1]!))) {
      const m = /^[A-Za-z_][\w]*(-[A-Za-z][\w]*)?/.exec(src.slice(i))!
      const word = m[0]
      if (m[1] && /^[A-Z][A-Za-z]+-[A-Z]/.test(word)) push(out, 'cmdlet', word)
      else if (!m[1] && PS_KEYWORDS.has(word.toLowerCase())) push(out, 'keyword', word)
      else push(out, 'plain', word)
      i += word.length
    } else if (/\d/.test(c) && (i === 0 || !/[\w.]/.test(src[i - 1]!))) {
      const m = /^\d+(\.\d+)?/.exec(src.slice(i))!
      push(out, 'number', m[0])
      i += m[0].length
    } else {
      push(out, 'plain', c)
      i++
    }
  }
  return out
}

/** Markdown: headings, fenced code blocks, inline code and bold text. */
export function highlightMarkdown(src: string): Token[] {
  const out: Token[] = []
  const lines = src.split('\n')
  let fenced = false
  lines.forEach((line, idx) => {
    const nl = idx < lines.length - 1 ? '\n' : ''
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced
      push(out, 'code', line + nl)
      return
    }
    if (fenced) return push(out, 'code', line + nl)
    if (/^#{1,6}\s/.test(line)) return push(out, 'heading', line + nl)
    // Inline: `code` and **bold**.
    const re = /(`[^`]+`|\*\*[^*]+\*\*)/g
    let last = 0
    for (const m of line.matchAll(re)) {
      push(out, 'plain', line.slice(last, m.index))
      push(out, m[0].startsWith('`') ? 'code' : 'strong', m[0])
      last = m.index + m[0].length
    }
    push(out, 'plain', line.slice(last) + nl)
  })
  return out
}

/** HTML: tags and comments. */
export function highlightHtml(src: string): Token[] {
  const out: Token[] = []
  const re = /(<!--[\s\S]*?-->|<\/?[A-Za-z][^>]*>)/g
  let last = 0
  for (const m of src.matchAll(re)) {
    push(out, 'plain', src.slice(last, m.index))
    push(out, m[0].startsWith('<!--') ? 'comment' : 'tag', m[0])
    last = m.index + m[0].length
  }
  push(out, 'plain', src.slice(last))
  return out
}

/** Zone files and plain text: `;` and `#` comment lines. CSV: the header line. */
export function highlightText(src: string, language: 'csv' | 'text'): Token[] {
  const out: Token[] = []
  const lines = src.split('\n')
  lines.forEach((line, idx) => {
    const nl = idx < lines.length - 1 ? '\n' : ''
    if (language === 'csv' && idx === 0) return push(out, 'heading', line + nl)
    const c = language === 'text' ? line.search(/(^|\s);|^\s*#/) : -1
    if (c >= 0) {
      push(out, 'plain', line.slice(0, c))
      push(out, 'comment', line.slice(c) + nl)
    } else push(out, 'plain', line + nl)
  })
  return out
}

export function highlight(src: string, language: Language): Token[] {
  const text = src.replace(/\r\n?/g, '\n')
  switch (language) {
    case 'powershell':
      return highlightPowerShell(text)
    case 'markdown':
      return highlightMarkdown(text)
    case 'html':
      return highlightHtml(text)
    case 'csv':
    case 'text':
      return highlightText(text, language)
  }
}

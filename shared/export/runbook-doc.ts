/**
 * A tiny document model shared by the Markdown and HTML runbooks, so both always say the same
 * thing. Inline text carries two marks: bold (exact UI labels) and code (names, commands); user
 * text is escaped by each renderer.
 */

const B0 = '\u0001',
  B1 = '\u0002',
  C0 = '\u0003',
  C1 = '\u0004'
// eslint-disable-next-line no-control-regex -- U+0001..U+0004 are the private markers above, never in admin text
const MARKS = /[\u0001-\u0004]/g

/** Removes the mark characters from user text so it cannot forge formatting. */
export const plain = (s: string): string => s.replace(MARKS, '')
/** An exact UI label, printed bold. */
export const label = (s: string): string => `${B0}${plain(s)}${B1}`
/** A name or command, printed as code. */
export const code = (s: string): string => `${C0}${plain(s)}${C1}`

export type Owner = 'UC admin' | 'DNS' | 'Network' | 'PKI'

export type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'ol' | 'ul'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly header: readonly string[]; readonly rows: ReadonlyArray<readonly string[]> }
  | { readonly kind: 'pre'; readonly text: string }
  | { readonly kind: 'note'; readonly text: string }

export interface RunbookStep {
  readonly title: string
  readonly owner: Owner
  readonly tool: string
  readonly blocks: readonly Block[]
  readonly checkpoints: readonly string[]
}

export interface RunbookDoc {
  readonly title: string
  readonly intro: readonly Block[]
  readonly steps: readonly RunbookStep[]
}

type Seg = { mark: 'text' | 'bold' | 'code'; value: string }

// Most strings (table cells of a runbook of 5,000 partners) carry no mark: the renderers escape them
// directly, without splitting them into segments.
// eslint-disable-next-line no-control-regex -- the private markers B0..C1
const HAS_MARK = /[\u0001-\u0004]/
// eslint-disable-next-line no-control-regex -- the markers, and what Markdown or HTML must escape
const MD_SPECIAL = /[\u0001-\u0004\\`*_[\]<>|#\n]/
// eslint-disable-next-line no-control-regex -- the markers, and what Markdown or HTML must escape
const HTML_SPECIAL_OR_MARK = /[\u0001-\u0004&<>"']/

function segments(s: string): Seg[] {
  const out: Seg[] = []
  // eslint-disable-next-line no-control-regex -- the private markers B0/B1 and C0/C1
  const re = /\u0001([^\u0002]*)\u0002|\u0003([^\u0004]*)\u0004/g
  let last = 0
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push({ mark: 'text', value: s.slice(last, m.index) })
    out.push(m[1] !== undefined ? { mark: 'bold', value: m[1] } : { mark: 'code', value: m[2] ?? '' })
    last = re.lastIndex
  }
  if (last < s.length) out.push({ mark: 'text', value: s.slice(last) })
  return out.map((x) => ({ ...x, value: x.value.replace(MARKS, '') }))
}

const mdText = (s: string) => (/[\\`*_[\]<>|#\n]/.test(s) ? s.replace(/([\\`*_[\]<>|#])/g, '\\$1').replace(/\r?\n/g, ' ') : s)
const mdCode = (s: string) => {
  const v = s.includes('\n') ? s.replace(/\r?\n/g, ' ') : s
  const ticks = v.includes('`') ? '`'.repeat(Math.max(1, ...[...v.matchAll(/`+/g)].map((m) => m[0].length + 1))) : '`'
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${v}${pad}${ticks}`
}

/** Inline text as Markdown. */
export function inlineMd(s: string): string {
  if (!MD_SPECIAL.test(s)) return s
  if (!HAS_MARK.test(s)) return mdText(s)
  return segments(s)
    .map((x) => (x.mark === 'bold' ? `**${mdText(x.value)}**` : x.mark === 'code' ? mdCode(x.value) : mdText(x.value)))
    .join('')
}

/** HTML-escapes text for element content and double-quoted attributes. */
const HTML_SPECIAL: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const esc = (s: string): string => (/[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => HTML_SPECIAL[c]!) : s)

/** Inline text as HTML. */
export function inlineHtml(s: string): string {
  if (!HTML_SPECIAL_OR_MARK.test(s)) return s
  if (!HAS_MARK.test(s)) return esc(s)
  return segments(s)
    .map((x) => (x.mark === 'bold' ? `<strong>${esc(x.value)}</strong>` : x.mark === 'code' ? `<code>${esc(x.value)}</code>` : esc(x.value)))
    .join('')
}

/** Plain text with the marks removed (for code blocks). */
export function inlinePlain(s: string): string {
  // The segments joined back are the text without its marks.
  return plain(s)
}

import type { ProjectData } from '../domain/model/project'
import { runbookDoc } from './runbook-steps'
import { esc, inlineHtml, inlineMd, inlinePlain, type Block, type RunbookDoc } from './runbook-doc'

export { runbookDoc }

function blockMd(b: Block): string {
  switch (b.kind) {
    case 'p':
      return inlineMd(b.text)
    case 'note':
      return `> ${inlineMd(b.text)}`
    case 'ol':
      return b.items.map((t, i) => `${i + 1}. ${inlineMd(t)}`).join('\n')
    case 'ul':
      return b.items.map((t) => `- ${inlineMd(t)}`).join('\n')
    case 'pre':
      return `\`\`\`\n${inlinePlain(b.text)}\n\`\`\``
    case 'table': {
      if (b.rows.length === 0) return '_(none)_'
      const row = (r: readonly string[]) => `| ${r.map(inlineMd).join(' | ')} |`
      return [row(b.header), `|${b.header.map(() => ' --- |').join('')}`, ...b.rows.map(row)].join('\n')
    }
  }
}

/** `runbook.md`. */
export function runbookMarkdown(p: ProjectData, o: { generatedAt: string }, doc: RunbookDoc = runbookDoc(p, o)): string {
  const parts: string[] = [`# ${inlineMd(doc.title)}`, ...doc.intro.map(blockMd)]
  doc.steps.forEach((s, i) => {
    parts.push(`## ${i + 1}. ${inlineMd(s.title)}`)
    parts.push(`**Owner:** ${inlineMd(s.owner)} · **Tool:** ${inlineMd(s.tool)}`)
    parts.push(...s.blocks.map(blockMd))
    parts.push(s.checkpoints.map((c) => `- [ ] **Checkpoint:** ${inlineMd(c)}`).join('\n'))
  })
  return `${parts.join('\n\n')}\n`
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p>${inlineHtml(b.text)}</p>`
    case 'note':
      return `<p class="note">${inlineHtml(b.text)}</p>`
    case 'ol':
      return `<ol>\n${b.items.map((t) => `  <li>${inlineHtml(t)}</li>`).join('\n')}\n</ol>`
    case 'ul':
      return `<ul>\n${b.items.map((t) => `  <li>${inlineHtml(t)}</li>`).join('\n')}\n</ul>`
    case 'pre':
      return `<pre>${esc(inlinePlain(b.text))}</pre>`
    case 'table': {
      if (b.rows.length === 0) return '<p><em>(none)</em></p>'
      return `<table>\n  <thead><tr>${b.header.map((h) => `<th>${inlineHtml(h)}</th>`).join('')}</tr></thead>\n  <tbody>\n${b.rows.map((r) => `    <tr>${r.map((c) => `<td>${inlineHtml(c)}</td>`).join('')}</tr>`).join('\n')}\n  </tbody>\n</table>`
    }
  }
}

const CSS = `body{font-family:Segoe UI,Arial,sans-serif;font-size:11pt;line-height:1.4;max-width:60em;margin:2em auto;padding:0 1em;color:#111}
h1{font-size:18pt}h2{font-size:14pt;margin-top:1.6em;border-bottom:1px solid #999;page-break-after:avoid}
section{page-break-inside:avoid}table{border-collapse:collapse;width:100%;font-size:9.5pt}th,td{border:1px solid #999;padding:.25em .4em;text-align:left;vertical-align:top}
th{background:#eee}code{font-family:Consolas,monospace;font-size:.95em;background:#f3f3f3;padding:0 .15em}
.note{border-left:4px solid #c60;padding:.3em .6em;background:#fff7ee}.meta{color:#444}
.checkpoint::before{content:"\\2610\\00a0"}ul.checkpoints{list-style:none;padding-left:.5em}
@media print{body{margin:0;max-width:none}a{color:inherit}}`

/** `runbook.html`: the same document, printable, self-contained (no scripts, no external resources). */
export function runbookHtml(p: ProjectData, o: { generatedAt: string }, doc: RunbookDoc = runbookDoc(p, o)): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${esc(inlinePlain(doc.title))}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${inlineHtml(doc.title)}</h1>`,
    ...doc.intro.map(blockHtml),
  ]
  doc.steps.forEach((s, i) => {
    out.push('<section>')
    out.push(`<h2>${i + 1}. ${inlineHtml(s.title)}</h2>`)
    out.push(`<p class="meta"><strong>Owner:</strong> ${inlineHtml(s.owner)} · <strong>Tool:</strong> ${inlineHtml(s.tool)}</p>`)
    out.push(...s.blocks.map(blockHtml))
    out.push(`<ul class="checkpoints">\n${s.checkpoints.map((c) => `  <li class="checkpoint"><strong>Checkpoint:</strong> ${inlineHtml(c)}</li>`).join('\n')}\n</ul>`)
    out.push('</section>')
  })
  out.push('</body>', '</html>')
  return `${out.join('\n')}\n`
}

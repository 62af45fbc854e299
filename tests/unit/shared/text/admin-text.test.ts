import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { HELP_LINKS } from '../../../../shared/domain/help-links'
import { buildExportBundle } from '../../../../shared/export/export-bundle'
import { SAMPLE_APP_VERSION, SAMPLE_GENERATED_AT, hostileProject, largeProject, smallProject } from '../../../helpers/sample-projects'

// Issue 11, "written for admins": no text an admin sees carries internal references. Scanned:
// every string literal and template text of the renderer, of shared/domain (messages, help
// links, labels), of the CLI, and every generated file of the small, large and hostile projects.
// Source comments are not scanned: admins never see them.

const ROOT = join(__dirname, '..', '..', '..', '..')

/** Internal references: spec sections, source/finding/prerequisite ids, research tags. */
export const INTERNAL_REFERENCE = /spec\s*§|§\s*\d|\[(?:CONFLICT|UNVERIFIED|INFERENCE|VERIFIED)[^\]]*\]|\b(?:S|C|F|T|I|P)\d{1,2}\b(?![-.\w])|\bS\d{1,2}-old\b/

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...files(p, ext))
    else if (ext.test(name)) out.push(p)
  }
  return out
}

/** String literals and template pieces of TypeScript source, with their line numbers. */
function stringsOfScript(source: string, fileName: string): Array<{ line: number; text: string }> {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true)
  const out: Array<{ line: number; text: string }> = []
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      out.push({ line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1, text: n.text })
    }
    n.forEachChild(visit)
  }
  visit(sf)
  return out
}

/** What a .vue file shows: its template without HTML comments, and its script's strings. */
function stringsOfVue(source: string, fileName: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = []
  const template = /<template>([\s\S]*)<\/template>/.exec(source)
  if (template) {
    const start = source.slice(0, template.index).split('\n').length
    template[1]!
      .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '))
      .split('\n')
      .forEach((text, i) => out.push({ line: start + i, text }))
  }
  for (const m of source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) {
    const start = source.slice(0, m.index).split('\n').length - 1
    out.push(...stringsOfScript(m[1]!, `${fileName}.ts`).map((x) => ({ line: x.line + start, text: x.text })))
  }
  return out
}

function hits(paths: string[]): string[] {
  const found: string[] = []
  for (const p of paths) {
    const src = readFileSync(p, 'utf8')
    const strings = p.endsWith('.vue') ? stringsOfVue(src, p) : stringsOfScript(src, p)
    for (const s of strings) {
      // Keys of HELP_LINKS (S1, C5, …) select a link whose title and address are shown, never the key.
      if (s.text.trim() in HELP_LINKS) continue
      // Stored keys of the prerequisite items (P1…P13): the checklist shows numbers and titles.
      if (/^P\d{1,2}$/.test(s.text.trim())) continue
      // A keyboard shortcut shown as such (F1 for Help), not a source id.
      if (/^((Ctrl|Shift|Alt)\+)*F\d{1,2}$/.test(s.text.trim())) continue
      const text = s.text.replace(/:(sources|ids)="\[[^\]]*\]"/g, '')
      const m = INTERNAL_REFERENCE.exec(text)
      if (m) found.push(`${relative(ROOT, p)}:${s.line}: ${m[0]} in "${s.text.trim().slice(0, 140)}"`)
    }
  }
  return found
}

describe('admin-facing text carries no internal references', () => {
  it('the pattern finds what it must and leaves Microsoft names alone', () => {
    for (const bad of ['see spec §2.3', '(S6)', 'C13 says', '[CONFLICT] x', '[UNVERIFIED]', '[INFERENCE from C5]', 'finding F12', 'S3-old', 'item P9']) expect(bad).toMatch(INTERNAL_REFERENCE)
    for (const good of ['Set-CsEdgeServer', 'port 5269', 'Windows Server 2012 R2 and later', 'SHA-256', 'RFC 2782', 'PKCS#12', 'S/MIME', 'a C: drive']) expect(good).not.toMatch(INTERNAL_REFERENCE)
  })

  it('renderer (every .vue template and script string, every .ts string)', () => {
    expect(hits(files(join(ROOT, 'renderer', 'src'), /\.(vue|ts)$/))).toEqual([])
  })

  it('shared/domain: messages, labels, help links, the prerequisite catalogue', () => {
    expect(hits(files(join(ROOT, 'shared', 'domain'), /\.ts$/))).toEqual([])
  })

  it('the command line (xgw help and output)', () => {
    expect(hits(files(join(ROOT, 'electron', 'cli'), /\.ts$/))).toEqual([])
  })

  it('export generators (shared/export) and every generated file of the small, large and hostile projects', () => {
    expect(hits(files(join(ROOT, 'shared', 'export'), /\.ts$/))).toEqual([])
    const found: string[] = []
    for (const [name, p] of Object.entries({ small: smallProject(), large: largeProject(), hostile: hostileProject() })) {
      for (const f of buildExportBundle(p, { generatedAt: SAMPLE_GENERATED_AT, appVersion: SAMPLE_APP_VERSION }).files) {
        f.content.split('\n').forEach((line, i) => {
          const m = INTERNAL_REFERENCE.exec(line)
          if (m) found.push(`${name}/${f.fileName}:${i + 1}: ${m[0]} in "${line.trim().slice(0, 140)}"`)
        })
      }
    }
    expect(found).toEqual([])
  })
})

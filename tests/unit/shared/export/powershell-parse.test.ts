import Parser from 'tree-sitter'
import PowerShell from 'tree-sitter-powershell'
import { describe, expect, it } from 'vitest'
import { buildExportBundle, type ExportFile } from '../../../../shared/export/export-bundle'
import { parseExistingConfig } from '../../../../shared/export/existing-config'
import { psQuote } from '../../../../shared/export/ps-quote'
import { INJECTION, SAMPLE_APP_VERSION, SAMPLE_GENERATED_AT, injectionProject, largeProject, smallProject } from '../../../helpers/sample-projects'

type Node = Parser.SyntaxNode

const parser = new Parser()
parser.setLanguage(PowerShell)
const parse = (src: string) => parser.parse(src).rootNode

const of = (root: Node, type: string | string[]): Node[] => root.descendantsOfType(type)

function errorNodes(root: Node): string[] {
  if (!root.hasError) return []
  return of(root, 'ERROR')
    .map((n) => `${n.type} at ${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${n.text.slice(0, 80)}`)
    .concat(['(missing node)'])
}

const existing = parseExistingConfig({
  policiesJson: JSON.stringify({ Identity: 'Tag:XmppFederatedUsers', Description: INJECTION, EnableFederationAccess: true }),
  partnersJson: JSON.stringify([{ Identity: 'fabrikam.com', Description: "it's '@\n'@ here", PartnerType: 'Federated', TlsNegotiation: 'Required', SaslNegotiation: 'Optional', SupportDialbackNegotiation: true }]),
}).existing

const projects = { small: smallProject(), large: largeProject(), injection: injectionProject() }
const scripts: Array<[string, ExportFile]> = []
for (const [name, p] of Object.entries(projects)) {
  const b = buildExportBundle(p, { generatedAt: SAMPLE_GENERATED_AT, appVersion: SAMPLE_APP_VERSION, existing: name === 'small' ? null : existing })
  for (const f of b.files.filter((x) => x.language === 'powershell')) scripts.push([`${name}/${f.fileName}`, f])
}

describe('generated PowerShell parses (tree-sitter-powershell)', () => {
  it.each(scripts)('%s has no error node', (_name, f) => {
    expect(errorNodes(parse(f.content))).toEqual([])
  })
})

/** The string literal node that starts exactly where the quoted text starts. */
function literalAt(root: Node, src: string, literal: string): Node | undefined {
  const at = src.indexOf(literal)
  if (at < 0) return undefined
  // node-tree-sitter parses UTF-16: startIndex counts code units, like String.prototype.indexOf.
  return of(root, 'string_literal').find((n) => n.startIndex === at)
}

describe('hostile text stays one string token', () => {
  const hostile = [
    INJECTION,
    'x\u2019; Stop-Computer; \u2018',
    "a\u2018b\u2019c\u201Ad\u201Be'; Remove-Item C:\\; '",
    "ou=Sales'); Remove-Item C:\\ -Recurse; ('",
    '(cn=$(Stop-Computer))',
    "line1\n'; Remove-Item C:\\; '\nline3",
    "'@\n; Stop-Computer",
  ]
  it.each(hostile)('psQuote(%j) is a single verbatim string', (text) => {
    const src = `Set-Thing -Description ${psQuote(text)} -WhatIf:$WhatIf\n`
    const root = parse(src)
    expect(errorNodes(root)).toEqual([])
    // A line break is spelled [char]10 / [char]13 between literals (a raw break would become CRLF
    // when the file is saved): every piece between breaks is one literal of its own.
    for (const piece of text.split(/\r|\n/).filter(Boolean)) {
      const lit = literalAt(root, src, psQuote(piece))
      expect(lit?.text).toBe(psQuote(piece))
    }
    expect(of(root, 'command').map((n) => n.child(0)?.text)).toEqual(['Set-Thing'])
  })

  it('the injection project keeps every hostile field inside one literal', () => {
    const f = scripts.find(([n]) => n === 'injection/xmpp-config.ps1')![1]
    const root = parse(f.content)
    const p = projects.injection
    const [user, site] = p.policy.policies
    for (const text of [user!.description, user!.assignTo.ou, user!.assignTo.ldapFilter, site!.description, p.partners.partners[0]!.description, ...user!.assignTo.users]) {
      expect(literalAt(root, f.content, psQuote(text))?.text, text).toBe(psQuote(text))
    }
    const commands = of(root, 'command').map((n) => n.child(0)?.text ?? '')
    expect(commands.filter((c) => /Remove-Item|Stop-Computer/i.test(c))).toEqual([])
  })

  it('doubles typographic quotes as PowerShell does with apostrophes', () => {
    expect(psQuote("a\u2018b\u2019c\u201Ad\u201Be'f")).toBe("'a\u2018\u2018b\u2019\u2019c\u201A\u201Ad\u201B\u201Be''f'")
  })
})

/**
 * Idempotency as structure: every New-/Set-/Grant-/Remove-Cs… call sits inside an `if` whose
 * condition reads a value that came from a Get- cmdlet (directly or through variables), and
 * passes -WhatIf:$WhatIf.
 */
describe('idempotency: every change is behind a Get- comparison', () => {
  const CHANGE = /^((New|Set|Grant|Remove)-Cs|Add-DnsServerResourceRecord)/i

  function derivedVariables(root: Node): Set<string> {
    const assigns: Array<[string, string]> = []
    for (const n of of(root, ['assignment_expression', 'foreach_statement'])) {
      if (n.type === 'assignment_expression') {
        const m = /^\$([\w:]+)/.exec(n.child(0)?.text ?? '')
        if (m) assigns.push([m[1]!.replace(/^script:/i, '').toLowerCase(), n.text.slice((n.child(0)?.text ?? '').length)])
      }
      if (n.type === 'foreach_statement') {
        const m = /^foreach\s*\(\s*\$(\w+)\s+in\s+([^)]*)\)/i.exec(n.text)
        if (m) assigns.push([m[1]!.toLowerCase(), m[2]!])
      }
    }
    const derived = new Set<string>()
    for (let changed = true; changed;) {
      changed = false
      for (const [name, rhs] of assigns) {
        if (derived.has(name)) continue
        const vars = [...rhs.matchAll(/\$(\w+)/g)].map((m) => m[1]!.toLowerCase())
        if (/\bGet-Cs\w+|\bGet-DnsServerResourceRecord\b|Get-XgwDifference|ConvertFrom-Json/i.test(rhs) || vars.some((v) => derived.has(v))) {
          derived.add(name)
          changed = true
        }
      }
    }
    return derived
  }

  /** Conditions of every enclosing if/elseif whose branch contains (or precedes) the command. */
  function guardConditions(n: Node): string[] {
    const out: string[] = []
    for (let a = n.parent; a; a = a.parent) {
      if (a.type !== 'if_statement') continue
      const clauses = [a, ...a.descendantsOfType('elseif_clause').filter((c) => c.parent?.parent?.id === a.id)]
      for (const clause of clauses) {
        const cond = clause.childForFieldName('condition')
        if (cond && cond.startIndex < n.startIndex) out.push(cond.text)
      }
    }
    return out
  }

  /** Change commands not behind a Get- comparison, or without -WhatIf:$WhatIf. */
  function unguardedChanges(src: string): string[] {
    const root = parse(src)
    const derived = derivedVariables(root)
    return of(root, 'command')
      .filter((n) => CHANGE.test(n.child(0)?.text ?? ''))
      .filter((c) => {
        const guarded = guardConditions(c).some((cond) => [...cond.matchAll(/\$(\w+)/g)].some((m) => derived.has(m[1]!.toLowerCase())) || /Get-Cs\w+/i.test(cond))
        return !guarded || !c.text.includes('-WhatIf:$WhatIf')
      })
      .map((c) => c.text)
  }

  it.each(scripts)('%s', (_name, f) => {
    expect(unguardedChanges(f.content)).toEqual([])
    if (f.fileName === 'xmpp-config.ps1') expect(of(parse(f.content), 'command').some((n) => CHANGE.test(n.child(0)?.text ?? ''))).toBe(true)
  })

  it('catches a change that is not behind a Get- comparison', () => {
    const src = "param([switch]$WhatIf)\n$x = 1\nif ($x) { Set-CsXmppAllowedPartner -Identity 'a.com' -WhatIf:$WhatIf }\n$current = Get-CsXmppAllowedPartner\nif ($null -eq $current) { New-CsXmppAllowedPartner -Identity 'a.com' }\n"
    expect(unguardedChanges(src)).toEqual(["Set-CsXmppAllowedPartner -Identity 'a.com' -WhatIf:$WhatIf", "New-CsXmppAllowedPartner -Identity 'a.com'"])
  })
})

import { describe, expect, it } from 'vitest'
import { highlight, type Token } from '../../../renderer/src/components/highlight'

const kinds = (tokens: Token[], kind: Token['kind']) => tokens.filter((t) => t.kind === kind).map((t) => t.text)

describe('PowerShell highlighting', () => {
  const src = [
    '#Requires -Version 3',
    '<# block',
    'comment #>',
    'param([switch]$WhatIf)',
    "$name = 'x''; Remove-Item C:\\ -Recurse; '",
    'if ($null -eq $current) { New-CsXmppAllowedPartner -Identity "a`"b $x" -WhatIf:$WhatIf }',
    'ConvertTo-XgwState -InputObject $_ -Depth 3',
  ].join('\r\n')
  const tokens = highlight(src, 'powershell')

  it('keeps every character, in order', () => {
    expect(tokens.map((t) => t.text).join('')).toBe(src.replace(/\r\n/g, '\n'))
  })
  it('finds comments, strings, variables, constants, cmdlets, parameters, operators and keywords', () => {
    expect(kinds(tokens, 'comment')[0]).toBe('#Requires -Version 3')
    expect(kinds(tokens, 'comment').some((c) => c.startsWith('<# block\ncomment #>'))).toBe(true)
    // An injection attempt stays one single-quoted string token.
    expect(kinds(tokens, 'string')).toContain("'x''; Remove-Item C:\\ -Recurse; '")
    expect(kinds(tokens, 'string')).toContain('"a`"b $x"')
    expect(kinds(tokens, 'variable')).toEqual(expect.arrayContaining(['$WhatIf', '$name', '$current', '$_']))
    expect(kinds(tokens, 'constant')).toEqual(['$null'])
    expect(kinds(tokens, 'cmdlet')).toEqual(['New-CsXmppAllowedPartner', 'ConvertTo-XgwState'])
    expect(kinds(tokens, 'param')).toEqual(expect.arrayContaining(['-Identity', '-WhatIf', '-InputObject', '-Depth']))
    expect(kinds(tokens, 'operator')).toEqual(['-eq'])
    expect(kinds(tokens, 'keyword')).toEqual(expect.arrayContaining(['param', 'if']))
    expect(kinds(tokens, 'cmdlet')).not.toContain('Remove-Item')
  })
})

describe('Markdown, HTML and text highlighting', () => {
  it('marks headings, fenced code, inline code and bold', () => {
    const t = highlight('# Runbook\n\nRun **now** with `-WhatIf`.\n```powershell\nGet-CsSite\n```\n', 'markdown')
    expect(kinds(t, 'heading')).toEqual(['# Runbook\n'])
    expect(kinds(t, 'strong')).toEqual(['**now**'])
    expect(kinds(t, 'code').join('')).toContain('`-WhatIf`')
    expect(kinds(t, 'code').join('')).toContain('Get-CsSite')
  })
  it('marks zone-file comments and the CSV header', () => {
    const z = highlight('; header\n_xmpp-server._tcp.contoso.com. 3600 IN SRV 10 0 5269 sip.contoso.com.  ; main\n', 'text')
    expect(kinds(z, 'comment')).toEqual(['; header\n', ' ; main\n'])
    expect(kinds(highlight('Owner,Type\na,SRV', 'csv'), 'heading')).toEqual(['Owner,Type\n'])
    expect(kinds(highlight('<h1>x</h1><!-- c -->', 'html'), 'tag')).toEqual(['<h1>', '</h1>'])
  })
})

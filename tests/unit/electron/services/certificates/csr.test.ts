/**
 * CSR generation: native async keygen with progress, subject and SANs from the project rule
 * (shared/domain/rules/sans.ts), openssl verifies the request; the Request-CsCertificate line
 * with PowerShell quoting; the Certificate Wizard values.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { emptyProjectData } from '../../../../../shared/domain/model/project'
import { requiredSans } from '../../../../../shared/domain/rules/sans'
import { AppError, ErrorCode } from '../../../../../shared/errors'
import { assembleSans, createCsr } from '../../../../../electron/services/certificates/csr'
import { CsrInput } from '../../../../../shared/contract/certificates'
import { psQuote } from '../../../../../shared/export/ps-quote'
import { requestLine } from '../../../../../shared/export/request-cs-certificate'
import { createPrimitives } from '../../../../../electron/services/certificates/primitives'
import { openssl } from '../../../../helpers/openssl'

const dir = mkdtempSync(path.join(tmpdir(), 'xgw-csr-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function project() {
  const p = emptyProjectData()
  p.inventory.accessEdgeFqdn = 'Sip.Contoso.com'
  p.inventory.webConfEdgeFqdn = 'webconf.contoso.com'
  p.inventory.sipDomains = ['contoso.com', 'fabrikam.com']
  p.inventory.xmppDomains = ['contoso.com']
  return p
}

describe('CSR', () => {
  it.each([false, true])('RSA 2048 request from the project, verified by openssl (fallback %s)', async (fallback) => {
    const prj = project()
    const events: string[] = []
    const r = await createCsr(
      createPrimitives({ forceFallback: fallback }),
      CsrInput.parse({
        accessEdgeFqdn: prj.inventory.accessEdgeFqdn,
        sans: requiredSans(prj).map((s) => s.name),
        extraSans: ['XMPP.contoso.com', 'contoso.com'],
        organization: 'Contoso Bäckerei GmbH',
        organizationalUnit: 'IT',
        country: 'de',
        state: 'Bayern',
        city: 'München',
        friendlyName: "Edge ext 'Q'",
        sipDomains: prj.inventory.sipDomains,
      }),
      (e) => events.push(e.phase),
    )
    expect(events[0]).toBe('generating-key')
    expect(events.slice(-2)).toEqual(['building-request', 'done'])
    expect(r.sans).toEqual(['sip.contoso.com', 'webconf.contoso.com', 'sip.fabrikam.com', 'contoso.com', 'xmpp.contoso.com'])
    expect(r.subject).toBe('CN=sip.contoso.com,OU=IT,O=Contoso Bäckerei GmbH,L=München,ST=Bayern,C=DE')
    writeFileSync(path.join(dir, 'r.csr'), r.csrPem)
    const text = openssl(dir, ['req', '-in', 'r.csr', '-verify', '-noout', '-text', '-nameopt', 'RFC2253,-esc_msb,utf8']).toString('utf8')
    expect(text).toContain('Public-Key: (2048 bit)')
    expect(text).toContain('DNS:sip.contoso.com, DNS:webconf.contoso.com, DNS:sip.fabrikam.com, DNS:contoso.com, DNS:xmpp.contoso.com')
    expect(text).toContain('TLS Web Server Authentication')
    expect(text).toContain('Subject: CN=sip.contoso.com,OU=IT,O=Contoso Bäckerei GmbH,L=München,ST=Bayern,C=DE')
    expect(r.requestCsCertificate).toBe(
      "Request-CsCertificate -New -Type AccessEdgeExternal,DataEdgeExternal,AudioVideoAuthentication -Output 'C:\\cert_external_edge.req' " +
        "-DomainName 'sip.contoso.com,webconf.contoso.com,sip.fabrikam.com,contoso.com,xmpp.contoso.com' -FriendlyName 'Edge ext ''Q''' -KeySize 2048 " +
        "-PrivateKeyExportable $true -Organization 'Contoso Bäckerei GmbH' -OU 'IT' -Country 'DE' -State 'Bayern' -City 'München'",
    )
    const pages = new Set(r.wizardFields.map((f) => f.page))
    for (const page of ['Name and Security Settings', 'Organization Information', 'Geographical Information', 'SIP Domain Setting on Subject Alternate Names (SANs)', 'Configure Additional Subject Alternate Names']) {
      expect(pages.has(page), page).toBe(true)
    }
    expect(r.wizardFields.filter((f) => f.page === 'Configure Additional Subject Alternate Names').map((f) => f.value)).toEqual(['webconf.contoso.com', 'contoso.com', 'xmpp.contoso.com'])
    expect(r.wizardFields.find((f) => f.field === 'Bit length')!.value).toBe('2048')
    const k = openssl(dir, ['pkey', '-inform', 'DER', '-noout', '-text'], r.keyPkcs8).toString()
    expect(k).toContain('2048 bit')
  })

  it('1024 and 4096 bits', async () => {
    for (const keySize of [1024, 4096] as const) {
      const r = await createCsr(createPrimitives(), CsrInput.parse({ accessEdgeFqdn: 'sip.contoso.com', keySize }))
      writeFileSync(path.join(dir, `k${keySize}.csr`), r.csrPem)
      expect(openssl(dir, ['req', '-in', `k${keySize}.csr`, '-noout', '-text']).toString()).toContain(`Public-Key: (${keySize} bit)`)
    }
  })

  it('no IPs, wildcard only with the override, de-duplicated case-insensitively', () => {
    const v = (fn: () => unknown) => {
      try {
        fn()
        return 'ok'
      } catch (e) {
        return (e as AppError).code
      }
    }
    expect(v(() => assembleSans('sip.contoso.com', ['192.0.2.1']))).toBe(ErrorCode.Validation)
    expect(v(() => assembleSans('sip.contoso.com', ['2001:db8::1']))).toBe(ErrorCode.Validation)
    expect(v(() => assembleSans('sip.contoso.com', ['*.contoso.com']))).toBe(ErrorCode.Validation)
    expect(assembleSans('sip.contoso.com', ['*.contoso.com'], [], true)).toEqual(['sip.contoso.com', '*.contoso.com'])
    expect(assembleSans('SIP.contoso.com.', ['sip.CONTOSO.com', 'contoso.com'], ['Contoso.com'])).toEqual(['sip.contoso.com', 'contoso.com'])
  })

  it('PowerShell single quotes double every quote character PowerShell honours', () => {
    expect(psQuote("O'Brien")).toBe("'O''Brien'")
    expect(psQuote('a\u2018b\u2019c\u201ad\u201be')).toBe("'a\u2018\u2018b\u2019\u2019c\u201a\u201ad\u201b\u201be'")
    expect(psQuote('$(Remove-Item C:\\)')).toBe("'$(Remove-Item C:\\)'")
    expect(requestLine(CsrInput.parse({ accessEdgeFqdn: 'x', exportable: false, keySize: 4096 }), ['a.b'])).toContain('-KeySize 4096 -PrivateKeyExportable $false')
  })
})

import { describe, expect, it } from 'vitest'
import { assembleSans, createCsr } from '../../../../electron/services/certificates/csr'
import { createPrimitives } from '../../../../electron/services/certificates/primitives'
import { ProjectData } from '../../../../shared/domain/model/project'
import { csrRequestFromProject, csrSans, requestSanList, validateCertificates, wizardFieldValues } from '../../../../shared/domain/rules/certificates'
import { requiredSans } from '../../../../shared/domain/rules/sans'
import { requestLine } from '../../../../shared/export/request-cs-certificate'

function project(over: { request?: Record<string, unknown>; path?: string; edgeMembers?: string[] } = {}) {
  return ProjectData.parse({
    inventory: {
      sipDomains: ['contoso.com', 'Fabrikam.com'],
      xmppDomains: ['contoso.com'],
      accessEdgeFqdn: 'SIP.contoso.com',
      webConfEdgeFqdn: 'webconf.contoso.com',
      edgeMembers: over.edgeMembers ?? ['edge01.contoso.local'],
    },
    certificates: {
      path: over.path ?? 'request-on-edge',
      request: { friendlyName: 'Edge external', organization: "O'Brien & Co", country: 'us', state: 'Washington', city: 'Redmond', extraSans: ['Extra.contoso.com', 'contoso.com'], ...over.request },
    },
  })
}

describe('Certificate Wizard values and Request-CsCertificate line', () => {
  for (const templateName of ['', 'WebServerExportable']) {
    it(`match what csr.ts writes for the createCsr route (template "${templateName}")`, async () => {
      const p = project({ request: { templateName } })
      const r = csrRequestFromProject(p)
      const sans = assembleSans(r.accessEdgeFqdn, r.sans, r.extraSans, r.allowWildcard)
      expect(csrSans(r)).toEqual(sans)
      expect(requestSanList(p)).toEqual(sans)
      const csr = await createCsr(createPrimitives(), r)
      expect(csr.sans).toEqual(sans)
      expect(wizardFieldValues(r)).toEqual(csr.wizardFields)
      expect(requestLine(r)).toBe(csr.requestCsCertificate)
    })
  }
  it('lists the XMPP domain and extras on "Configure Additional Subject Alternate Names"', () => {
    const extra = wizardFieldValues(csrRequestFromProject(project()))
      .filter((f) => f.page === 'Configure Additional Subject Alternate Names')
      .map((f) => f.value)
    expect(extra).toEqual(['webconf.contoso.com', 'contoso.com', 'extra.contoso.com'])
  })
})

describe('request field rules', () => {
  const codes = (p: ProjectData) => validateCertificates(p).map((f) => `${f.severity}:${f.code}`)
  it('do not apply when no request path is chosen', () => {
    expect(codes(project({ path: '', request: { friendlyName: '', country: 'XX' } }))).toEqual([])
    expect(codes(project({ path: 'import-pfx', request: { friendlyName: '' } }))).toEqual([])
  })
  it('a valid request has no finding', () => {
    expect(codes(project())).toEqual([])
  })
  it('friendly name required, 1024 warns, country ISO, abbreviations warn, exportable forced for pools', () => {
    const p = project({ request: { friendlyName: ' ', bitLength: 1024, country: 'XX', state: 'WA', city: 'NYC', exportable: false }, edgeMembers: ['e1.contoso.local', 'e2.contoso.local'] })
    expect(codes(p)).toEqual(['error:cert.friendly-name.required', 'warning:cert.bit-length.small', 'error:cert.exportable.pool', 'error:cert.country.invalid', 'warning:cert.state.abbreviated', 'warning:cert.city.abbreviated'])
    expect(validateCertificates(p).find((f) => f.code === 'cert.bit-length.small')?.message).toMatch(/^2048 and greater are recommended/)
    expect(csrRequestFromProject(p).exportable).toBe(true)
  })
  it('extra SANs: no IP addresses, wildcards only with the override', () => {
    expect(codes(project({ request: { extraSans: ['131.107.1.1', '*.contoso.com'] } }))).toEqual(['error:cert.san.ip', 'error:cert.san.invalid'])
    expect(codes(project({ request: { extraSans: ['*.contoso.com'], allowWildcard: true } }))).toEqual([])
  })
})

describe('required SANs', () => {
  it('the XMPP host name is built from the trimmed label, as the DNS records are', () => {
    const p = ProjectData.parse({})
    p.inventory.accessEdgeFqdn = 'sip.contoso.com'
    p.inventory.xmppDomains = ['contoso.com']
    p.dns.targetMode = 'xmpp-host'
    p.dns.xmppHostLabel = ' XMPP '
    expect(requiredSans(p).map((s) => s.name)).toEqual(['sip.contoso.com', 'contoso.com', 'xmpp.contoso.com'])
  })
})

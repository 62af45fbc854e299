import { describe, expect, it } from 'vitest'
import { buildExportBundle } from '../../../../shared/export/export-bundle'
import { validateInventory } from '../../../../shared/domain/rules/foundation-steps'
import { smallProject } from '../../../helpers/sample-projects'

const opts = { generatedAt: '2026-11-25T00:00:00.000Z', appVersion: 't' }

describe('what blocks export', () => {
  it('a valid project exports', () => {
    expect(buildExportBundle(smallProject(), opts).blocking).toEqual([])
  })

  it('an unchosen scenario or a private Access Edge address blocks export, once, with the inventory verdict', () => {
    const p = smallProject()
    p.scenario.scenario = ''
    p.scenario.legacyVersion = ''
    p.inventory.accessEdgePublicIpv4 = '10.1.2.3'
    const codes = buildExportBundle(p, opts).blocking.map((f) => f.code)
    expect(codes).toEqual(expect.arrayContaining(['scenario.required', 'scenario.legacy-version.required', 'ip.private']))
    // The DNS step's own view of the same address does not count twice.
    expect(codes).not.toContain('dns.address.private')
  })

  it('a failover pool must come after the main pool, whatever priority the main pool has', () => {
    const p = smallProject()
    p.dns.priority = 30
    p.inventory.failoverPools = [{ poolFqdn: 'edge2.contoso.local', accessEdgeFqdn: 'sip2.contoso.com', publicIpv4: '131.107.155.11', priority: 20 }]
    expect(
      validateInventory(p)
        .filter((f) => f.severity === 'error')
        .map((f) => f.code),
    ).toContain('srv.priority.distinct')
    p.inventory.failoverPools[0]!.priority = 40
    expect(
      validateInventory(p)
        .filter((f) => f.severity === 'error')
        .map((f) => f.code),
    ).not.toContain('srv.priority.distinct')
  })
})

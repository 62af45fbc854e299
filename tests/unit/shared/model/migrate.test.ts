import { describe, expect, it } from 'vitest'
import { isSingleShapePolicy, migrateProjectData } from '../../../../shared/domain/model/migrate'
import { ProjectData } from '../../../../shared/domain/model/project'

describe('migrateProjectData (schema 2 → 3: several External Access Policies)', () => {
  const single = {
    scope: 'user',
    name: 'XmppUsers',
    site: '',
    description: 'd',
    enableFederationAccess: true,
    enableXmppAccess: true,
    enableOutsideAccess: 'keep',
    enablePublicCloudAccess: 'true',
    updateExisting: false,
    assignTo: { users: ['sip:a@contoso.com'], ou: '', ldapFilter: '' },
  }

  it('wraps the single policy into a one-item list, keeping every field, without mutating the input', () => {
    const raw = { inventory: { sipDomains: ['contoso.com'] }, policy: single }
    const copy = JSON.parse(JSON.stringify(raw))
    const out = migrateProjectData(raw) as { policy: unknown; inventory: unknown }
    expect(out.policy).toEqual({ policies: [single] })
    expect(out.inventory).toBe(raw.inventory)
    expect(raw).toEqual(copy)
    expect(ProjectData.parse(out).policy.policies).toEqual([single])
  })

  it('leaves current data, data without a policy and non-objects as they are', () => {
    const current = { policy: { policies: [single] } }
    expect(migrateProjectData(current)).toBe(current)
    const none = { inventory: {} }
    expect(migrateProjectData(none)).toBe(none)
    for (const v of [null, undefined, 3, 'x', [single]]) expect(migrateProjectData(v)).toBe(v)
    // An empty policy meant "all defaults" in schema 2 and means the same in schema 3.
    expect(isSingleShapePolicy({})).toBe(false)
    expect(ProjectData.parse(migrateProjectData({ policy: {} })).policy.policies).toEqual([expect.objectContaining({ scope: 'user', name: 'XmppFederatedUsers' })])
  })

  it('is idempotent', () => {
    const once = migrateProjectData({ policy: single })
    expect(migrateProjectData(once)).toBe(once)
  })

  it('is needed: the current schema refuses the old shape instead of resetting it to the default', () => {
    expect(ProjectData.safeParse({ policy: single }).success).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { policyIdentity, policyNameProblem, policyPrecedenceText, validatePolicy } from '../../../../shared/domain/rules/policy'
import { smallProject } from '../../../helpers/sample-projects'

const codes = (mutate: (p: ReturnType<typeof smallProject>) => void, opts = {}) => {
  const p = smallProject()
  mutate(p)
  return validatePolicy(p, opts).map((f) => `${f.field} ${f.code}`)
}

describe('External Access Policy rules (spec §1.1, §2.2, §2.8, §5 step 3)', () => {
  it('accepts the sample policy', () => {
    expect(validatePolicy(smallProject())).toEqual([])
  })
  it.each([
    ['', 'Enter a name'], ['global', 'reserved'], ['GLOBAL', 'reserved'], ['tag:Sales', 'bare name'], ['site:Redmond', 'bare name'],
    ['-Sales', 'letters'], ['Sales Team', 'letters'], ['a'.repeat(65), 'letters'], ['Sales*', 'Wildcards'],
  ])('rejects the user policy name %j', (name, text) => {
    expect(policyNameProblem(name)).toContain(text)
    expect(codes((p) => { p.policy.name = name })).toContain('policy.name policy.name.invalid')
  })
  it.each(['XmppFederatedUsers', 'a', 'Sales_EU-2', 'a'.repeat(64)])('accepts the name %j', (name) => {
    expect(policyNameProblem(name)).toBeNull()
  })
  it('says when the user policy exists unless updating it', () => {
    expect(codes(() => {}, { existingUserPolicies: ['xmppfederatedusers'] })).toContain('policy.name policy.name.exists')
    expect(codes((p) => { p.policy.updateExisting = true }, { existingUserPolicies: ['XmppFederatedUsers'] })).not.toContain('policy.name policy.name.exists')
  })
  it('needs a bare site name for site scope', () => {
    expect(codes((p) => { p.policy.scope = 'site'; p.policy.site = '' })).toContain('policy.site policy.site.invalid')
    expect(codes((p) => { p.policy.scope = 'site'; p.policy.site = 'site:Redmond' })).toContain('policy.site policy.site.invalid')
    expect(codes((p) => { p.policy.scope = 'site'; p.policy.site = 'Paris' })).toContain('policy.site policy.site.unknown')
    expect(codes((p) => { p.policy.scope = 'site'; p.policy.site = 'Redmond' })).toEqual(['policy.site policy.site.one-per-site'])
  })
  it('needs at least one assignment target for user scope, none for site/global', () => {
    expect(codes((p) => { p.policy.assignTo.users = [] })).toContain('policy.assignTo policy.assign.empty')
    expect(codes((p) => { p.policy.assignTo.users = []; p.policy.assignTo.ou = 'ou=Sales,dc=contoso,dc=com' })).not.toContain('policy.assignTo policy.assign.empty')
    expect(codes((p) => { p.policy.scope = 'global'; p.policy.assignTo.users = [] })).toEqual(['policy.scope policy.scope.global'])
  })
  it('checks assignment targets', () => {
    expect(codes((p) => { p.policy.assignTo.users = ['* Smith'] })).toContain('policy.assignTo.users.0 policy.assign.wildcard')
    expect(codes((p) => { p.policy.assignTo.users = ['sip:alice'] })).toContain('policy.assignTo.users.0 policy.assign.sip')
    expect(codes((p) => { p.policy.assignTo.users = ['a@b.com', 'A@b.com'] })).toContain('policy.assignTo.users.1 policy.assign.duplicate')
    expect(codes((p) => { p.policy.assignTo.ou = 'Sales' })).toContain('policy.assignTo.ou policy.assign.ou')
    expect(codes((p) => { p.policy.assignTo.ldapFilter = 'nonsense' })).toContain('policy.assignTo.ldapFilter policy.assign.ldap')
  })
  it('caps the description at 256 [INFERENCE]', () => {
    expect(codes((p) => { p.policy.description = 'x'.repeat(256) })).toEqual([])
    expect(codes((p) => { p.policy.description = 'x'.repeat(257) })).toContain('policy.description policy.description.too-long')
  })
  it('requires XMPP access and warns when federation is off', () => {
    expect(validatePolicy({ ...smallProject(), policy: { ...smallProject().policy, enableXmppAccess: false } })).toContainEqual(expect.objectContaining({ code: 'policy.xmpp.required', severity: 'error' }))
    expect(validatePolicy({ ...smallProject(), policy: { ...smallProject().policy, enableFederationAccess: false } })).toContainEqual(expect.objectContaining({ code: 'policy.federation.off', severity: 'warning' }))
  })
  it('builds the cmdlet identity per scope and explains precedence', () => {
    const pol = smallProject().policy
    expect(policyIdentity(pol)).toBe('XmppFederatedUsers')
    expect(policyIdentity({ ...pol, scope: 'site', site: 'Redmond' })).toBe('site:Redmond')
    expect(policyIdentity({ ...pol, scope: 'global' })).toBe('global')
    for (const s of ['user', 'site', 'global'] as const) expect(policyPrecedenceText(s)).toContain('User policy (most influence) overrides a Site policy')
  })
})

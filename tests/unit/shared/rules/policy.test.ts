import { describe, expect, it } from 'vitest'
import { defaultExternalAccessPolicy, type ExternalAccessPolicy } from '../../../../shared/domain/model/policy'
import { emptyProjectData } from '../../../../shared/domain/model/project'
import { policyIdentity, policyNameProblem, policyPrecedenceText, validatePolicy } from '../../../../shared/domain/rules/policy'
import { largeProject, smallProject } from '../../../helpers/sample-projects'

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
    ['', 'Enter a name'],
    ['global', 'reserved'],
    ['GLOBAL', 'reserved'],
    ['tag:Sales', 'bare name'],
    ['site:Redmond', 'bare name'],
    ['-Sales', 'letters'],
    ['Sales Team', 'letters'],
    ['a'.repeat(65), 'letters'],
    ['Sales*', 'Wildcards'],
  ])('rejects the user policy name %j', (name, text) => {
    expect(policyNameProblem(name)).toContain(text)
    expect(
      codes((p) => {
        p.policy.policies[0]!.name = name
      }),
    ).toContain('policy.policies.0.name policy.name.invalid')
  })
  it.each(['XmppFederatedUsers', 'a', 'Sales_EU-2', 'a'.repeat(64)])('accepts the name %j', (name) => {
    expect(policyNameProblem(name)).toBeNull()
  })
  it('says when the user policy exists unless updating it', () => {
    expect(codes(() => {}, { existingUserPolicies: ['xmppfederatedusers'] })).toContain('policy.policies.0.name policy.name.exists')
    expect(
      codes(
        (p) => {
          p.policy.policies[0]!.updateExisting = true
        },
        { existingUserPolicies: ['XmppFederatedUsers'] },
      ),
    ).not.toContain('policy.policies.0.name policy.name.exists')
  })
  it('needs a bare site name for site scope', () => {
    expect(
      codes((p) => {
        p.policy.policies[0]!.scope = 'site'
        p.policy.policies[0]!.site = ''
      }),
    ).toContain('policy.policies.0.site policy.site.invalid')
    expect(
      codes((p) => {
        p.policy.policies[0]!.scope = 'site'
        p.policy.policies[0]!.site = 'site:Redmond'
      }),
    ).toContain('policy.policies.0.site policy.site.invalid')
    expect(
      codes((p) => {
        p.policy.policies[0]!.scope = 'site'
        p.policy.policies[0]!.site = 'Paris'
      }),
    ).toContain('policy.policies.0.site policy.site.unknown')
    expect(
      codes((p) => {
        p.policy.policies[0]!.scope = 'site'
        p.policy.policies[0]!.site = 'Redmond'
      }),
    ).toEqual(['policy.policies.0.site policy.site.one-per-site'])
  })
  it('needs at least one assignment target for user scope, none for site/global', () => {
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.users = []
      }),
    ).toContain('policy.policies.0.assignTo policy.assign.empty')
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.users = []
        p.policy.policies[0]!.assignTo.ou = 'ou=Sales,dc=contoso,dc=com'
      }),
    ).not.toContain('policy.policies.0.assignTo policy.assign.empty')
    expect(
      codes((p) => {
        p.policy.policies[0]!.scope = 'global'
        p.policy.policies[0]!.assignTo.users = []
      }),
    ).toEqual(['policy.policies.0.scope policy.scope.global'])
  })
  it('checks assignment targets', () => {
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.users = ['* Smith']
      }),
    ).toContain('policy.policies.0.assignTo.users.0 policy.assign.wildcard')
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.users = ['sip:alice']
      }),
    ).toContain('policy.policies.0.assignTo.users.0 policy.assign.sip')
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.users = ['a@b.com', 'A@b.com']
      }),
    ).toContain('policy.policies.0.assignTo.users.1 policy.assign.duplicate')
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.ou = 'Sales'
      }),
    ).toContain('policy.policies.0.assignTo.ou policy.assign.ou')
    expect(
      codes((p) => {
        p.policy.policies[0]!.assignTo.ldapFilter = 'nonsense'
      }),
    ).toContain('policy.policies.0.assignTo.ldapFilter policy.assign.ldap')
  })
  it('caps the description at 256 [INFERENCE]', () => {
    expect(
      codes((p) => {
        p.policy.policies[0]!.description = 'x'.repeat(256)
      }),
    ).toEqual([])
    expect(
      codes((p) => {
        p.policy.policies[0]!.description = 'x'.repeat(257)
      }),
    ).toContain('policy.policies.0.description policy.description.too-long')
  })
  it('requires XMPP access and warns when federation is off', () => {
    expect(validatePolicy({ ...smallProject(), policy: { policies: [{ ...smallProject().policy.policies[0]!, enableXmppAccess: false }] } })).toContainEqual(
      expect.objectContaining({ field: 'policy.policies.0.enableXmppAccess', code: 'policy.xmpp.required', severity: 'error' }),
    )
    expect(validatePolicy({ ...smallProject(), policy: { policies: [{ ...smallProject().policy.policies[0]!, enableFederationAccess: false }] } })).toContainEqual(
      expect.objectContaining({ field: 'policy.policies.0.enableFederationAccess', code: 'policy.federation.off', severity: 'warning' }),
    )
  })
  it('builds the cmdlet identity per scope and explains precedence', () => {
    const pol = smallProject().policy.policies[0]!
    expect(policyIdentity(pol)).toBe('XmppFederatedUsers')
    expect(policyIdentity({ ...pol, scope: 'site', site: 'Redmond' })).toBe('site:Redmond')
    expect(policyIdentity({ ...pol, scope: 'global' })).toBe('global')
    for (const s of ['user', 'site', 'global'] as const) expect(policyPrecedenceText(s)).toContain('User policy (most influence) overrides a Site policy')
  })

  it('checks each policy with its own field paths', () => {
    expect(
      codes((p) => {
        p.policy.policies.push({ ...defaultExternalAccessPolicy(), name: 'Sales', assignTo: { users: [], ou: 'Sales', ldapFilter: '' } })
      }),
    ).toEqual(['policy.policies.1.assignTo.ou policy.assign.ou'])
  })
})

describe('several External Access Policies in one project', () => {
  const withPolicies = (...policies: Array<Partial<ExternalAccessPolicy>>) => {
    const p = smallProject()
    p.policy.policies = policies.map((x) => ({ ...defaultExternalAccessPolicy(), assignTo: { users: ['sip:alice@contoso.com'], ou: '', ldapFilter: '' }, ...x }))
    return validatePolicy(p)
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.field} ${f.code}`)
  }

  it('starts a new project with one user policy XmppFederatedUsers, as before', () => {
    expect(emptyProjectData().policy.policies).toEqual([defaultExternalAccessPolicy()])
    expect(defaultExternalAccessPolicy()).toMatchObject({
      scope: 'user',
      name: 'XmppFederatedUsers',
      enableFederationAccess: true,
      enableXmppAccess: true,
      enableOutsideAccess: 'keep',
      enablePublicCloudAccess: 'keep',
      updateExisting: false,
    })
  })
  it('accepts a site policy and a user policy together (the large sample)', () => {
    expect(validatePolicy(largeProject()).filter((f) => f.severity !== 'notice')).toEqual([])
  })
  it('needs at least one policy', () => {
    expect(withPolicies()).toEqual(['policy.policies policy.none'])
  })
  it('allows one global policy', () => {
    expect(withPolicies({ scope: 'global' }, { scope: 'user' }, { scope: 'global' })).toEqual(['policy.policies.2.scope policy.scope.global-twice'])
  })
  it('allows one policy per site, whatever the case', () => {
    expect(withPolicies({ scope: 'site', site: 'Redmond' }, { scope: 'site', site: 'Dublin' }, { scope: 'site', site: 'redmond ' })).toEqual(['policy.policies.2.site policy.site.duplicate'])
  })
  it('keeps user-policy names unique, not case-sensitive', () => {
    expect(withPolicies({ name: 'XmppUsers' }, { name: 'xmppusers', assignTo: { users: ['sip:bob@contoso.com'], ou: '', ldapFilter: '' } })).toEqual(['policy.policies.1.name policy.name.duplicate'])
    // A site named like a user policy is another identity (site:X against X).
    expect(withPolicies({ name: 'Redmond' }, { scope: 'site', site: 'Redmond' })).toEqual([])
  })
  it('lists a user in one user policy only: a user holds one user policy', () => {
    expect(withPolicies({ name: 'A' }, { name: 'B', assignTo: { users: ['sip:bob@contoso.com', 'SIP:Alice@contoso.com'], ou: '', ldapFilter: '' } })).toEqual(['policy.policies.1.assignTo.users.1 policy.assign.conflict'])
  })
  it('reads assignTo only for user scope', () => {
    expect(withPolicies({ scope: 'site', site: 'Redmond', assignTo: { users: ['* nonsense'], ou: 'x', ldapFilter: 'y' } }, { name: 'A' })).toEqual([])
  })
})

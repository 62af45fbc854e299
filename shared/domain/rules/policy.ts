import type { ProjectData } from '../model/project'
import type { ExternalAccessPolicy, PolicyScope } from '../model/policy'
import { error, notice, warning, type Finding } from './issue'

/** Spec §2.8 [INFERENCE]: the recommended policy name rule. */
export const POLICY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** Spec §5 step 3 [INFERENCE]: Microsoft documents no limit, the wizard caps the description. */
export const POLICY_DESCRIPTION_MAX = 256

/** Control Panel labels of the External Access Policy dialog (spec §1.1, §2.1). */
export const POLICY_LABELS = {
  federation: 'Enable communications with federated users',
  xmpp: 'Enable communications with XMPP federated users',
  remote: 'Enable communications with remote users',
  publicUsers: 'Enable communications with public users',
} as const

/**
 * Precedence of External Access Policies, in the words of S26/C4 (spec §1.1, §2.2), with what it
 * means for the chosen scope.
 */
export function policyPrecedenceText(scope: PolicyScope): string {
  const rule = 'User policy (most influence) overrides a Site policy, and then a Site policy overrides a Global policy (least influence).'
  switch (scope) {
    case 'user':
      return `${rule} A user policy applies only to the users it is granted to: per-user policies are created without being assigned to anyone, so the wizard grants it to the targets you list.`
    case 'site':
      return `${rule} A site policy applies automatically to every user homed in the site who has no user policy; you can have only one external access policy per site.`
    case 'global':
      return `${rule} The global policy applies to every user who has neither a user policy nor a site policy; users with such a policy are not affected by this change.`
  }
}

/**
 * The -Identity the cmdlets take for the policy (spec §2.1, §2.2): 'global', 'site:<Site>', or
 * the bare name for a user policy (stored by the server as tag:<Name>).
 */
export function policyIdentity(policy: Pick<ExternalAccessPolicy, 'scope' | 'name' | 'site'>): string {
  if (policy.scope === 'global') return 'global'
  if (policy.scope === 'site') return `site:${policy.site.trim()}`
  return policy.name.trim()
}

/** Why a user-policy name is unacceptable (spec §2.8), or null. */
export function policyNameProblem(name: string): string | null {
  const n = name.trim()
  if (n.length === 0) return 'Enter a name for the user policy.'
  if (/^(site|tag):/i.test(n)) return 'Enter the bare name: the scope prefix (site: or tag:) is added by the server.'
  if (n.toLowerCase() === 'global') return 'The name "global" is reserved for the global policy: choose the Global scope to edit it.'
  if (n.includes('*') || n.includes('?')) return 'Wildcards are not allowed in a policy identity.'
  if (!POLICY_NAME_PATTERN.test(n)) return 'Use 1 to 64 letters, digits, hyphens and underscores, starting with a letter or digit.'
  return null
}

/** Why a site name is unacceptable (spec §2.8: bare site name, never site:<name>), or null. */
export function siteNameProblem(site: string): string | null {
  const s = site.trim()
  if (s.length === 0) return 'Select the site the policy applies to.'
  if (/^site:/i.test(s)) return 'Enter the bare site name, without the "site:" prefix.'
  if (s.includes('*') || s.includes('?')) return 'Wildcards are not allowed in a policy identity.'
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(s)) return 'A site name holds letters, digits, spaces, dots, hyphens and underscores.'
  return null
}

/** The field path of one policy's field in findings: `policy.policies.<i>.<field>`. */
export function policyField(index: number, field?: string): string {
  return field ? `policy.policies.${index}.${field}` : `policy.policies.${index}`
}

/**
 * Every rule of the External Access Policy step (spec §1.1, §2.2, §2.8, §5 step 3): the rules
 * of each policy, with field paths `policy.policies.<i>.<field>`, and those across policies:
 * at least one, at most one global, one per site ("you can have only one external access policy
 * per site"), user-policy names unique case-insensitively, and a listed user in one user policy
 * only (a user holds one user policy: two would grant back and forth on every run).
 *
 * `existingUserPolicies` (bare names from pasted Get-CsExternalAccessPolicy output) lets the name
 * check say "already exists" unless the admin chose to update it.
 */
export function validatePolicy(p: Pick<ProjectData, 'policy' | 'inventory' | 'scenario'>, opts: { existingUserPolicies?: readonly string[] } = {}): Finding[] {
  const out: Finding[] = []
  const list = p.policy.policies
  if (list.length === 0) {
    out.push(error('policy.policies', 'policy.none', 'Add at least one External Access Policy: without one that enables XMPP, no user can talk to XMPP contacts.'))
  }
  const firstGlobal = list.findIndex((x) => x.scope === 'global')
  const firstSite = new Map<string, number>()
  const firstName = new Map<string, number>()
  const userOf = new Map<string, number>()
  list.forEach((pol, i) => {
    out.push(...validateOne(p, pol, i, opts))
    if (pol.scope === 'global' && i !== firstGlobal) {
      out.push(error(policyField(i, 'scope'), 'policy.scope.global-twice', `The global policy is already policy ${firstGlobal + 1}: there is only one global policy.`))
    }
    if (pol.scope === 'site' && pol.site.trim()) {
      const key = pol.site.trim().toLowerCase()
      const first = firstSite.get(key)
      if (first === undefined) firstSite.set(key, i)
      else out.push(error(policyField(i, 'site'), 'policy.site.duplicate', `Policy ${first + 1} is already the policy of site ${pol.site.trim()}: you can have only one external access policy per site.`))
    }
    if (pol.scope === 'user' && pol.name.trim()) {
      const key = pol.name.trim().toLowerCase()
      const first = firstName.get(key)
      if (first === undefined) firstName.set(key, i)
      else out.push(error(policyField(i, 'name'), 'policy.name.duplicate', `Policy ${first + 1} already has the name "${pol.name.trim()}": user-policy names are unique (not case-sensitive).`))
    }
    if (pol.scope === 'user' && p.scenario.scenario !== 'retire-xmpp') {
      const mine = new Set<string>()
      // Indexed like validateAssignment: over the trimmed, non-empty lines. Compared as typed
      // (not case-sensitive): the script also refuses, at run time, a user two policies reach.
      pol.assignTo.users
        .map((u) => u.trim())
        .filter(Boolean)
        .forEach((u, j) => {
          const key = u.toLowerCase()
          if (mine.has(key)) return
          mine.add(key)
          const other = userOf.get(key)
          if (other === undefined) userOf.set(key, i)
          else out.push(error(policyField(i, `assignTo.users.${j}`), 'policy.assign.conflict', `"${u}" is also listed in policy ${other + 1}: a user holds one user policy, so list each user in one of them.`))
        })
    }
  })
  return out
}

/** The rules of one policy, as the single-policy step had them. */
function validateOne(p: Pick<ProjectData, 'inventory' | 'scenario'>, pol: ExternalAccessPolicy, i: number, opts: { existingUserPolicies?: readonly string[] }): Finding[] {
  const out: Finding[] = []
  const f = (field: string) => policyField(i, field)
  const retiring = p.scenario.scenario === 'retire-xmpp'

  if (pol.scope === 'user') {
    const problem = policyNameProblem(pol.name)
    if (problem) out.push(error(f('name'), 'policy.name.invalid', problem))
    else if (!pol.updateExisting && opts.existingUserPolicies?.some((e) => e.toLowerCase() === pol.name.trim().toLowerCase())) {
      out.push(error(f('name'), 'policy.name.exists', `A user policy named "${pol.name.trim()}" already exists: choose another name or select "update the existing policy".`))
    }
  }

  if (pol.scope === 'site') {
    const problem = siteNameProblem(pol.site)
    if (problem) out.push(error(f('site'), 'policy.site.invalid', problem))
    else {
      const known = p.inventory.sites.map((s) => s.name.trim().toLowerCase()).filter(Boolean)
      if (known.length > 0 && !known.includes(pol.site.trim().toLowerCase())) {
        out.push(warning(f('site'), 'policy.site.unknown', `The site "${pol.site.trim()}" is not among the sites listed in the inventory.`))
      }
      out.push(notice(f('site'), 'policy.site.one-per-site', 'You can have only one external access policy per site: if the site already has one, the script updates it.'))
    }
  }

  if (pol.scope === 'global') {
    out.push(warning(f('scope'), 'policy.scope.global', 'Editing the global policy affects every user without a site or user policy, not only the users meant for XMPP.'))
  }

  if (pol.description.length > POLICY_DESCRIPTION_MAX) {
    out.push(error(f('description'), 'policy.description.too-long', `Keep the description to ${POLICY_DESCRIPTION_MAX} characters: Microsoft documents no limit, so the wizard stays conservative.`))
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(pol.description)) {
    out.push(error(f('description'), 'policy.description.control', 'The description contains control characters; remove them.'))
  }

  if (!pol.enableXmppAccess && !retiring) {
    out.push(error(f('enableXmppAccess'), 'policy.xmpp.required', `"${POLICY_LABELS.xmpp}" must be selected: it is what lets the users talk to XMPP contacts.`))
  }
  if (!pol.enableFederationAccess && !retiring) {
    out.push(
      warning(f('enableFederationAccess'), 'policy.federation.off', `"${POLICY_LABELS.federation}" is cleared. Microsoft's procedure selects it together with the XMPP check box; Microsoft does not say whether XMPP works without it.`),
    )
  }

  if (pol.scope === 'user' && !retiring) out.push(...validateAssignment(pol, i))
  return out
}

function validateAssignment(pol: ExternalAccessPolicy, i: number): Finding[] {
  const out: Finding[] = []
  const users = pol.assignTo.users.map((u) => u.trim()).filter(Boolean)
  const ou = pol.assignTo.ou.trim()
  const ldap = pol.assignTo.ldapFilter.trim()
  if (users.length === 0 && !ou && !ldap) {
    out.push(error(policyField(i, 'assignTo'), 'policy.assign.empty', 'A user policy is not assigned to anyone when it is created: name at least one user, an OU or an LDAP filter to grant it to.'))
  }
  const seen = new Set<string>()
  users.forEach((u, j) => {
    const field = policyField(i, `assignTo.users.${j}`)
    if (u.includes('*')) {
      out.push(error(field, 'policy.assign.wildcard', 'Wildcards are not used for assignment here: use an OU or an LDAP filter for groups of users (the Grant-CsExternalAccessPolicy help text allows "*", its parameter table does not).'))
    }
    if (seen.has(u.toLowerCase())) out.push(warning(field, 'policy.assign.duplicate', `"${u}" is listed twice.`))
    seen.add(u.toLowerCase())
    if (/^sip:/i.test(u) && !/^sip:[^@\s]+@[^@\s]+\.[^@\s]+$/i.test(u)) {
      out.push(error(field, 'policy.assign.sip', `"${u}" is not a valid SIP address (sip:user@domain).`))
    }
  })
  if (ou && !/^(ou|cn|dc)=/i.test(ou)) {
    out.push(error(policyField(i, 'assignTo.ou'), 'policy.assign.ou', 'Enter the OU as a distinguished name, e.g. ou=US,dc=contoso,dc=com.'))
  }
  if (ldap && !/^\(.*\)$/.test(ldap) && !/^[A-Za-z][\w-]*=/.test(ldap)) {
    out.push(error(policyField(i, 'assignTo.ldapFilter'), 'policy.assign.ldap', 'Enter an LDAP filter such as l=Redmond or (department=Sales).'))
  }
  return out
}

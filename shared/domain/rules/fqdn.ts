/**
 * Host-name rules shared by every step (RFC 1035 / RFC 1123 labels, spec §2.8: "Use only
 * standard characters (including A–Z, a–z, 0–9, and hyphens) … Do not use Unicode characters
 * or underscores").
 */

/**
 * WHATWG URL, present in Node and in every browser; shared/ is compiled without either's types,
 * so it is reached through globalThis with the one member these rules use.
 */
const WhatwgUrl = (globalThis as unknown as { URL: new (input: string) => { hostname: string } }).URL

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/** Why a name is not an acceptable FQDN, or null when it is. The name must already be normalised. */
export function fqdnProblem(name: string, opts: { allowWildcard?: boolean; minLabels?: number } = {}): string | null {
  if (name.length === 0) return 'Enter a fully qualified domain name.'
  if (name.length > 253) return 'A domain name is at most 253 characters long.'
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':')) return 'Enter a domain name, not an IP address.'
  const labels = name.split('.')
  if (labels.length < (opts.minLabels ?? 2)) return 'Enter a fully qualified name with at least one dot, such as contoso.com.'
  for (const [i, label] of labels.entries()) {
    if (label === '*' && i === 0) {
      if (opts.allowWildcard) continue
      return 'Wildcards are not supported here: name each host and domain explicitly.'
    }
    if (label.length === 0) return 'A domain name cannot contain an empty label (two dots in a row, or a leading dot).'
    if (label.length > 63) return `The label "${label.slice(0, 20)}…" is longer than 63 characters.`
    if (label.includes('_')) return 'Underscores are not allowed in host and domain names.'
    if (!LABEL.test(label)) return `The label "${label}" may only hold letters, digits and inner hyphens.`
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return 'The last label of a domain name cannot be all digits.'
  return null
}

/**
 * Normalises what an admin typed: trims, lowercases, drops one trailing dot and converts an
 * internationalised name to its ASCII (punycode) form through the WHATWG URL parser, which both
 * Node and Chromium ship, so shared/ needs no library for it.
 */
export function normaliseFqdn(input: string): string {
  let name = input.trim().toLowerCase()
  if (name.endsWith('.') && !name.endsWith('..')) name = name.slice(0, -1)
  if (/[^\p{ASCII}]/u.test(name)) {
    try {
      const host = new WhatwgUrl(`http://${name}/`).hostname
      if (host) name = host
    } catch {
      // Leave it as typed: fqdnProblem then names the offending label.
    }
  }
  return name
}

/** True when `child` equals `parent` or is a sub-domain of it. Both normalised. */
export function isSameOrSubdomain(child: string, parent: string): boolean {
  return child === parent || child.endsWith(`.${parent}`)
}

/** Case-insensitive de-duplication that keeps the first spelling and the order. */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const n of names) {
    const key = n.toLowerCase()
    if (!seen.has(key)) {
      seen.add(key)
      out.push(n)
    }
  }
  return out
}

/** Loose IPv4 / IPv6 syntax checks for the public address fields. */
export function isIpv4(value: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value)
  return !!m && m.slice(1).every((o) => Number(o) <= 255 && String(Number(o)) === o)
}

export function isIpv6(value: string): boolean {
  if (!value.includes(':') || !/^[0-9a-fA-F:.]+$/.test(value)) return false
  try {
    return new WhatwgUrl(`http://[${value}]/`).hostname.length > 2
  } catch {
    return false
  }
}

/** RFC 1918, loopback, link-local and CGNAT ranges: never what the outside world resolves. */
export function isPrivateIpv4(value: string): boolean {
  const [a, b] = value.split('.').map(Number) as [number, number]
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127)
}

/**
 * Finds key material or credentials in a value bound for the project file, as a last line of
 * defence: the model has no secret fields, but free-text fields (descriptions, evidence) could
 * receive a pasted key. Returns a sentence naming the place, or null.
 */
export function findSecret(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    if (/-----BEGIN [A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE|PKCS12)-----/.test(value)) {
      return `${path || 'a field'} contains PEM key or certificate material.`
    }
    // A pasted PFX or key without its PEM armour is a long run of base64; no field of the model
    // legitimately holds one (descriptions, evidence, names are prose or host names).
    if (/[A-Za-z0-9+/]{200,}={0,2}/.test(value)) {
      return `${path || 'a field'} contains a long base64 block, which looks like key or certificate material.`
    }
    return null
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findSecret(v, `${path}.${i}`)
      if (hit) return hit
    }
    return null
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // Unknown keys are stripped by the schema before this runs; the name check guards a future
      // model field named like a secret.
      if (/^(password|passphrase|secret|privateKey|pfx)$/i.test(k) && v !== '' && v !== null && v !== false) {
        return `${path ? `${path}.` : ''}${k} is a secret field.`
      }
      const hit = findSecret(v, path ? `${path}.${k}` : k)
      if (hit) return hit
    }
  }
  return null
}

/**
 * Pure migrations of project data between model versions, shared by the workspace store
 * (project.json) and project-file import, so both read old data the same way and lose nothing.
 */

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Whether `policy` has the schema-2 shape: the single policy's fields directly under `policy`
 * (scope, name, site, …) rather than a `policies` list. An empty object is not counted: it meant
 * "every default" then and means the same now.
 */
export function isSingleShapePolicy(policy: unknown): policy is Json {
  return isObject(policy) && !('policies' in policy) && Object.keys(policy).length > 0
}

/**
 * Brings one project's data (schema 2 or later, unvalidated) to the current model. Detects the
 * old shape rather than trusting a version number, because bare project files carry none:
 *
 * - schema 2 → 3: `policy: { scope, name, … }` becomes `policy: { policies: [{ scope, name, … }] }`.
 *
 * Returns the input unchanged (same reference) when nothing applies, and never mutates it.
 * Anything it does not recognise is left for the schema to accept or refuse.
 */
export function migrateProjectData(raw: unknown): unknown {
  if (!isObject(raw) || !isSingleShapePolicy(raw.policy)) return raw
  return { ...raw, policy: { policies: [{ ...raw.policy }] } }
}

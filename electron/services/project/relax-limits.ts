import type { z } from 'zod'

/** Check kinds that are limits of this version (sizes, counts), not statements about types. */
const LIMIT_CHECKS = new Set(['max_length', 'max_size', 'less_than'])

type AnyDef = Record<string, unknown> & { type: string; checks?: { _zod: { def: { check: string } } }[] }
type Schema = z.ZodType & { def: AnyDef; clone(def: AnyDef): Schema }

const cache = new WeakMap<object, Schema>()

/**
 * The same schema without its upper limits (array and string lengths, maximum numbers): a
 * stored file that is well formed but larger than this version allows is read with it, so it is
 * kept and shown with the limit named instead of being declared damaged. Types, formats,
 * required fields and lower bounds still apply.
 */
export function relaxLimits<T extends z.ZodType>(schema: T): T {
  return relax(schema as unknown as Schema) as unknown as T
}

function relax(s: Schema): Schema {
  const hit = cache.get(s)
  if (hit) return hit
  const def = s.def
  const next: AnyDef = { ...def }
  if (def.checks) next.checks = def.checks.filter((c) => !LIMIT_CHECKS.has(c._zod.def.check))
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, Schema>
      next.shape = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, relax(v)]))
      if (def.catchall) next.catchall = relax(def.catchall as Schema)
      break
    }
    case 'array':
      next.element = relax(def.element as Schema)
      break
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      next.innerType = relax(def.innerType as Schema)
      break
    case 'union':
      next.options = (def.options as Schema[]).map(relax)
      break
    case 'record':
      next.valueType = relax(def.valueType as Schema)
      break
    case 'tuple':
      next.items = (def.items as Schema[]).map(relax)
      break
    case 'pipe':
      next.in = relax(def.in as Schema)
      next.out = relax(def.out as Schema)
      break
    default:
      break
  }
  const out = s.clone(next)
  cache.set(s, out)
  return out
}

/** The upper limits a value breaks, as sentences naming the place and the limit; [] when none. */
export function limitIssues(error: z.ZodError): { ok: boolean; limits: string[] } {
  const limits: string[] = []
  let ok = error.issues.length > 0
  for (const i of error.issues) {
    if (i.code !== 'too_big') {
      ok = false
      continue
    }
    const where = i.path.join('.') || 'the file'
    const what = i.origin === 'array' || i.origin === 'set' ? 'items' : i.origin === 'string' ? 'characters' : ''
    limits.push(what ? `${where} is over this version's limit of ${Number(i.maximum).toLocaleString('en-US')} ${what}` : `${where} is over this version's maximum of ${String(i.maximum)}`)
  }
  return { ok, limits }
}

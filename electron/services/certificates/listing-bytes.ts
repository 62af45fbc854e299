/**
 * The store's unfiltered listing, `{"entries":[…],"pending":[…]}`, cut from the index's own bytes
 * (issue 12, `xgw store list --json`): parsing 10,000 entries to print them again as the same JSON
 * cost a fresh process twice its start-up in JSON.parse, JSON.stringify and garbage collection.
 *
 * Only for bytes sealed as compact (cert-store.ts): validated by the store's schema, and exactly
 * JSON.stringify of what validation returned, keys in the schema's order
 * (`{"version":…,"passphrase":…,"entries":[…],"pending":[…]}`, one newline at most after it).
 * In such text a quotation mark inside a string is always escaped (`\"`), so `,"entries":[` and
 * `],"pending":[` can only be structure, and no object below the top has those keys. Bytes not
 * shaped so answer null, and the caller parses as before.
 */
const HEAD = Buffer.from('{"version":')
const ENTRIES = Buffer.from(',"entries":[')
const PENDING = Buffer.from('],"pending":[')

/** The listing's JSON line (newline included) as pieces of the index's bytes; null when they are not shaped as above. */
export function listingFromCompactIndex(bytes: Buffer): Buffer[] | null {
  let end = bytes.length
  if (end > 0 && bytes[end - 1] === 0x0a) end--
  if (end < 2 || bytes[end - 1] !== 0x7d /* } */ || bytes[end - 2] !== 0x5d /* ] */ || !bytes.subarray(0, HEAD.length).equals(HEAD)) return null
  const e = bytes.indexOf(ENTRIES)
  const p = bytes.indexOf(PENDING)
  if (e < 0 || p < e || bytes.lastIndexOf(ENTRIES) !== e || bytes.lastIndexOf(PENDING) !== p) return null
  const entries = bytes.subarray(e + ENTRIES.length - 1, p + 1)
  const pending = bytes.subarray(p + PENDING.length - 1, end - 1)
  return [Buffer.from('{"entries":'), entries, Buffer.from(',"pending":'), pending, Buffer.from('}\n')]
}

/**
 * The store listing cut from a compact index's bytes (listing-bytes.ts): for any index the store
 * writes, the pieces are byte for byte JSON.stringify of the listing, whatever its strings hold
 * (quotes, backslashes, the very keys the cut looks for, non-ASCII, control characters); any
 * other shape answers null, so the caller parses instead.
 */
import { describe, expect, it } from 'vitest'
import { listingFromCompactIndex } from '../../../../../electron/services/certificates/listing-bytes'
import { StoreIndex } from '../../../../../electron/services/certificates/store-schema'
import { syntheticStoreIndex } from '../../../../helpers/store-index'

const cut = (text: string) => {
  const pieces = listingFromCompactIndex(Buffer.from(text))
  return pieces && Buffer.concat(pieces).toString('utf8')
}
const listingLine = (idx: { entries: unknown[]; pending: unknown[] }) => `${JSON.stringify({ entries: idx.entries, pending: idx.pending })}\n`

/** A deterministic stream of awkward strings: what an admin's friendly names, file names and subjects may hold. */
function* awkward(seed: number): Generator<string> {
  const parts = ['"', '\\', '\\"', ',"entries":[', '],"pending":[', '{"version":', ']}', '\n', '\u0000', '\u2028', 'é', '😀', 'CN=a,O="b"', ' ', 'x']
  let s = seed
  for (;;) {
    s = (s * 1103515245 + 12345) % 2 ** 31
    let out = ''
    for (let n = s % 7; n >= 0; n--) out += parts[(s >> (n + 3)) % parts.length]
    yield out
  }
}

describe('listingFromCompactIndex', () => {
  it('is JSON.stringify of the listing for indexes the store writes, awkward strings included', () => {
    const words = awkward(7)
    const next = () => words.next().value as string
    const base = syntheticStoreIndex(300, 4)
    const indexes = [
      syntheticStoreIndex(0),
      base,
      { ...base, passphrase: { salt: 'AB01', iterations: 600_000, check: 'CD02' } },
      {
        ...base,
        entries: base.entries.map((e) => ({ ...e, subject: next(), issuer: next(), friendlyName: next().slice(0, 256), source: next().slice(0, 260), dnsNames: [next(), next()], tags: [next().slice(0, 32)] })),
        pending: base.pending.map((p) => ({ ...p, subject: next(), sans: [next()] })),
      },
    ]
    for (const idx of indexes) {
      // What the store writes: validated first (zod puts the keys in the schema's order), then compact.
      const valid = StoreIndex.parse(idx)
      const text = JSON.stringify(valid)
      expect(cut(`${text}\n`) === listingLine(valid)).toBe(true)
      expect(cut(text) === listingLine(valid)).toBe(true)
    }
  })

  it('answers null for any other shape', () => {
    const idx = syntheticStoreIndex(3, 1)
    const text = JSON.stringify(idx)
    for (const [what, other] of [
      ['indented', JSON.stringify(idx, null, 2)],
      ['pending before entries', JSON.stringify({ version: 1, passphrase: null, pending: idx.pending, entries: idx.entries })],
      ['entries key twice', text.replace('"isCA":false', '"entries":[],"isCA":false')],
      ['pending key twice', text.replace('"tags":[]', '"tags":[],"pending":[]')],
      ['version not first', JSON.stringify({ passphrase: null, version: 1, entries: idx.entries, pending: idx.pending })],
      ['no pending', JSON.stringify({ version: 1, passphrase: null, entries: idx.entries })],
      ['truncated', text.slice(0, -1)],
      ['more after it', `${text} `],
      ['two newlines', `${text}\n\n`],
      ['empty', ''],
      ['not an object', '[]'],
    ])
      expect(cut(other!), what).toBeNull()
  })
})

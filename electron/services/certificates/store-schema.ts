/**
 * The zod schemas of the certificate store's index.json (cert-store.ts). A module of its own so
 * that a read of a sealed index (an index this code validated and has not changed since) loads
 * no zod: `xgw store list` on 10,000 certificates spent more on zod than on the listing.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { PendingSchema, StoreEntrySchema } from '../../../shared/contract/certificates'

const Hex = z.string().regex(/^[0-9A-F]+$/)
/** The listed entry (the contract's) plus what only the index needs. */
export const StoreEntry = StoreEntrySchema.extend({
  /** SHA-256 of the certificate's SubjectPublicKeyInfo: pairs a key with it whichever arrives first. */
  spkiSha256: Hex.length(64).optional(),
})
export type StoreEntry = z.infer<typeof StoreEntry>

export type PendingKey = z.infer<typeof PendingSchema>

export const StoreIndex = z.object({
  version: z.literal(1),
  passphrase: z.object({ salt: Hex, iterations: z.number().int().min(1), check: Hex }).nullable(),
  entries: z.array(StoreEntry),
  pending: z.array(PendingSchema),
})
export type StoreIndex = z.infer<typeof StoreIndex>
/** The index with its entries left for validation in slices (readIndex). */
export const IndexEnvelope = StoreIndex.extend({ entries: z.array(z.unknown()) })
export const EntrySlice = z.array(StoreEntry)

let fingerprint: string | undefined
/**
 * A digest of what StoreIndex accepts (its JSON Schema) and of the zod that checks it. A seal
 * names the check it stands for: an index sealed under an earlier schema or zod is validated again.
 */
export function storeSchemaFingerprint(): string {
  return (fingerprint ??= createHash('sha256')
    .update(JSON.stringify([z.core.version, z.toJSONSchema(StoreIndex)]))
    .digest('hex')
    .slice(0, 32))
}

// The longest certificate-store search text, shared by the contract and by `xgw store list`, which
// checks its input without the contract's zod schemas (cli-dispatch.ts). Free of zod.

/** The longest search text `certificates.storeList` takes, in characters. */
export const MAX_STORE_QUERY = 256

// Constants of a deployment read that the command line needs before (or without) loading the
// schemas: kept free of zod so `xgw --help` stays light.

/** The largest collector output accepted (bytes). */
export const LIVE_MAX_BYTES = 20_000_000

/** The sections of a deployment read the admin can take or leave, in the order shown. */
export const LIVE_SECTION_IDS = ['inventory', 'policy', 'partners', 'gateway', 'certificates', 'prerequisites'] as const
export type LiveSectionId = (typeof LIVE_SECTION_IDS)[number]

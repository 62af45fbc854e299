/**
 * Edits of a list the project holds (sites, pools, policies, partners): a step never changes a row
 * in place, it hands the store a new list.
 */

/** The list with row `i` merged with `patch`. */
export const patchRow = <T extends object>(list: readonly T[], i: number, patch: Partial<T>): T[] => list.map((row, j) => (j === i ? { ...row, ...patch } : row))

/** The list without row `i`. */
export const withoutRow = <T>(list: readonly T[], i: number): T[] => list.filter((_, j) => j !== i)

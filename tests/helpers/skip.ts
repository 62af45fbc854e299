import { describe, it } from 'vitest'

declare module 'vitest' {
  interface TaskMeta {
    /** Why a test did not run; `npm test` prints it and fails a skipped test that has none. */
    skipReason?: string
  }
}

/**
 * Runs the suite when `condition` holds. Otherwise the suite is one skipped test that carries
 * `reason`, so the run's summary says what was not tested and why (a bare describe.skipIf
 * would leave only a count, and `npm test` fails skips without a reason).
 */
export function describeWhen(condition: boolean, reason: string, name: string, fn: () => void): void {
  if (condition) describe(name, fn)
  else
    describe(name, () => {
      it(`skipped: ${reason}`, (ctx) => {
        ctx.task.meta.skipReason = reason
        ctx.skip(reason)
      })
    })
}

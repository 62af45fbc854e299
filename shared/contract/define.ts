import type { z } from 'zod'

/** One request/response route. `input` is parsed on the host; `output` documents the reply. */
export interface Route<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I
  readonly output: O
  /** One line for `xgw --help`-style listings and the diagnostics log. */
  readonly summary: string
  /**
   * Only the command line may call it: the route takes a file-system path, and the renderer must
   * never name paths (style.md §4.3). The IPC adapter, the preload and the browser host refuse it.
   */
  readonly cliOnly?: boolean
}

/** Identity helper that keeps the literal schema types for inference. */
export const route = <I extends z.ZodType, O extends z.ZodType>(def: Route<I, O>): Route<I, O> => def

import type { AppErrorData } from './errors'

/** Every route answers with this envelope; callers never see a rejected promise. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppErrorData }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: AppErrorData): Result<never> => ({ ok: false, error })

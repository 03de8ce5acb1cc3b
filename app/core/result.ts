/**
 * Outcome of reading untrusted input. Readers never throw on bad bytes: they say what is wrong
 * in words a user can act on.
 */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Result<T> => ({ ok: false, reason });

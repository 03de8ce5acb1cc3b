/**
 * The device's limits (core/limits.ts) applied where bytes enter: a dropped file by its size, a URL by its
 * Content-Length (or, without one, by the bytes received so far), before either is read whole.
 */
import { checkArchiveSize, checkDeclaredImages, checkModelSize, checkTestSetSize, deviceLimits, type Limits } from '../../core/limits';
import type { Result } from '../../core/result';
import type { ByteProgress } from '../../io/fetchBytes';
import { fetchOrExplain } from './sources';

export { checkArchiveSize, checkDeclaredImages, checkModelSize, checkTestSetSize };

/** Chromium reports `navigator.deviceMemory` (GiB, rounded); other browsers get the fixed assumption (core/limits.ts). */
export const pageLimits = (): Limits => deviceLimits(typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { deviceMemory?: number }).deviceMemory);

/** Throws the check's reason, for the pipeline's user-facing errors. */
export function enforce(checked: Result<void>): void {
  if (!checked.ok) throw new Error(checked.reason);
}

/**
 * Fetches a URL unless it is larger than `check` allows: refused on its Content-Length before the body is read,
 * or as soon as the bytes received pass the limit when the server does not say.
 */
export async function fetchWithin(url: string, progress: ByteProgress, check: (bytes: number) => Result<void>): Promise<Uint8Array> {
  const abort = new AbortController();
  let refusal: string | null = null;
  const watched: ByteProgress = (loaded, total) => {
    const checked = check(total ?? loaded);
    if (!checked.ok) {
      refusal = checked.reason;
      abort.abort();
      return;
    }
    progress(loaded, total);
  };
  try {
    return await fetchOrExplain(url, watched, abort.signal);
  } catch (e) {
    if (refusal !== null) throw new Error(refusal);
    throw e;
  }
}

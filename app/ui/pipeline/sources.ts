/** Where a model's or test set's bytes come from (a built-in, a URL, a dropped file), with progress and failures a user can act on. */
import { fetchBytes, type ByteProgress } from '../../io/fetchBytes';
import { isOffline, offlineMessage } from '../../io/offline';
import { isShared } from '../../io/sharedMemory';
import type { Report } from '../evaluation';

export const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Progress across several downloads or reads at once, as one byte count. */
export function byteTracker(report: Report, label: string) {
  const parts = new Map<string, { done: number; total: number | null }>();
  return (part: string): ByteProgress =>
    (done, total) => {
      parts.set(part, { done, total });
      let sum = 0;
      let all = 0;
      let known = true;
      for (const p of parts.values()) {
        sum += p.done;
        all += p.total ?? p.done;
        known &&= p.total !== null;
      }
      report('loading', { label, done: sum, total: known ? all : null, unit: 'bytes' });
    };
}

export async function fetchOrExplain(url: string, progress: ByteProgress, signal?: AbortSignal): Promise<Uint8Array> {
  try {
    return await fetchBytes(url, progress, signal);
  } catch (e) {
    const message = (e as Error).message;
    // Offline, a file the service worker has not kept (a model or test set given by URL and never fetched) cannot be had.
    if (isOffline() && !/HTTP \d/.test(message)) throw new Error(offlineMessage(url));
    // fetch() says only "Failed to fetch" for network and CORS failures alike.
    throw new Error(/Failed to fetch|NetworkError|Load failed/.test(message) ? `${message}. The server may be unreachable or may not allow cross-origin requests (CORS).` : message);
  }
}


/** A decompression's failure, named after its file (browsers' messages do not say which file). */
export async function explained<T>(promise: Promise<T>, name: string): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

/** Web Crypto refuses shared memory: such bytes are hashed from a (momentary) copy. */
export const sha256 = async (bytes: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', (isShared(bytes.buffer) ? bytes.slice() : bytes) as Uint8Array<ArrayBuffer>)), (b) => b.toString(16).padStart(2, '0')).join('');


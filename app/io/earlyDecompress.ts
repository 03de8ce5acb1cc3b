/**
 * A built-in test set fetched and decompressed by the first script (app/ui/pipeline/prefetch.ts), while the page's
 * code is still downloading and the main thread has nothing else to do: gunzip runs on the main thread in
 * Chromium, and later it would compete with React's first render. Decompressed into shared memory when the page
 * may share it with the inference worker. The pipeline (loadData.ts) takes the bytes over; if anything went wrong
 * here it simply fetches again, and its own path explains the failure.
 */
import { absolute } from './earlyFetch';
import { ungzipIfNeeded } from './fetchBytes';
import { canShareMemory } from './sharedMemory';

const started = new Map<string, Promise<Uint8Array>>();

export function prefetchDecompressed(url: string): void {
  const key = absolute(url);
  if (started.has(key)) return;
  const bytes = fetch(key).then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return ungzipIfNeeded(new Uint8Array(await response.arrayBuffer()), canShareMemory());
  });
  bytes.catch(() => {}); // the pipeline fetches again and says what failed
  started.set(key, bytes);
}

/** The decompressed bytes of this URL, once; or, when none were started or they failed, what `otherwise` gives. */
export function takeDecompressed(url: string, otherwise: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (typeof document === 'undefined') return otherwise();
  const key = absolute(url);
  const early = started.get(key);
  started.delete(key);
  return early ? early.catch(otherwise) : otherwise();
}

/**
 * Decodes many image files into one buffer of 28×28 grey images, in a small pool of workers (one per core, at
 * most 4), batch by batch, with progress. Images that fail are skipped, counted and named; the rest are packed in
 * place, so the decoded set exists once.
 */
import type { DecodeRequest, DecodeResponse } from './protocol';

export interface DecodedImages {
  /** kept.length × 784 grey pixels. */
  readonly pixels: Uint8Array;
  /** For each decoded image, its index in the sources. */
  readonly kept: Uint32Array;
  readonly failed: readonly { readonly index: number; readonly reason: string }[];
  /** How many were converted (not 28×28 grey), and the sizes seen among them. */
  readonly converted: number;
  readonly convertedSizes: readonly string[];
}

/** Images per message: large enough to amortise messages, small enough for smooth progress. */
const BATCH = 250;

export async function decodeImages(
  sources: readonly (Blob | Uint8Array)[],
  onProgress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<DecodedImages> {
  const total = sources.length;
  const pixels = new Uint8Array(total * 784);
  const ok = new Uint8Array(total);
  const failed: { index: number; reason: string }[] = [];
  const sizes = new Set<string>();
  let converted = 0;
  let done = 0;
  let next = 0;
  const poolSize = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2, Math.ceil(total / BATCH)));
  const workers = Array.from({ length: poolSize }, () => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'image-decoder' }));
  try {
    await Promise.all(
      workers.map(async (worker) => {
        while (next < total) {
          if (signal?.aborted) throw new DOMException('Decoding was cancelled.', 'AbortError');
          const from = next;
          next = Math.min(total, next + BATCH);
          const request: DecodeRequest = { id: from, sources: sources.slice(from, next) };
          // A cancel does not wait for the batch: the workers are terminated (finally, below) with what they hold.
          const response = await new Promise<DecodeResponse>((resolve, reject) => {
            const cancelled = () => reject(new DOMException('Decoding was cancelled.', 'AbortError'));
            signal?.addEventListener('abort', cancelled, { once: true });
            const settle = () => signal?.removeEventListener('abort', cancelled);
            worker.onmessage = (e: MessageEvent<DecodeResponse>) => {
              settle();
              resolve(e.data);
            };
            worker.onerror = (e) => {
              settle();
              reject(new Error(`The image decoder failed: ${e.message}`));
            };
            worker.postMessage(request);
          });
          pixels.set(response.pixels, from * 784);
          response.outcomes.forEach((o, i) => {
            if (o.status === 'failed') failed.push({ index: from + i, reason: o.reason });
            else {
              ok[from + i] = 1;
              if (o.status === 'converted') {
                converted++;
                sizes.add(`${o.width}×${o.height}`);
              }
            }
          });
          done += response.outcomes.length;
          onProgress(done, total);
        }
      }),
    );
  } finally {
    for (const w of workers) w.terminate();
  }
  // Pack the images that decoded to the front, in order, in the same buffer.
  const kept = new Uint32Array(total - failed.length);
  let k = 0;
  for (let i = 0; i < total; i++) {
    if (!ok[i]) continue;
    if (k !== i) pixels.copyWithin(k * 784, i * 784, (i + 1) * 784);
    kept[k++] = i;
  }
  failed.sort((a, b) => a.index - b.index);
  return { pixels: pixels.subarray(0, k * 784), kept, failed, converted, convertedSizes: [...sizes].sort() };
}

/// <reference lib="webworker" />
/**
 * The stress test's corruption worker: corrupts test images (app/core/corruptions) off the page's thread while
 * the inference worker runs the previous chunk. Stateless apart from the clean images of the current run.
 */
import { corruptBlocks, type StressBlock } from '../core/corruptions/apply';
import type { ImageSet } from '../core/types';

declare const self: DedicatedWorkerGlobalScope;

export type ToCorruptWorker =
  /** The clean images the next requests corrupt (kept until replaced). */
  | { readonly type: 'base'; readonly key: number; readonly images: ImageSet }
  | { readonly type: 'corrupt'; readonly id: number; readonly key: number; readonly first: number; readonly count: number; readonly blocks: readonly StressBlock[]; readonly seed: number };

export type FromCorruptWorker = { readonly type: 'corrupted'; readonly id: number; readonly images: ImageSet } | { readonly type: 'error'; readonly id: number; readonly message: string };

let base: { key: number; images: ImageSet } | null = null;

self.onmessage = (event: MessageEvent<ToCorruptWorker>) => {
  const message = event.data;
  if (message.type === 'base') {
    base = { key: message.key, images: message.images };
    return;
  }
  try {
    if (!base || base.key !== message.key) throw new Error('The corruption worker lost the clean images.');
    const images = corruptBlocks(base.images, message.first, message.count, message.blocks, message.seed);
    self.postMessage({ type: 'corrupted', id: message.id, images } satisfies FromCorruptWorker, [images.pixels.buffer]);
  } catch (e) {
    self.postMessage({ type: 'error', id: message.id, message: e instanceof Error ? e.message : String(e) } satisfies FromCorruptWorker);
  }
};

/** The page's side of the corruption worker (corrupt.worker.ts): corrupted copies of test images, as promises. */
import type { StressBlock } from '../core/corruptions/apply';
import type { ImageSet } from '../core/types';
import type { FromCorruptWorker, ToCorruptWorker } from './corrupt.worker';

export class CorruptClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (images: ImageSet) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private baseKey = 0;
  private base: { images: ImageSet; count: number } | null = null;

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./corrupt.worker.ts', import.meta.url), { type: 'module', name: 'corruptions' });
    worker.onmessage = (event: MessageEvent<FromCorruptWorker>) => {
      const message = event.data;
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.type === 'corrupted') p.resolve(message.images);
      else p.reject(new Error(message.message));
    };
    worker.onerror = (event) => this.failAll(new Error(`The corruption worker failed: ${event.message || 'unknown error'}`));
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /** The first `count` images of `images` under each block in turn (block b's copy of image i is image b·count + i). */
  corrupt(images: ImageSet, count: number, blocks: readonly StressBlock[], seed: number): Promise<ImageSet> {
    const worker = this.start();
    if (this.base?.images !== images || this.base.count !== count) {
      // Only the images the run uses travel (a copy, or a view of shared memory).
      const size = images.rows * images.cols;
      const clean: ImageSet = { count, rows: images.rows, cols: images.cols, pixels: images.pixels.subarray(0, count * size) };
      this.base = { images, count };
      this.baseKey++;
      worker.postMessage({ type: 'base', key: this.baseKey, images: clean } satisfies ToCorruptWorker);
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'corrupt', id, key: this.baseKey, first: 0, count, blocks, seed } satisfies ToCorruptWorker);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.base = null;
    this.failAll(new Error('The corruption worker was stopped.'));
  }
}

/** Corrupting images of a test set: one image, or blocks of (corruption, severity) over the first images. */
import type { ImageSet } from '../types';
import { imageSeed, idHash, uniform } from './random';
import { corruptionById, type Corruption } from './table';

/** One corrupted copy of the images: `corruption` null (or severity 0) is the clean images. */
export interface StressBlock {
  readonly corruption: string | null;
  readonly severity: number;
}

/** Writes image `index` of `images`, corrupted, into `dst`. The same (seed, corruption, severity, index) always gives the same bytes. */
export function corruptImage(images: ImageSet, index: number, corruption: Corruption | null, severity: number, seed: number, dst: Uint8Array): void {
  const size = images.rows * images.cols;
  const src = images.pixels.subarray(index * size, (index + 1) * size);
  if (!corruption || severity === 0) {
    dst.set(src);
    return;
  }
  const random = uniform(imageSeed(seed, idHash(corruption.id), severity, index));
  corruption.apply(src, dst, images.rows, images.cols, severity, random);
}

/**
 * Images `first` … `first + count − 1` of `images` under each block in turn: block b's copy of image i is image
 * b·count + (i − first) of the result. `out` may be given (e.g. shared memory), sized blocks·count images.
 */
export function corruptBlocks(images: ImageSet, first: number, count: number, blocks: readonly StressBlock[], seed: number, out?: Uint8Array): ImageSet {
  const size = images.rows * images.cols;
  const pixels = out ?? new Uint8Array(blocks.length * count * size);
  if (pixels.length !== blocks.length * count * size) throw new RangeError(`corruptBlocks: the output holds ${pixels.length} bytes, not ${blocks.length * count * size}.`);
  if (first < 0 || first + count > images.count) throw new RangeError(`corruptBlocks: images ${first}…${first + count - 1} are outside the ${images.count} images.`);
  blocks.forEach((b, k) => {
    const corruption = b.corruption === null ? null : (corruptionById(b.corruption) ?? null);
    if (b.corruption !== null && !corruption) throw new RangeError(`There is no corruption "${b.corruption}".`);
    for (let i = 0; i < count; i++) {
      const at = (k * count + i) * size;
      corruptImage(images, first + i, corruption, b.severity, seed, pixels.subarray(at, at + size));
    }
  });
  return { count: blocks.length * count, rows: images.rows, cols: images.cols, pixels };
}

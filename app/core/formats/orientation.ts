/**
 * EMNIST's files store each image transposed. When a dropped IDX set does not say it is EMNIST, the model itself
 * tells: the first labelled images (the calibration slice `auto` uses) are scored as they are and transposed, and
 * the orientation that is clearly better wins. "Clearly": 10 points better and above chance, so that an ordinary
 * MNIST-like set is never flipped by noise.
 */
import type { ImageSet } from '../types';
import { transposeImages } from './emnist';

export const ORIENTATION_SLICE = 500;
const MARGIN = 0.1;

export function orientationSlice(images: ImageSet): { asIs: ImageSet; transposed: ImageSet } {
  const count = Math.min(ORIENTATION_SLICE, images.count);
  const asIs: ImageSet = { ...images, count, pixels: images.pixels.subarray(0, count * images.rows * images.cols) };
  return { asIs, transposed: transposeImages(asIs) };
}

/** Whether to transpose, from the accuracy of each orientation on the slice. */
export function chooseOrientation(asIs: number, transposed: number, classes: number): boolean {
  return transposed >= asIs + MARGIN && transposed > 1.5 / Math.max(2, classes);
}

export function describeOrientation(transposed: boolean, asIs: number, flipped: number, count: number): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return transposed
    ? `The images are stored transposed (as EMNIST stores them): on the first ${count} images the model scores ${pct(flipped)} transposed against ${pct(asIs)} as stored, so they were transposed back.`
    : `Orientation checked on the first ${count} images: ${pct(asIs)} as stored, ${pct(flipped)} transposed; used as stored.`;
}

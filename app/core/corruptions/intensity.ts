/** Intensity corruptions: contrast and brightness as MNIST-C, and inversion (MNIST-C `inverse` at severity 5). */
import { toByte } from './pixels';

/** MNIST-C `contrast`: (x − mean)·c + mean, the mean over the image. */
export function contrast(src: Uint8Array, dst: Uint8Array, _rows: number, _cols: number, [factor]: readonly number[]): void {
  let sum = 0;
  for (let i = 0; i < src.length; i++) sum += src[i]!;
  const mean = sum / src.length;
  for (let i = 0; i < src.length; i++) dst[i] = toByte((src[i]! - mean) * factor! + mean);
}

/**
 * MNIST-C `brightness`: the HSV value + c. For a grey image that is x + c clipped (saturation 0, and skimage's
 * grey weights sum to 1); `offset` is c·255 rounded to whole pixel values, so the result is integer-exact.
 */
export function brightness(src: Uint8Array, dst: Uint8Array, _rows: number, _cols: number, [offset]: readonly number[]): void {
  for (let i = 0; i < src.length; i++) dst[i] = Math.min(255, src[i]! + offset!);
}

/** Partial inversion: x + a·(255 − 2x), a blend with the negative; a = 1 is MNIST-C `inverse` (255 − x), a = ½ a flat grey. */
export function inversion(src: Uint8Array, dst: Uint8Array, _rows: number, _cols: number, [amount]: readonly number[]): void {
  for (let i = 0; i < src.length; i++) dst[i] = toByte(src[i]! + amount! * (255 - 2 * src[i]!));
}

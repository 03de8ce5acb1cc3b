/**
 * Geometric corruptions, as MNIST-C makes them: an affine map about the image centre ((cols−1)/2, (rows−1)/2,
 * i.e. 13.5 for 28 px) giving, for each output pixel, where to read the input, sampled bilinearly with 0 outside
 * (skimage's `warp(x, inverse_map=AffineTransform(...))`).
 */
import { bilinear, toByte } from './pixels';
import type { Uniform } from './random';

/** The linear part [a, b, c, d] of the inverse map: input − centre = [[a, b], [c, d]] · (output − centre). */
export type Linear = readonly [number, number, number, number];

export function warpAbout(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, m: Linear, shiftX = 0, shiftY = 0): void {
  const cx = (cols - 1) / 2;
  const cy = (rows - 1) / 2;
  const [a, b, c, d] = m;
  for (let r = 0; r < rows; r++) {
    const dy = r - cy;
    for (let col = 0; col < cols; col++) {
      const dx = col - cx;
      dst[r * cols + col] = toByte(bilinear(src, rows, cols, a * dx + b * dy + cx + shiftX, c * dx + d * dy + cy + shiftY));
    }
  }
}

/** MNIST-C's random direction: −1 or +1 with equal odds. */
const sign = (random: Uniform): number => (random() < 0.5 ? -1 : 1);

/** Rotation by `radians` (MNIST-C `rotate`: AffineTransform(rotation=θ) as the inverse map). */
export function rotateBy(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, radians: number): void {
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  warpAbout(src, dst, rows, cols, [cos, -sin, sin, cos]);
}

export const rotation = (src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [radians]: readonly number[], random: Uniform): void =>
  rotateBy(src, dst, rows, cols, sign(random) * radians!);

/** MNIST-C `shear`: skimage's AffineTransform(shear=φ) = [[1, −sin φ], [0, cos φ]], random sign. */
export function shear(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [angle]: readonly number[], random: Uniform): void {
  const phi = sign(random) * angle!;
  warpAbout(src, dst, rows, cols, [1, -Math.sin(phi), 0, Math.cos(phi)]);
}

/** MNIST-C `scale`: the digit shrinks by `factor` (the inverse map scales by 1/factor). */
export const scale = (src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [factor]: readonly number[]): void =>
  warpAbout(src, dst, rows, cols, [1 / factor!, 0, 0, 1 / factor!]);

/** MNIST-C `translate`: `pixels` along each axis, each with a random sign (a whole-pixel shift: exact). */
export function translation(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [pixels]: readonly number[], random: Uniform): void {
  const dx = sign(random) * pixels!;
  const dy = sign(random) * pixels!;
  warpAbout(src, dst, rows, cols, [1, 0, 0, 1], dx, dy);
}

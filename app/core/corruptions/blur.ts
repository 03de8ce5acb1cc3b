/** Blurs: Gaussian (MNIST-C `gaussian_blur`) and motion blur (MNIST-C `motion_blur`, ImageMagick's -motion-blur). */
import { convolveSeparable, gaussianKernel, toByte } from './pixels';
import type { Uniform } from './random';

const kernels = new Map<number, Float64Array>();

/** skimage `gaussian(x, sigma)`: truncated at 4σ, edges extended ('nearest'). */
export function gaussianBlur(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [sigma]: readonly number[]): void {
  let kernel = kernels.get(sigma!);
  if (!kernel) kernels.set(sigma!, (kernel = gaussianKernel(sigma!, 4)));
  const out = convolveSeparable(Float64Array.from(src), rows, cols, kernel, 'nearest');
  for (let i = 0; i < out.length; i++) dst[i] = toByte(out[i]!);
}

/**
 * ImageMagick's MotionBlurImage, which MNIST-C calls with (radius, sigma) and an angle uniform in ±45°: a
 * one-sided streak of 2·radius + 1 taps along the angle, weighted exp(−i²/2σ²) (normalised), each tap offset by
 * the rounded (i·cos θ, i·sin θ); pixels beyond the edge repeat the edge (ImageMagick's default).
 */
export function motionBlur(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [radius, sigma]: readonly number[], random: Uniform): void {
  const degrees = -45 + 90 * random();
  const theta = (degrees * Math.PI) / 180;
  const taps = 2 * Math.ceil(radius!) + 1;
  const weights = new Float64Array(taps);
  const ox = new Int32Array(taps);
  const oy = new Int32Array(taps);
  let total = 0;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  for (let i = 0; i < taps; i++) {
    total += weights[i] = Math.exp(-(i * i) / (2 * sigma! * sigma!));
    ox[i] = Math.ceil(i * cos - 0.5);
    oy[i] = Math.ceil(i * sin - 0.5);
  }
  // Tap by tap over the whole image (the same sum, in the same order, per pixel), the edge clamp per row and column.
  const acc = new Float64Array(rows * cols);
  for (let i = 0; i < taps; i++) {
    const w = weights[i]!;
    for (let r = 0; r < rows; r++) {
      const rr = Math.min(rows - 1, Math.max(0, r + oy[i]!)) * cols;
      const at = r * cols;
      for (let c = 0; c < cols; c++) acc[at + c]! += w * src[rr + Math.min(cols - 1, Math.max(0, c + ox[i]!))]!;
    }
  }
  for (let j = 0; j < acc.length; j++) dst[j] = toByte(acc[j]! / total);
}

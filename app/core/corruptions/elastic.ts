/**
 * Elastic distortion (Simard, Steinkraus & Platt 2003, the MNIST augmentation): a random displacement field,
 * uniform noise in ±1 smoothed by a Gaussian of σ px and scaled by α, moves every pixel (bilinear sampling, 0
 * outside). MNIST-C's `elastic_transform` was left out of its final suite and its five parameter sets do not grow
 * with severity, so the severities here keep Simard's σ = 4 and raise α, with Simard's α = 34 at severity 3.
 */
import { bilinear, convolveSeparable, gaussianKernel, toByte } from './pixels';
import type { Uniform } from './random';

const kernels = new Map<number, Float64Array>();

function field(rows: number, cols: number, kernel: Float64Array, alpha: number, random: Uniform): Float64Array {
  const noise = new Float64Array(rows * cols);
  for (let i = 0; i < noise.length; i++) noise[i] = 2 * random() - 1;
  // MNIST-C: skimage gaussian(mode='reflect', truncate=3).
  const smooth = convolveSeparable(noise, rows, cols, kernel, 'reflect');
  for (let i = 0; i < smooth.length; i++) smooth[i]! *= alpha;
  return smooth;
}

export function elastic(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [alpha, sigma]: readonly number[], random: Uniform): void {
  let kernel = kernels.get(sigma!);
  if (!kernel) kernels.set(sigma!, (kernel = gaussianKernel(sigma!, 3)));
  const dx = field(rows, cols, kernel, alpha!, random);
  const dy = field(rows, cols, kernel, alpha!, random);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      dst[i] = toByte(bilinear(src, rows, cols, c + dx[i]!, r + dy[i]!));
    }
  }
}

/** Helpers shared by the corruptions: one image is `rows`×`cols` grey bytes, row-major (0 = background, 255 = ink). */

/** The byte a computed value becomes: rounded half up, clipped to 0…255 (as MNIST-C clips before storing). */
export const toByte = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/**
 * Bilinear sample of `src` at (x, y) = (column, row), pixel centres on integers; neighbours outside the image
 * count as 0 (skimage's `warp(order=1, mode='constant', cval=0)`, which MNIST-C's geometric corruptions use).
 */
export function bilinear(src: Uint8Array, rows: number, cols: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= cols || y0 >= rows) return 0;
  const fx = x - x0;
  const fy = y - y0;
  // Written out (no helper closure): this is the geometric corruptions' inner loop.
  const top = y0 >= 0;
  const bottom = y0 + 1 < rows;
  const left = x0 >= 0;
  const right = x0 + 1 < cols;
  const at = y0 * cols + x0;
  const p00 = top && left ? src[at]! : 0;
  const p01 = top && right ? src[at + 1]! : 0;
  const p10 = bottom && left ? src[at + cols]! : 0;
  const p11 = bottom && right ? src[at + cols + 1]! : 0;
  return (1 - fy) * ((1 - fx) * p00 + fx * p01) + fy * ((1 - fx) * p10 + fx * p11);
}

/**
 * A normalised 1-D Gaussian kernel of `sigma`, radius ⌊truncate·σ + ½⌋ (scipy's gaussian_filter, which
 * skimage's `gaussian` calls).
 */
export function gaussianKernel(sigma: number, truncate: number): Float64Array {
  const radius = Math.floor(truncate * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) sum += kernel[i + radius] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  return kernel;
}

/** Where a neighbour outside the image is read from: the nearest edge pixel, or the mirror (scipy's 'reflect'). */
export type Border = 'nearest' | 'reflect';

function borderIndex(i: number, n: number, border: Border): number {
  if (border === 'nearest') return i < 0 ? 0 : i >= n ? n - 1 : i;
  // 'reflect' (d c b a | a b c d | d c b a), repeated for kernels wider than the image.
  const period = 2 * n;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - 1 - j;
  return j;
}

/** For positions −radius … n−1+radius, the index read (border applied): built once per shape. */
const padTables = new Map<string, Int32Array>();
function padIndex(n: number, radius: number, border: Border): Int32Array {
  const key = `${n}/${radius}/${border}`;
  let table = padTables.get(key);
  if (!table) {
    table = new Int32Array(n + 2 * radius);
    for (let j = 0; j < table.length; j++) table[j] = borderIndex(j - radius, n, border);
    padTables.set(key, table);
  }
  return table;
}

/**
 * Separable 2-D convolution of `plane` (rows×cols floats) with `kernel` along the rows, then the columns. Each
 * line is first copied into a buffer padded by the border rule, so the inner loop reads contiguous memory.
 */
export function convolveSeparable(plane: Float64Array, rows: number, cols: number, kernel: Float64Array, border: Border): Float64Array {
  const width = kernel.length;
  const radius = (width - 1) / 2;
  const across = new Float64Array(rows * cols);
  const out = new Float64Array(rows * cols);
  const line = new Float64Array(Math.max(rows, cols) + 2 * radius);
  const colPad = padIndex(cols, radius, border);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let j = 0; j < cols + 2 * radius; j++) line[j] = plane[row + colPad[j]!]!;
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let k = 0; k < width; k++) sum += kernel[k]! * line[c + k]!;
      across[row + c] = sum;
    }
  }
  const rowPad = padIndex(rows, radius, border);
  for (let c = 0; c < cols; c++) {
    for (let j = 0; j < rows + 2 * radius; j++) line[j] = across[rowPad[j]! * cols + c]!;
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let k = 0; k < width; k++) sum += kernel[k]! * line[r + k]!;
      out[r * cols + c] = sum;
    }
  }
  return out;
}

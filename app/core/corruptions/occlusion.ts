/**
 * Occlusion (not in MNIST-C; "cutout", DeVries & Taylor 2017): a side×side box set to the background, placed
 * at random inside the central 20×20 pixels where MNIST centres its digits (the whole image when smaller).
 */
import type { Uniform } from './random';

const DIGIT_BOX = 20;

export function occlusion(src: Uint8Array, dst: Uint8Array, rows: number, cols: number, [side]: readonly number[], random: Uniform): void {
  dst.set(src);
  const place = (n: number): number => {
    const box = Math.min(n, DIGIT_BOX);
    const from = Math.floor((n - box) / 2);
    const room = Math.max(0, box - side!);
    return from + Math.floor(random() * (room + 1));
  };
  const top = place(rows);
  const left = place(cols);
  for (let r = top; r < Math.min(rows, top + side!); r++) dst.fill(0, r * cols + left, r * cols + Math.min(cols, left + side!));
}

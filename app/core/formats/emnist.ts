/**
 * EMNIST: its IDX files store every image transposed relative to MNIST (a digit comes out on its side and
 * mirrored), and each split has a `*-mapping.txt` of `label ASCII-code` lines naming the classes.
 */
import type { ImageSet } from '../types';
import { asciiText } from './text';

/** Each image transposed (rows ↔ columns), into a new buffer. */
export function transposeImages(images: ImageSet): ImageSet {
  const { count, rows, cols } = images;
  const per = rows * cols;
  const out = new Uint8Array(images.pixels.length);
  for (let i = 0; i < count; i++) {
    const base = i * per;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[base + c * rows + r] = images.pixels[base + r * cols + c]!;
  }
  return { count, rows: cols, cols: rows, pixels: out };
}

/** Class names from an EMNIST mapping file (`0 48`, `10 65`, …): the characters, by label; null when it is not one. */
export function emnistClassNames(bytes: Uint8Array): string[] | null {
  const names: string[] = [];
  for (const line of asciiText(bytes).split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const m = /^\s*(\d+)\s+(\d+)(?:\s+\d+)*\s*$/.exec(line);
    if (!m) return null;
    const label = Number(m[1]);
    if (label > 255) return null;
    names[label] = String.fromCharCode(Number(m[2]));
  }
  if (names.length < 2) return null;
  return Array.from({ length: names.length }, (_, i) => names[i] ?? String(i));
}

/**
 * Turning grey pixels (0 = background, 255 = ink) into the numbers a model was trained on.
 * The presets cover the usual training pipelines: scikit-learn's `/255`, raw bytes, torchvision's
 * MNIST normalisation and the symmetric −1 … 1 scaling of many Keras and GAN examples.
 */
export type PresetName = 'unit' | 'raw' | 'standard' | 'symmetric';

export interface Preprocessing {
  readonly preset: PresetName;
  /** Flip ink and background first (pixel → 255 − pixel), for models trained on white-background digits. */
  readonly invert: boolean;
}

export const PRESETS: Readonly<Record<PresetName, { readonly formula: string; readonly scale: number; readonly offset: number }>> = {
  unit: { formula: 'pixel / 255', scale: 1 / 255, offset: 0 },
  raw: { formula: 'pixel (0 … 255)', scale: 1, offset: 0 },
  standard: { formula: '(pixel / 255 − 0.1307) / 0.3081', scale: 1 / 255 / 0.3081, offset: -0.1307 / 0.3081 },
  symmetric: { formula: 'pixel / 127.5 − 1', scale: 1 / 127.5, offset: -1 },
};

/** A 256-entry table: every pixel value maps to its input value once, so the hot loop is a lookup. */
export function lookupTable(pre: Preprocessing): Float32Array {
  const { scale, offset } = PRESETS[pre.preset];
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = (pre.invert ? 255 - v : v) * scale + offset;
  return table;
}

/** Whether words are stored little-endian here (every browser, and Node on x86 and ARM). */
const little = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * Writes the preprocessed `pixels` into `out` (same length). Four pixels are read at once where the bytes are
 * aligned for it (a third faster than byte by byte: this runs over every pixel of every evaluation); the values
 * are the table's either way. Byte order is the platform's, little-endian in every browser and in Node on x86/ARM.
 */
export function preprocessInto(pixels: Uint8Array, table: Float32Array, out: Float32Array | Float64Array): void {
  const n = pixels.length;
  let i = 0;
  // Byte by byte up to a 4-byte boundary of the underlying buffer…
  const head = Math.min(n, (4 - (pixels.byteOffset % 4)) % 4);
  for (; i < head; i++) out[i] = table[pixels[i]!]!;
  // …then a word at a time…
  const words = little ? (n - i) >> 2 : 0;
  if (words > 0) {
    const packed = new Uint32Array(pixels.buffer, pixels.byteOffset + i, words);
    for (let w = 0; w < words; w++, i += 4) {
      const x = packed[w]!;
      out[i] = table[x & 255]!;
      out[i + 1] = table[(x >>> 8) & 255]!;
      out[i + 2] = table[(x >>> 16) & 255]!;
      out[i + 3] = table[x >>> 24]!;
    }
  }
  // …and the rest.
  for (; i < n; i++) out[i] = table[pixels[i]!]!;
}

export const describePreprocessing = (pre: Preprocessing): string =>
  `${PRESETS[pre.preset].formula}${pre.invert ? ', inverted' : ''}`;

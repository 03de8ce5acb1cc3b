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

/** Writes the preprocessed `pixels` into `out` (same length). */
export function preprocessInto(pixels: Uint8Array, table: Float32Array, out: Float32Array | Float64Array): void {
  for (let i = 0; i < pixels.length; i++) out[i] = table[pixels[i]!]!;
}

export const describePreprocessing = (pre: Preprocessing): string =>
  `${PRESETS[pre.preset].formula}${pre.invert ? ', inverted' : ''}`;

/**
 * Decoded pixels as what the models take. A 28×28 image whose pixels are grey (R = G = B, opaque) is used as it
 * is, byte for byte: that is how the MNIST files' own images come out of a PNG. Anything else is converted the
 * way MNIST was made (app/core/image/mnistStyle.ts, when present).
 */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** The grey bytes of a 28×28 grey image, or null when it is another size or not grey. */
export function exactGrey(image: Rgba): Uint8Array | null {
  if (image.width !== 28 || image.height !== 28) return null;
  const out = new Uint8Array(784);
  const d = image.data;
  for (let i = 0; i < 784; i++) {
    const r = d[i * 4]!;
    if (d[i * 4 + 1] !== r || d[i * 4 + 2] !== r || d[i * 4 + 3] !== 255) return null;
    out[i] = r;
  }
  return out;
}

/** Decoded test images: `count` images of `rows`×`cols` grey pixels, 0 = background, 255 = ink. */
export interface ImageSet {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** Row-major, image after image: pixel (i, r, c) is at `i*rows*cols + r*cols + c`. */
  readonly pixels: Uint8Array;
}

/** One class index per image. */
export interface LabelSet {
  readonly count: number;
  readonly labels: Uint8Array;
}

/** What a classifier said about a set of images. */
export interface Predictions {
  readonly count: number;
  readonly classes: number;
  /** The arg-max class of each image. */
  readonly predicted: Uint16Array;
  /** `count`×`classes` scores as the model output them (probabilities or logits), row-major. */
  readonly scores: Float32Array;
}

/**
 * A test set's pixels converted once into a model's input values (batchFeeds.ts's `inputConverter`), for the
 * inference worker: the conversion (about 20 ms per 10 000 MNIST images) is done while onnxruntime creates the
 * session, a stretch at a time so that the session's own steps are not held up, rather than batch by batch inside
 * the evaluation. The worker keeps the last converted set, so another model run with the same test set and
 * preprocessing (the comparison, a re-run) starts on converted values.
 *
 * Only sets up to MAX_CONVERTED_BYTES are converted whole: a 60 000-image set would take 188 MB of float32, more
 * than the pixels themselves four times over; those are converted batch by batch as before.
 */
import type { Feed } from '../core/onnx/feed';
import type { Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';
import { inputConverter, type ConvertedSource, type InputValues } from './batchFeeds';

/** The largest converted copy of a test set the worker keeps (the test sets themselves are up to 47 MB of pixels). */
export const MAX_CONVERTED_BYTES = 64 * 1024 * 1024;

const BYTES: Readonly<Record<Feed['inputType'], number>> = { float32: 4, float64: 8, uint8: 1 };

export class ConvertedInput implements ConvertedSource {
  readonly values: InputValues;
  /** Images converted so far (from the first). */
  converted = 0;
  private readonly convert: (pixels: Uint8Array, out: InputValues) => void;
  private readonly size: number;

  constructor(
    readonly key: string,
    private readonly images: ImageSet,
    inputType: Feed['inputType'],
    pre: Preprocessing,
  ) {
    const converter = inputConverter(inputType, pre);
    this.size = images.rows * images.cols;
    this.values = converter.allocate(images.count * this.size);
    this.convert = converter.convert;
  }

  /** Converts the images up to `end` (exclusive) that are not yet; the caller makes sure their pixels are decoded. */
  ensure(end: number): void {
    const to = Math.min(end, this.images.count);
    if (to <= this.converted) return;
    const { size } = this;
    this.convert(this.images.pixels.subarray(this.converted * size, to * size), this.values.subarray(this.converted * size, to * size));
    this.converted = to;
  }

  get done(): boolean {
    return this.converted >= this.images.count;
  }
}

/** What identifies a converted set: the test set the worker holds, the input type and the preprocessing. */
export const convertedKey = (imagesKey: string, inputType: Feed['inputType'], pre: Preprocessing): string =>
  `${imagesKey}|${inputType}|${pre.preset}${pre.invert ? ',invert' : ''}`;

/** Whether a set this large is converted whole (see MAX_CONVERTED_BYTES). */
export const convertsWhole = (images: ImageSet, inputType: Feed['inputType']): boolean =>
  images.count * images.rows * images.cols * BYTES[inputType] <= MAX_CONVERTED_BYTES;

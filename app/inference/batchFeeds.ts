/**
 * The input of each `session.run`, batch by batch: shared by the page's worker (onnxruntime-web) and the Node
 * reference (onnxruntime-node), so both feed a model identically. Each runtime has its own Tensor class, hence
 * the factory.
 *
 * By default the values are written into one buffer reused for every batch: both runtimes copy a tensor's data
 * when the run starts, and a fresh 3 MB array per batch made the conversion twice as slow on a second evaluation
 * (allocation and garbage collection), which the caller must therefore finish with a batch before the next.
 * The worker may instead hand over the whole set already converted (convertedInput.ts, done while onnxruntime
 * creates the session): the batches are then views of it, written by the same `inputConverter`.
 */
import { inputDims } from '../core/modelCard';
import type { Feed } from '../core/onnx/feed';
import { lookupTable, preprocessInto, type Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';

export type InputValues = Float32Array | Float64Array | Uint8Array;
export type TensorFactory<T> = (type: Feed['inputType'], data: InputValues, dims: readonly number[]) => T;

/** Pixels → a model's input values, for one input type and preprocessing: the one place that decides them. */
export interface InputConverter {
  /** A zeroed array of `length` input values. */
  readonly allocate: (length: number) => InputValues;
  /** Writes the converted `pixels` into `out` (same length). */
  readonly convert: (pixels: Uint8Array, out: InputValues) => void;
  /** The value of a blank (background) pixel, for padding a fixed batch. */
  readonly blank: number;
}

export function inputConverter(inputType: Feed['inputType'], pre: Preprocessing): InputConverter {
  const table = lookupTable(pre);
  if (inputType === 'uint8') {
    // A uint8 input takes bytes: only the raw preset (optionally inverted) gives whole numbers 0…255.
    const bytes = Uint8Array.from(table, (v) => Math.max(0, Math.min(255, Math.round(v))));
    return {
      allocate: (length) => new Uint8Array(length),
      convert: (pixels, out) => {
        for (let i = 0; i < pixels.length; i++) out[i] = bytes[pixels[i]!]!;
      },
      blank: bytes[0]!,
    };
  }
  return {
    allocate: (length) => (inputType === 'float64' ? new Float64Array(length) : new Float32Array(length)),
    convert: (pixels, out) => preprocessInto(pixels, table, out as Float32Array | Float64Array),
    blank: table[0]!,
  };
}

/** The whole test set's input values, converted up to `ensure(end)` (convertedInput.ts). */
export interface ConvertedSource {
  readonly values: InputValues;
  /** Converts images up to `end` (exclusive) if they are not yet. */
  readonly ensure: (end: number) => void;
}

export interface Batch<T> {
  /** The first image of the batch. */
  readonly start: number;
  /** Real images in it. */
  readonly count: number;
  /** Images the model is run on: `count`, or the fixed batch (the rest blank images). */
  readonly runCount: number;
  readonly input: T;
}

/**
 * The batches over `images`: `batchSize` images each, or exactly the model's fixed batch. With `converted`, the
 * values come from it (converted by the same rule) instead of being converted here.
 */
export function* batchFeeds<T>(
  tensor: TensorFactory<T>,
  feed: Pick<Feed, 'inputType' | 'layout'>,
  fixedBatch: number | null,
  images: ImageSet,
  pre: Preprocessing,
  batchSize: number,
  converted: ConvertedSource | null = null,
): Generator<Batch<T>> {
  const size = images.rows * images.cols;
  const step = fixedBatch ?? batchSize;
  const converter = inputConverter(feed.inputType, pre);
  const capacity = Math.min(step, fixedBatch ?? images.count) * size;
  // Without a converted source every batch is written here; with one, only a padded last batch is.
  let buffer: InputValues | null = null;
  for (let start = 0; start < images.count; start += step) {
    const count = Math.min(step, images.count - start);
    const runCount = fixedBatch ?? count;
    let values: InputValues;
    if (converted) {
      converted.ensure(start + count);
      values = converted.values.subarray(start * size, (start + count) * size);
      if (runCount !== count) {
        buffer ??= converter.allocate(capacity);
        buffer.set(values);
        values = buffer.subarray(0, runCount * size);
      }
    } else {
      buffer ??= converter.allocate(capacity);
      values = buffer.subarray(0, runCount * size);
      converter.convert(images.pixels.subarray(start * size, (start + count) * size), values);
    }
    // A model with a fixed batch gets exactly that many images: the last batch is padded with blank images.
    if (runCount !== count) values.fill(converter.blank, count * size);
    yield { start, count, runCount, input: tensor(feed.inputType, values, inputDims(feed.layout, runCount, images.rows, images.cols)) };
  }
}

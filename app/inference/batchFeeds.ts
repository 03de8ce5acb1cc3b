/**
 * The input of each `session.run`, batch by batch: shared by the page's worker (onnxruntime-web) and the Node
 * reference (onnxruntime-node), so both feed a model identically. Each runtime has its own Tensor class, hence
 * the factory.
 *
 * The values are written into one buffer reused for every batch: both runtimes copy a tensor's data when the
 * run starts, and a fresh 3 MB array per batch made the conversion twice as slow on a second evaluation
 * (allocation and garbage collection), which the caller must therefore finish with a batch before the next.
 */
import { inputDims } from '../core/modelCard';
import type { Feed } from '../core/onnx/feed';
import { lookupTable, preprocessInto, type Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';

export type InputValues = Float32Array | Float64Array | Uint8Array;
export type TensorFactory<T> = (type: Feed['inputType'], data: InputValues, dims: readonly number[]) => T;

export interface Batch<T> {
  /** The first image of the batch. */
  readonly start: number;
  /** Real images in it. */
  readonly count: number;
  /** Images the model is run on: `count`, or the fixed batch (the rest blank images). */
  readonly runCount: number;
  readonly input: T;
}

/** The batches over `images`: `batchSize` images each, or exactly the model's fixed batch. */
export function* batchFeeds<T>(
  tensor: TensorFactory<T>,
  feed: Pick<Feed, 'inputType' | 'layout'>,
  fixedBatch: number | null,
  images: ImageSet,
  pre: Preprocessing,
  batchSize: number,
): Generator<Batch<T>> {
  const size = images.rows * images.cols;
  const step = fixedBatch ?? batchSize;
  const table = lookupTable(pre);
  // A uint8 input takes bytes: only the raw preset (optionally inverted) gives whole numbers 0…255.
  const bytes = feed.inputType === 'uint8' ? Uint8Array.from(table, (v) => Math.max(0, Math.min(255, Math.round(v)))) : null;
  const capacity = Math.min(step, fixedBatch ?? images.count) * size;
  const buffer = feed.inputType === 'float64' ? new Float64Array(capacity) : feed.inputType === 'uint8' ? new Uint8Array(capacity) : new Float32Array(capacity);
  for (let start = 0; start < images.count; start += step) {
    const count = Math.min(step, images.count - start);
    const runCount = fixedBatch ?? count;
    const pixels = images.pixels.subarray(start * size, (start + count) * size);
    const values = buffer.subarray(0, runCount * size);
    if (bytes) for (let i = 0; i < pixels.length; i++) values[i] = bytes[pixels[i]!]!;
    else preprocessInto(pixels, table, values as Float32Array | Float64Array);
    // A model with a fixed batch gets exactly that many images: the last batch is padded with blank images.
    if (runCount !== count) values.fill(bytes ? bytes[0]! : table[0]!, count * size);
    yield { start, count, runCount, input: tensor(feed.inputType, values, inputDims(feed.layout, runCount, images.rows, images.cols)) };
  }
}

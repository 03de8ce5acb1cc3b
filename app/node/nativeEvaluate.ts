/**
 * Evaluation with onnxruntime-node: the native reference our tests hold the page to, and the CLI's engine.
 * Feeds models exactly as the page's worker does (same preprocessing, input values, layouts and fixed-batch
 * padding), so a difference means a runtime difference.
 */
import * as ort from 'onnxruntime-node';
import { inputDims, type InputLayout } from '../core/modelCard';
import type { InputElementType } from '../core/onnx/feed';
import { lookupTable, type Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';
import { inputValues } from '../inference/inputTensor';

export interface NativeRun {
  readonly scores: Float32Array;
  readonly classes: number;
}

export interface NativeFeed {
  readonly inputName: string;
  readonly layout: InputLayout;
  readonly scoresOutput: string;
  readonly inputType?: InputElementType;
  readonly fixedBatch?: number | null;
}

/** Scores of every image, `count`×`classes` float32, batch by batch; a fixed batch is padded with blank images. */
export async function runBatches(session: ort.InferenceSession, feed: NativeFeed, images: ImageSet, preprocessing: Preprocessing, batchSize = 1000): Promise<NativeRun> {
  const inputType = feed.inputType ?? 'float32';
  const step = feed.fixedBatch ?? batchSize;
  const size = images.rows * images.cols;
  const table = lookupTable(preprocessing);
  let scores: Float32Array | null = null;
  let classes = 0;
  for (let start = 0; start < images.count; start += step) {
    const batch = Math.min(step, images.count - start);
    const runBatch = feed.fixedBatch ?? batch;
    const slice = new Uint8Array(runBatch * size);
    slice.set(images.pixels.subarray(start * size, (start + batch) * size));
    const tensor = new ort.Tensor(inputType, inputValues(slice, preprocessing, inputType, table), inputDims(feed.layout, runBatch, images.rows, images.cols));
    let out: ort.Tensor | undefined;
    try {
      out = (await session.run({ [feed.inputName]: tensor }, [feed.scoresOutput]))[feed.scoresOutput];
    } catch (e) {
      throw new Error(`onnxruntime failed to run the model: ${(e as Error).message}`);
    }
    if (!out || (out.type !== 'float32' && out.type !== 'float64') || out.dims.length !== 2 || out.dims[0] !== runBatch) {
      throw new Error(`Output "${feed.scoresOutput}" should be class scores shaped [batch, classes] but is ${out?.type ?? 'missing'} [${out?.dims.join(', ') ?? ''}].`);
    }
    if (scores === null) {
      classes = out.dims[1]!;
      scores = new Float32Array(images.count * classes);
    }
    const data = out.data as Float32Array | Float64Array;
    scores.set(batch === runBatch ? data : data.subarray(0, batch * classes), start * classes);
  }
  return { scores: scores ?? new Float32Array(0), classes };
}

/** Creates a session for the model (bytes or a path), runs every image through it, and releases it. */
export async function evaluateNative(model: Uint8Array | string, images: ImageSet, feed: NativeFeed, preprocessing: Preprocessing, batchSize = 1000): Promise<NativeRun> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  try {
    return await runBatches(session, feed, images, preprocessing, batchSize);
  } finally {
    await session.release();
  }
}

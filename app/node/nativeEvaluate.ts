/**
 * Evaluation with onnxruntime-node: the native reference our tests hold the page to. Feeds models exactly
 * as the page's worker does (same preprocessing, input values, layouts and fixed-batch padding), so a
 * difference means a runtime difference.
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

export async function evaluateNative(model: Uint8Array | string, images: ImageSet, feed: NativeFeed, preprocessing: Preprocessing, batchSize = 1000): Promise<NativeRun> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  try {
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
      const out = await session.run({ [feed.inputName]: tensor }, [feed.scoresOutput]);
      const result = out[feed.scoresOutput]!;
      if (scores === null) {
        classes = result.dims[1]!;
        scores = new Float32Array(images.count * classes);
      }
      const data = result.data as Float32Array | Float64Array;
      scores.set(batch === runBatch ? data : data.subarray(0, batch * classes), start * classes);
    }
    return { scores: scores ?? new Float32Array(0), classes };
  } finally {
    await session.release();
  }
}

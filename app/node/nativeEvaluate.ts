/**
 * Evaluation with onnxruntime-node: the native reference our tests hold the page to. Shares the
 * preprocessing and layout code with the page's worker, so a difference means a runtime difference.
 */
import * as ort from 'onnxruntime-node';
import { inputDims, type InputLayout } from '../core/modelCard';
import { lookupTable, preprocessInto, type Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';

export interface NativeRun {
  readonly scores: Float32Array;
  readonly classes: number;
}

export async function evaluateNative(
  model: Uint8Array | string,
  images: ImageSet,
  feed: { readonly inputName: string; readonly layout: InputLayout; readonly scoresOutput: string; readonly batchSize?: number },
  preprocessing: Preprocessing,
): Promise<NativeRun> {
  const session = typeof model === 'string' ? await ort.InferenceSession.create(model) : await ort.InferenceSession.create(model);
  try {
    const batchSize = feed.batchSize ?? 1000;
    const size = images.rows * images.cols;
    const table = lookupTable(preprocessing);
    let scores: Float32Array | null = null;
    let classes = 0;
    for (let start = 0; start < images.count; start += batchSize) {
      const batch = Math.min(batchSize, images.count - start);
      const input = new Float32Array(batch * size);
      preprocessInto(images.pixels.subarray(start * size, (start + batch) * size), table, input);
      const out = await session.run(
        { [feed.inputName]: new ort.Tensor('float32', input, inputDims(feed.layout, batch, images.rows, images.cols)) },
        [feed.scoresOutput],
      );
      const tensor = out[feed.scoresOutput]!;
      if (scores === null) {
        classes = tensor.dims[1]!;
        scores = new Float32Array(images.count * classes);
      }
      scores.set(tensor.data as Float32Array, start * classes);
    }
    return { scores: scores ?? new Float32Array(0), classes };
  } finally {
    await session.release();
  }
}

/**
 * Evaluation with onnxruntime-node: the native reference our tests hold the page to, and the CLI's engine.
 * Feeds models exactly as the page's worker does (same preprocessing, input values, layouts and fixed-batch
 * padding), so a difference means a runtime difference.
 */
import * as ort from 'onnxruntime-node';
import type { InputLayout } from '../core/modelCard';
import type { InputElementType } from '../core/onnx/feed';
import type { Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';
import { batchFeeds, type TensorFactory } from '../inference/batchFeeds';

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
  const planned = { layout: feed.layout, inputType: feed.inputType ?? 'float32' };
  let scores: Float32Array | null = null;
  let classes = 0;
  const tensor: TensorFactory<ort.Tensor> = (type, data, dims) => new ort.Tensor(type, data, dims);
  for (const batch of batchFeeds(tensor, planned, feed.fixedBatch ?? null, images, preprocessing, batchSize)) {
    let out: ort.Tensor | undefined;
    try {
      out = (await session.run({ [feed.inputName]: batch.input }, [feed.scoresOutput]))[feed.scoresOutput];
    } catch (e) {
      throw new Error(`onnxruntime failed to run the model: ${(e as Error).message}`);
    }
    if (!out || (out.type !== 'float32' && out.type !== 'float64') || out.dims.length !== 2 || out.dims[0] !== batch.runCount) {
      throw new Error(`Output "${feed.scoresOutput}" should be class scores shaped [batch, classes] but is ${out?.type ?? 'missing'} [${out?.dims.join(', ') ?? ''}].`);
    }
    if (scores === null) {
      classes = out.dims[1]!;
      scores = new Float32Array(images.count * classes);
    }
    const data = out.data as Float32Array | Float64Array;
    scores.set(batch.count === batch.runCount ? data : data.subarray(0, batch.count * classes), batch.start * classes);
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

/**
 * The map's features with onnxruntime-node: the model rewritten by app/core/onnx/penultimate.ts, run as the
 * page's worker runs it (batchFeeds.ts), returning the class scores and the features of every image. The native
 * reference for the rewrite (same scores as the original model) and the bench's map timing.
 */
import * as ort from 'onnxruntime-node';
import type { Feed } from '../core/onnx/feed';
import type { Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';
import { batchFeeds, type TensorFactory } from '../inference/batchFeeds';

export interface NativeFeatures {
  readonly scores: Float32Array;
  readonly classes: number;
  readonly features: Float32Array;
  readonly featureDims: number;
}

/** Runs `model` (already rewritten to output `featuresOutput`) over every image, in batches of `batchSize`. */
export async function nativeFeatures(model: Uint8Array, feed: Feed, featuresOutput: string, images: ImageSet, preprocessing: Preprocessing, batchSize = 1000): Promise<NativeFeatures> {
  const session = await ort.InferenceSession.create(model);
  try {
    let scores = new Float32Array(0);
    let features = new Float32Array(0);
    let classes = 0;
    let featureDims = 0;
    const tensor: TensorFactory<ort.Tensor> = (type, data, dims) => new ort.Tensor(type, data, dims);
    for (const batch of batchFeeds(tensor, feed, feed.fixedBatch, images, preprocessing, batchSize)) {
      const out = await session.run({ [feed.inputName]: batch.input }, [feed.scoresOutput, featuresOutput]);
      const s = out[feed.scoresOutput]!;
      const f = out[featuresOutput]!;
      if (batch.start === 0) {
        classes = s.dims[1]!;
        featureDims = f.dims.slice(1).reduce((a, b) => a * b, 1);
        scores = new Float32Array(images.count * classes);
        features = new Float32Array(images.count * featureDims);
      }
      scores.set((s.data as Float32Array).subarray(0, batch.count * classes), batch.start * classes);
      features.set((f.data as Float32Array).subarray(0, batch.count * featureDims), batch.start * featureDims);
    }
    return { scores, classes, features, featureDims };
  } finally {
    await session.release();
  }
}

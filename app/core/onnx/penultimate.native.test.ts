/**
 * The rewritten models (features exposed as an extra output) on the 10 000 MNIST test images in onnxruntime-node,
 * fed as the page feeds them: exactly the class scores of the original model, and features of the expected size.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../node/headlessEval';
import { evaluateNative } from '../../node/nativeEvaluate';
import { nativeFeatures } from '../../node/nativeFeatures';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../../node/testSetFiles';
import { FASHION_MNIST, MNIST } from '../datasets';
import type { Preprocessing } from '../preprocess';
import { exposeFeatures } from './penultimate';

const THIRD_PARTY = join(PROJECT_ROOT, '..', 'shared', 'models-third-party');
const unit: Preprocessing = { preset: 'unit', invert: false };

const cases = [
  { path: join(PROJECT_ROOT, 'models', 'mnist-cnn.onnx'), dataset: MNIST, dims: 64 },
  { path: join(PROJECT_ROOT, 'models', 'fashion-cnn.onnx'), dataset: FASHION_MNIST, dims: 64 },
  { path: join(THIRD_PARTY, 'mnist-8-cntk.onnx'), dataset: MNIST, dims: 256 },
  { path: join(THIRD_PARTY, 'mnist-keras-nhwc.onnx'), dataset: MNIST, dims: 4 },
];

describe('features exposed as an extra output (onnxruntime-node, whole test set)', () => {
  for (const c of cases) {
    it(`${c.path.split('/').at(-1)}: the same scores, bit for bit, and ${c.dims} features per image`, async () => {
      const loaded = loadModel(c.path);
      const source = exposeFeatures(loaded.runBytes, loaded.feed.scoresOutput);
      if (source.kind !== 'features') throw new Error(source.reason);
      const { images } = loadBuiltinTestSet(c.dataset);
      const original = await evaluateNative(loaded.runBytes, images, loaded.feed, unit);
      const rewritten = await nativeFeatures(source.bytes, loaded.feed, source.tensor, images, unit);
      expect(rewritten.classes).toBe(original.classes);
      expect(rewritten.scores).toEqual(original.scores);
      expect(rewritten.featureDims).toBe(c.dims);
      expect(rewritten.features.length).toBe(images.count * c.dims);
      expect(rewritten.features.every(Number.isFinite)).toBe(true);
    }, 120_000);
  }
});

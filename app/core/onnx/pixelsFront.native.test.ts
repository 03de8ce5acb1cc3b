/**
 * The conversion moved into the model (pixelsFront.ts) in onnxruntime-node: every built-in model, fed the grey bytes
 * and the lookup table, gives bit for bit the scores of the original model fed the converted pixels (the page's
 * and the CLI's way, batchFeeds.ts), on all 10 000 test images of its dataset, with a preprocessing that inverts too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { evaluateNative } from '../../node/nativeEvaluate';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../../node/testSetFiles';
import { FASHION_MNIST, MNIST } from '../datasets';
import { inputDims } from '../modelCard';
import { lookupTable, type Preprocessing } from '../preprocess';
import { planFeed } from './feed';
import { inspectOnnx } from './inspect';
import { PIXELS_INPUT, pixelsFront, TABLE_INPUT } from './pixelsFront';

const MODELS = [
  ['mnist-logreg.onnx', MNIST],
  ['fashion-logreg.onnx', FASHION_MNIST],
  ['mnist-cnn.onnx', MNIST],
  ['fashion-cnn.onnx', FASHION_MNIST],
] as const;

describe('the pixel conversion inside the model (onnxruntime-node)', () => {
  for (const [file, dataset] of MODELS) {
    it(`${file}: the same scores, bit for bit, as the original fed converted pixels`, async () => {
      const original = new Uint8Array(readFileSync(join(PROJECT_ROOT, 'models', file)));
      const info = inspectOnnx(original);
      if (!info.ok) throw new Error(info.reason);
      const feed = planFeed(info.value);
      if (!feed.ok) throw new Error(feed.reason);
      const front = pixelsFront(original, feed.value.inputName);
      if (!front.ok) throw new Error(front.reason);
      const { images } = loadBuiltinTestSet(dataset);
      for (const pre of [{ preset: 'standard', invert: false }, { preset: 'unit', invert: true }] as Preprocessing[]) {
        const expected = await evaluateNative(original, images, feed.value, pre, 1000);
        const session = await ort.InferenceSession.create(front.value);
        expect(session.inputNames).toEqual([PIXELS_INPUT, TABLE_INPUT]);
        const table = new ort.Tensor('float32', lookupTable(pre), [256]);
        const size = images.rows * images.cols;
        const scores = new Float32Array(expected.scores.length);
        for (let start = 0; start < images.count; start += 1000) {
          const count = Math.min(1000, images.count - start);
          const pixels = new ort.Tensor('uint8', images.pixels.subarray(start * size, (start + count) * size), inputDims(feed.value.layout, count, images.rows, images.cols));
          const out = (await session.run({ [PIXELS_INPUT]: pixels, [TABLE_INPUT]: table }, [feed.value.scoresOutput]))[feed.value.scoresOutput]!;
          scores.set(out.data as Float32Array, start * expected.classes);
        }
        await session.release();
        expect(Buffer.from(scores.buffer).equals(Buffer.from(expected.scores.buffer))).toBe(true);
      }
    }, 60_000);
  }

  it('refuses a model without the named input, and a file that is no model', () => {
    const original = new Uint8Array(readFileSync(join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx')));
    const missing = pixelsFront(original, 'no such input');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.reason).toContain("no input named 'no such input'");
    expect(pixelsFront(new Uint8Array([0xff, 0xff, 0xff]), 'x').ok).toBe(false);
  });
});

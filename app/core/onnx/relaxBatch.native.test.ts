/**
 * The relaxed ONNX-zoo CNTK model on the 10 000 MNIST test images in onnxruntime-node, in batches of 1 000
 * as the page runs it, against the original run one image at a time: the same scores to 1e-6 (in practice
 * bit for bit), hence the same predictions and confusion matrix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateNative } from '../../node/nativeEvaluate';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../../node/testSetFiles';
import { MNIST } from '../datasets';
import { argmaxRows } from '../predictions';
import { planFeed } from './feed';
import { inspectOnnx } from './inspect';
import { relaxForFeed } from './relaxBatch';

const CNTK = join(PROJECT_ROOT, '..', 'shared', 'models-third-party', 'mnist-8-cntk.onnx');

describe('relaxed CNTK model on the MNIST test set (onnxruntime-node)', () => {
  it('gives the one-by-one scores in batches of 1 000', async () => {
    const original = new Uint8Array(readFileSync(CNTK));
    const info = inspectOnnx(original);
    if (!info.ok) throw new Error(info.reason);
    const feed = planFeed(info.value);
    if (!feed.ok) throw new Error(feed.reason);
    const relaxed = relaxForFeed(original, feed.value);
    expect(relaxed.relaxed).not.toBeNull();
    expect(relaxed.feed.fixedBatch).toBeNull();

    const { images, labels } = loadBuiltinTestSet(MNIST);
    const pre = { preset: 'unit', invert: false } as const;
    const single = await evaluateNative(original, images, feed.value, pre);
    const batched = await evaluateNative(relaxed.bytes, images, relaxed.feed, pre, 1000);

    expect(batched.classes).toBe(10);
    expect(batched.scores.length).toBe(single.scores.length);
    let worst = 0;
    let differing = 0;
    for (let i = 0; i < single.scores.length; i++) {
      const d = Math.abs(single.scores[i]! - batched.scores[i]!);
      if (d > 0) differing++;
      worst = Math.max(worst, d);
    }
    expect(worst, `${differing} of ${single.scores.length} scores differ`).toBeLessThanOrEqual(1e-6);
    const predicted = argmaxRows(batched.scores, images.count, 10);
    expect(predicted).toEqual(argmaxRows(single.scores, images.count, 10));
    // The accuracy the third-party README gives for pixels/255.
    const correct = predicted.reduce((n, p, i) => n + (p === labels.labels[i] ? 1 : 0), 0);
    expect(correct).toBe(9890);
  });
});

/**
 * The conversion does what it is for: the MNIST test digits printed as dark ink on white paper at 3× their size
 * (each pixel a 3×3 block, as RGBA) and converted back are still recognised by mnist-cnn in onnxruntime-node,
 * nearly as well as the originals. A conversion that shifted, mis-scaled or failed to invert them would not be.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateNative } from '../../node/nativeEvaluate';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../../node/testSetFiles';
import { MNIST } from '../datasets';
import { inspectOnnx } from '../onnx/inspect';
import { planFeed } from '../onnx/feed';
import { argmaxRows } from '../predictions';
import { toMnistStyle } from './mnistStyle';

const SCALE = 3;
const N = 2000;

function onPaper(digit: Uint8Array): Uint8Array {
  const side = 28 * SCALE;
  const rgba = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = 255 - digit[Math.floor(y / SCALE) * 28 + Math.floor(x / SCALE)]!;
      rgba.set([v, v, v, 255], (y * side + x) * 4);
    }
  }
  return rgba;
}

describe('MNIST digits on paper, converted back (mnist-cnn, onnxruntime-node)', () => {
  it(`are recognised nearly as well as the originals (first ${N} test images)`, async () => {
    const model = new Uint8Array(readFileSync(join(PROJECT_ROOT, 'models', 'mnist-cnn.onnx')));
    const info = inspectOnnx(model);
    if (!info.ok) throw new Error(info.reason);
    const feed = planFeed(info.value);
    if (!feed.ok) throw new Error(feed.reason);
    const { images, labels } = loadBuiltinTestSet(MNIST);
    const originals = { count: N, rows: 28, cols: 28, pixels: images.pixels.slice(0, N * 784) };
    const converted = new Uint8Array(N * 784);
    for (let i = 0; i < N; i++) {
      const side = 28 * SCALE;
      const result = toMnistStyle({ width: side, height: side, data: onPaper(originals.pixels.subarray(i * 784, (i + 1) * 784)) });
      if (!result.ok) throw new Error(`image ${i}: ${result.reason}`);
      expect(result.value.steps.inverted).toBe(true);
      converted.set(result.value.pixels, i * 784);
    }
    const pre = { preset: 'standard', invert: false } as const;
    const accuracy = async (pixels: Uint8Array): Promise<number> => {
      const run = await evaluateNative(model, { count: N, rows: 28, cols: 28, pixels }, feed.value, pre);
      const predicted = argmaxRows(run.scores, N, run.classes);
      let right = 0;
      for (let i = 0; i < N; i++) if (predicted[i] === labels.labels[i]) right += 1;
      return right / N;
    };
    const before = await accuracy(originals.pixels);
    const after = await accuracy(converted);
    console.log(`mnist-cnn on ${N} test digits: ${before} as they are, ${after} from dark ink on paper at ${SCALE}×`);
    expect(before).toBeGreaterThan(0.98);
    expect(after).toBeGreaterThan(before - 0.01);
  }, 120_000);
});

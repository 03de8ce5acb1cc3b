import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { fixBatch } from './fixBatch';
import { inspectOnnx } from './inspect';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const logreg = new Uint8Array(readFileSync(join(ROOT, 'models', 'mnist-logreg.onnx')));
const keras = new Uint8Array(readFileSync(join(ROOT, '..', 'shared', 'models-third-party', 'mnist-keras-nhwc.onnx')));

const shapes = (bytes: Uint8Array) => {
  const inspected = inspectOnnx(bytes);
  if (!inspected.ok) throw new Error(inspected.reason);
  const shape = (v: (typeof inspected.value.inputs)[number]) => (v.type.kind === 'tensor' ? v.type.shape : null);
  return { inputs: inspected.value.inputs.map(shape), outputs: inspected.value.outputs.map(shape), parameters: inspected.value.parameters };
};

describe('fixBatch', () => {
  it('fixes the input and symbolic outputs of our logistic regression, leaving the weights alone', () => {
    const fixed = fixBatch(logreg, 'pixels', 100);
    if (!fixed.ok) throw new Error(fixed.reason);
    expect(shapes(logreg)).toEqual({ inputs: [['N', 784]], outputs: [['N', 10], ['N']], parameters: 7850 });
    expect(shapes(fixed.value)).toEqual({ inputs: [[100, 784]], outputs: [[100, 10], [100]], parameters: 7850 });
    // Only a few header bytes change: the weights are copied as they are.
    expect(Math.abs(fixed.value.length - logreg.length)).toBeLessThan(16);
  });

  it('gives a model onnxruntime runs at that batch with the same scores', async () => {
    const fixed = fixBatch(keras, 'conv2d_3_input', 3);
    if (!fixed.ok) throw new Error(fixed.reason);
    expect(shapes(fixed.value).inputs).toEqual([[3, 28, 28, 1]]);
    const input = new ort.Tensor('float32', Float32Array.from({ length: 3 * 784 }, (_, i) => (i * 37) % 255 / 255), [3, 28, 28, 1]);
    const [a, b] = await Promise.all([ort.InferenceSession.create(keras), ort.InferenceSession.create(fixed.value)]);
    const out = (s: ort.InferenceSession) => s.run({ conv2d_3_input: input }).then((r) => Array.from(r[s.outputNames[0]!]!.data as Float32Array));
    expect(await out(b)).toEqual(await out(a));
  });

  it('refuses what it cannot do', () => {
    expect(fixBatch(logreg, 'nope', 10)).toEqual({ ok: false, reason: "The model has no input named 'nope'." });
    expect(fixBatch(logreg, 'pixels', 0)).toEqual({ ok: false, reason: 'A batch of 0 images cannot be fixed in a model.' });
    expect(fixBatch(logreg.subarray(0, 100), 'pixels', 10).ok).toBe(false);
  });
});

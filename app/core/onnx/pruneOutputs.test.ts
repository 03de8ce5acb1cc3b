import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { inspectOnnx } from './inspect';
import { pruneOutputs } from './pruneOutputs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const logreg = new Uint8Array(readFileSync(join(ROOT, 'models', 'mnist-logreg.onnx')));

describe('pruneOutputs', () => {
  it('drops the label output and its ArgMax, keeping the probabilities and everything they need', async () => {
    const pruned = pruneOutputs(logreg, ['probabilities']);
    if (!pruned.ok) throw new Error(pruned.reason);
    const before = inspectOnnx(logreg);
    const after = inspectOnnx(pruned.value);
    if (!before.ok || !after.ok) throw new Error('unreadable');
    expect(after.value.outputs.map((o) => o.name)).toEqual(['probabilities']);
    expect(after.value.operators.map((o) => o.opType)).toEqual(['Gemm', 'Sigmoid', 'ReduceSum', 'Div']);
    expect(after.value.parameters).toBe(before.value.parameters);

    const input = new ort.Tensor('float32', Float32Array.from({ length: 2 * 784 }, (_, i) => ((i * 31) % 256) / 255), [2, 784]);
    const [a, b] = await Promise.all([ort.InferenceSession.create(logreg), ort.InferenceSession.create(pruned.value)]);
    const pa = (await a.run({ pixels: input }))['probabilities']!.data;
    const pb = (await b.run({ pixels: input }))['probabilities']!.data;
    expect(Array.from(pb as Float32Array)).toEqual(Array.from(pa as Float32Array));
  });

  it('leaves a model that only has the kept output unchanged, and refuses unknown outputs', () => {
    const once = pruneOutputs(logreg, ['probabilities']);
    if (!once.ok) throw new Error(once.reason);
    const twice = pruneOutputs(once.value, ['probabilities']);
    expect(twice.ok && twice.value).toBe(once.value);
    expect(pruneOutputs(logreg, ['logits'])).toEqual({ ok: false, reason: "The model has no output named 'logits'." });
  });
});

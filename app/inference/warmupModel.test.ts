import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { inspectOnnx } from '../core/onnx/inspect';
import { warmupModel } from './warmupModel';

describe('the warm-up model', () => {
  it('is a valid ONNX model onnxruntime runs: y = x', async () => {
    const bytes = warmupModel();
    expect(bytes.length).toBeLessThan(100);
    const session = await ort.InferenceSession.create(bytes);
    try {
      expect(session.inputNames).toEqual(['x']);
      const out = await session.run({ x: new ort.Tensor('float32', new Float32Array([0.25]), [1]) });
      expect(Array.from(out['y']!.data as Float32Array)).toEqual([0.25]);
    } finally {
      await session.release();
    }
  });

  it('reads as such with the page’s own ONNX reader', () => {
    const inspected = inspectOnnx(warmupModel());
    expect(inspected.ok).toBe(true);
    if (inspected.ok) expect(inspected.value.opsets).toEqual(expect.arrayContaining([expect.objectContaining({ version: 13 })]));
  });
});

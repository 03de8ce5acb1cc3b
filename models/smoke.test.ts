/**
 * The training scripts still train, export and load (models/smoke.ts). Opt-in, because it needs Debian's
 * python3-torch (and scikit-learn, onnx, numpy) plus the training data, which not every machine or CI job has:
 *
 *   npm run data -- --train && MODELS_SMOKE=1 npx vitest run models/smoke.test.ts
 */
import { expect, it } from 'vitest';
import { SMOKE_RUNS, smoke } from './smoke';

const enabled = process.env.MODELS_SMOKE === '1';

it('every training script trains on a few hundred images, exports, and the export loads in onnxruntime-node', async (ctx) => {
  if (!enabled) ctx.skip('set MODELS_SMOKE=1 to run the training smoke run (needs python3-torch, python3-sklearn, python3-onnx and `npm run data -- --train`)');
  const results = await smoke(() => {});
  expect(results.map((r) => r.id)).toEqual(SMOKE_RUNS.map((r) => r.id));
  for (const r of results) {
    expect(r.outputDims).toEqual([7, 10]);
    // One epoch on 300 images (3 optimiser steps for the CNNs) says nothing about the real models' accuracy;
    // the figure only has to be one.
    expect(r.accuracy, r.id).toBeGreaterThanOrEqual(0);
    expect(r.accuracy, r.id).toBeLessThanOrEqual(1);
  }
}, 900_000);

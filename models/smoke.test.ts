/**
 * The training scripts still train, export and load (models/smoke.ts), in about 20 s. It needs Debian's
 * python3-torch, python3-sklearn and python3-onnx and the training data (`npm run data -- --train`, which
 * `npm test` runs): CI installs them; on a machine without them the test is skipped and says what is missing.
 * MODELS_SMOKE=0 skips it anyway.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SMOKE_RUNS, smoke } from './smoke';

function unavailable(): string | null {
  if (process.env['MODELS_SMOKE'] === '0') return 'MODELS_SMOKE=0';
  const python = spawnSync('/usr/bin/python3', ['-c', 'import torch, sklearn, onnx, numpy'], { encoding: 'utf8' });
  if (python.status !== 0) return 'Debian python3 lacks torch, sklearn or onnx: apt-get install -y python3-torch python3-sklearn python3-onnx';
  if (!existsSync(join(import.meta.dirname, '.data', 'fashion-mnist', 'train-images-idx3-ubyte.gz'))) return 'no training data: npm run data -- --train';
  return null;
}
const why = unavailable();

it('every training script trains on a few hundred images, exports, and the export loads in onnxruntime-node', async (ctx) => {
  if (why) ctx.skip(`training smoke run skipped: ${why}`);
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

/**
 * The CLI's stress test (`--stress`): the JSON it writes, its clean point against the evaluation's own predictions,
 * and its usage errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MNIST } from '../core/datasets';
import { CORRUPTION_IDS } from '../core/corruptions/table';
import { evaluateFiles } from './headlessEval';
import { PROJECT_ROOT } from './testSetFiles';

const MODEL = join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx');
const DATA = join(PROJECT_ROOT, 'public', 'data', 'mnist');
const scratch = mkdtempSync(join(tmpdir(), 'stress-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'app', 'node', 'cli.ts'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });

describe('eval --stress', () => {
  it('writes every point for the first n images; the clean point is the evaluation’s own on them', async () => {
    const out = join(scratch, 'stress.json');
    const run = cli('--model', MODEL, '--dataset', 'mnist', '--stress', out, '--stress-images', '200');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Stress test on the first 200 images (seed 2019)');
    const json = JSON.parse(readFileSync(out, 'utf8')) as { images: number; seed: number; clean: { correct: number }; points: { corruption: string; severity: number; images: number; correct: number }[]; parameters: unknown[]; worst: { corruption: string } };
    expect(json.images).toBe(200);
    expect(json.seed).toBe(2019);
    expect(json.parameters).toHaveLength(15);
    expect(json.points).toHaveLength(15 * 6);
    expect(json.points.map((p) => p.corruption)).toEqual(CORRUPTION_IDS.flatMap((id) => new Array<string>(6).fill(id)));
    expect(json.points.every((p) => p.images === 200 && p.correct >= 0 && p.correct <= 200)).toBe(true);
    // The clean images are the test set's first 200: the same count correct as the plain evaluation gets there.
    const e = await evaluateFiles(MODEL, join(DATA, MNIST.test.images.name), join(DATA, MNIST.test.labels.name), null);
    let correct = 0;
    for (let i = 0; i < 200; i++) if (e.predictions.predicted[i] === e.data.labels.labels[i]) correct++;
    expect(json.clean.correct).toBe(correct);
    expect(json.points.filter((p) => p.severity === 0).every((p) => p.correct === correct)).toBe(true);
    // Full inversion leaves the logistic regression near chance.
    expect(json.points.find((p) => p.corruption === 'inversion' && p.severity === 5)!.correct).toBeLessThan(60);
  });

  it('refuses bad --stress options with status 2', () => {
    const bad = cli('--model', MODEL, '--dataset', 'mnist', '--stress', join(scratch, 'x.json'), '--stress-images', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--stress-images "0" must be a whole number of images, 1 or more.');
    const alone = cli('--model', MODEL, '--dataset', 'mnist', '--stress-images', '100');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--stress-images and --stress-seed go with --stress <file>.');
  });
});

/**
 * The headless CLI: it reproduces the seed model's card on the MNIST test set, writes the page's metrics
 * JSON, and fails with a clear message and its documented exit status on bad input or a missed CI gate.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MNIST } from '../core/datasets';
import { toRows } from '../core/metrics/confusion';
import type { ModelCard } from '../core/modelCard';
import { evaluateFiles } from './headlessEval';
import { PROJECT_ROOT } from './testSetFiles';

const MODEL = join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx');
const card = JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', 'mnist-logreg.card.json'), 'utf8')) as ModelCard;
const DATA = join(PROJECT_ROOT, 'public', 'data', 'mnist');
const IMAGES = join(DATA, MNIST.test.images.name);
const LABELS = join(DATA, MNIST.test.labels.name);
const scratch = mkdtempSync(join(tmpdir(), 'eval-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the CLI as `npm run eval` does (tsx), returning its exit status and output. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'app', 'node', 'cli.ts'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('evaluateFiles (the CLI without its process)', () => {
  it("reproduces the seed model's card: same confusion matrix, accuracy, preprocessing from the card", async () => {
    const e = await evaluateFiles(MODEL, IMAGES, LABELS, null);
    expect(e.choice).toEqual({ kind: 'fixed', pre: { preset: 'unit', invert: false } });
    expect(toRows(e.matrix)).toEqual(card.test.confusionMatrix);
    expect(e.accuracy).toBe(card.test.accuracy);
    expect(e.metrics).toMatchObject({
      format: 'classifier-lens-metrics/1',
      model: { name: card.name, fileName: 'mnist-logreg.onnx', sizeBytes: readFileSync(MODEL).length },
      dataset: { name: 'MNIST test set', count: 10_000, sha256: { images: MNIST.test.images.sha256, labels: MNIST.test.labels.sha256 } },
      accuracy: card.test.accuracy,
      correct: card.test.correct,
      total: card.test.samples,
      confusionMatrix: { counts: card.test.confusionMatrix },
    });
    expect(e.metrics.classificationReport.perClass.map((r) => r.support)).toEqual(card.test.confusionMatrix.map((row) => row.reduce((a, b) => a + b, 0)));
  });

  it('auto tries every preprocessing on the first 500 images and keeps the card\'s', async () => {
    const e = await evaluateFiles(MODEL, IMAGES, LABELS, { kind: 'auto' });
    expect(e.calibration?.rows).toHaveLength(8);
    expect(e.calibration?.rows[0]?.total).toBe(500);
    expect(e.preprocessing).toEqual({ preset: 'unit', invert: false });
    expect(toRows(e.matrix)).toEqual(card.test.confusionMatrix);
  });
});

describe('npm run eval', () => {
  it('prints the summary and writes the metrics JSON', () => {
    const out = join(scratch, 'metrics.json');
    const run = cli('--model', MODEL, '--images', IMAGES, '--labels', LABELS, '--json', out, '--min-accuracy', '0.9');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Accuracy   0.9193  (9,193 of 10,000)');
    expect(run.stdout).toMatch(/^class\s+precision\s+recall\s+f1\s+support$/m);
    expect(run.stdout).toContain('Confusion matrix (rows: true label, columns: predicted):');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.confusionMatrix.counts).toEqual(card.test.confusionMatrix);
    expect(json.accuracy).toBe(0.9193);
  });

  it('fails a CI gate with status 3', () => {
    const run = cli('--model', MODEL, '--dataset', 'mnist', '--min-accuracy', '0.95', '--quiet');
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('accuracy 0.9193 (10000 images)\n');
    expect(run.stderr).toContain('eval: accuracy 0.9193 is below --min-accuracy 0.95.');
  });

  it('refuses unusable input with status 1 and the reason', () => {
    const notModel = join(scratch, 'model.onnx');
    writeFileSync(notModel, 'hello\n');
    expect(cli('--model', notModel, '--images', IMAGES, '--labels', LABELS)).toMatchObject({ status: 1, stderr: expect.stringMatching(/^eval: model\.onnx: Not an ONNX model: /) });
    expect(cli('--model', MODEL, '--images', LABELS, '--labels', LABELS)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('eval: t10k-labels-idx1-ubyte.gz: Expected an image file (3 dimensions: count × rows × cols) but the IDX header has 1 (10000).'),
    });
    expect(cli('--model', join(scratch, 'missing.onnx'), '--images', IMAGES, '--labels', LABELS)).toMatchObject({ status: 1, stderr: expect.stringContaining('does not exist') });
  });

  it('refuses bad usage with status 2 and the usage text', () => {
    const run = cli('--model', MODEL, '--dataset', 'mnist', '--pre', 'sideways');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--pre "sideways" is not a preprocessing');
    expect(run.stderr).toContain('Usage: npm run eval --');
    expect(cli('--images', IMAGES).status).toBe(2);
  });
});

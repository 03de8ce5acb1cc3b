/**
 * `npm run eval -- --label-issues`: every image of the test set, flagged first, each group by score, written by the
 * same app/core code as the page's Suspect labels tab; checked here on mnist-logreg and the real MNIST test set.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLabelIssues } from '../core/labelIssues/labelIssues';
import { toProbabilities } from '../core/metrics/probabilities';
import { builtinTestFiles, evaluateFiles } from './headlessEval';
import { PROJECT_ROOT } from './testSetFiles';

const scratch = mkdtempSync(join(tmpdir(), 'label-issues-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('--label-issues', () => {
  it('writes every image in rank order with index,label,suggested,score,flagged', { timeout: 120_000 }, async () => {
    const out = join(scratch, 'ranking.csv');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'app', 'node', 'cli.ts'), '--model', 'models/mnist-logreg.onnx', '--dataset', 'mnist', '--label-issues', out, '--quiet'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Suspect labels: \d+ of 10000 images flagged by confident learning; estimated label errors \d+/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('index,label,suggested,score,flagged');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number) as [number, number, number, number, number]);
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((r) => r[0])).size).toBe(10_000);
    // Flagged first, then the rest; within each, the score never decreases.
    const firstUnflagged = rows.findIndex((r) => r[4] === 0);
    expect(rows.slice(firstUnflagged).every((r) => r[4] === 0)).toBe(true);
    for (let i = 1; i < rows.length; i++) if (i !== firstUnflagged) expect(rows[i]![3]).toBeGreaterThanOrEqual(rows[i - 1]![3]);
    // A flagged image is never one the model predicts as labelled.
    expect(rows.filter((r) => r[4] === 1).every((r) => r[1] !== r[2])).toBe(true);

    // The same as the core function over the same evaluation (what the page runs).
    const files = builtinTestFiles('mnist', PROJECT_ROOT);
    const evaluation = await evaluateFiles(join(PROJECT_ROOT, 'models', 'mnist-logreg.onnx'), files.images, files.labels, null);
    const issues = findLabelIssues(evaluation.data.labels.labels, toProbabilities(evaluation.predictions));
    expect(issues.ok && Array.from(issues.value.order)).toEqual(rows.map((r) => r[0]));
    expect(issues.ok && issues.value.flaggedCount).toBe(firstUnflagged);
  });
});

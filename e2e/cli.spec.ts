/**
 * The page and the headless CLI (npm run eval) give the same metrics JSON for the default model: the same
 * structure, identity, counts, matrix and predictions exactly; figures computed from the probabilities (confidence,
 * calibration) within 1e-5, because onnxruntime-web's WebAssembly kernels and onnxruntime-node's native ones
 * round the model's float32 arithmetic differently in the seventh or eighth digit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { openDashboard } from './helpers';

/** The JSON without the moment it was written, which is all that may differ. */
function comparable(text: string): unknown {
  const json = JSON.parse(text) as Record<string, unknown>;
  delete json['generatedAt'];
  return json;
}

/** Collects every place where `a` and `b` differ: integers and strings exactly, other numbers within 1e-5. */
function compare(a: unknown, b: unknown, path: string, out: string[]): void {
  if (typeof a === 'number' && typeof b === 'number') {
    const same = Number.isInteger(a) && Number.isInteger(b) ? a === b : Math.abs(a - b) <= 1e-5;
    if (!same) out.push(`${path}: ${a} vs ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} vs ${b.length}`);
    else a.forEach((x, i) => compare(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) compare((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, out);
  } else if (a !== b) out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

test('page and CLI write identical metrics JSON for the default model', async ({ page }) => {
  await openDashboard(page);
  await expect(page.getByTestId('export-metrics-json')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-metrics-json').click()]);
  const fromPage = readFileSync((await download.path())!, 'utf8');

  const out = join(mkdtempSync(join(tmpdir(), 'cli-')), 'metrics.json');
  const cli = spawnSync('npx', ['tsx', 'app/node/cli.ts', '--model', 'models/mnist-logreg.onnx', '--dataset', 'mnist', '--json', out, '--quiet'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  expect(cli.status, cli.stderr).toBe(0);
  const mismatches: string[] = [];
  compare(comparable(readFileSync(out, 'utf8')), comparable(fromPage), '$', mismatches);
  expect(mismatches).toEqual([]);
});

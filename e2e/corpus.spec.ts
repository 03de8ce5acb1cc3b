/**
 * The corpus of malformed inputs (e2e/fixtures/makeCorpus.ts, built into e2e/.corpus/ by the global setup):
 * every case is dropped on the page in turn; each must show its own message in data-testid="error", and the
 * evaluation on screen before the first case must stay there and keep working.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CORPUS } from './global-setup';
import { accuracyOf, dropFiles, fileBuffer, openDashboard, readBytes } from './helpers';

interface CorpusCase {
  readonly id: string;
  readonly about: string;
  readonly files: readonly string[];
  readonly message?: string;
  readonly pattern?: string;
}

interface Manifest {
  /** The note the page appends while older results stay on screen; expected messages leave it out. */
  readonly note: string;
  readonly cases: readonly CorpusCase[];
}

/** Read when the test runs: the global setup writes the corpus after the test files are loaded. */
const manifest = (): Manifest => JSON.parse(readFileSync(join(CORPUS, 'manifest.json'), 'utf8')) as Manifest;

/** What issue 7 asks the corpus to cover, by case id. */
const REQUIRED = [
  'gzip-truncated',
  'gzip-of-garbage',
  'idx-wrong-magic',
  'idx-float32-images',
  'idx-images-truncated',
  'idx-absurd-image-count',
  'empty-model',
  'empty-images',
  'labels-longer',
  'labels-shorter',
  'labels-above-classes',
  'labels-above-model-classes',
  'images-32x32',
  'png-renamed-gz',
  'text-renamed-onnx',
  'onnx-truncated-header',
  'onnx-custom-operator',
  'onnx-missing-kernel',
  'onnx-two-image-inputs',
  'onnx-scalar-output',
  'external-data-missing',
  'external-data-truncated',
  'onnx-one-class',
];

test('every malformed input in the corpus gets its own message, and the previous evaluation stays usable', async ({ page }) => {
  const { note, cases } = manifest();
  expect(cases.length).toBeGreaterThanOrEqual(25);
  expect(REQUIRED.filter((id) => !cases.some((c) => c.id === id))).toEqual([]);
  test.setTimeout(60_000 + cases.length * 15_000);

  const problems = await openDashboard(page);
  const accuracy = await accuracyOf(page);
  const seed = await page.getByTestId('sample-strip').getAttribute('data-seed');
  const messages = new Map<string, string>();
  for (const c of cases) {
    await test.step(`${c.id}: ${c.about}`, async () => {
      const files = c.files.map((f) => fileBuffer(basename(f), readBytes(join(CORPUS, f))));
      expect(await dropFiles(page, files), 'the drop ends in an error').toBe('error');
      const error = page.getByTestId('error');
      const shown = await error.innerText();
      expect(shown.endsWith(note.trim()), 'the page says the results on screen are older').toBe(true);
      // The whole message: onnxruntime's own text is under a collapsed "details" disclosure in the page.
      const text = (await error.getAttribute('data-message')) ?? '';
      // Soft: one run reports every case whose message is off.
      if (c.message !== undefined) expect.soft(text).toBe(c.message);
      else expect.soft(text).toMatch(new RegExp(c.pattern!));
      expect.soft([...messages].find(([, m]) => m === text)?.[0], 'another case gave the same message').toBeUndefined();
      messages.set(c.id, text);
      // The last good evaluation is still on screen.
      expect(await accuracyOf(page)).toBe(accuracy);
      await expect(page.getByTestId('cm-cell')).toHaveCount(100);
      await expect(page.getByTestId('sample')).toHaveCount(30);
    });
  }
  console.log(`  ${messages.size} corpus cases:\n${[...messages].map(([id, m]) => `    ${id}: ${m}`).join('\n')}`);

  // ...and still works: the matrix view toggles, a new draw of samples comes, and a new run succeeds.
  await page.getByTestId('matrix-view-errors').click();
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-view', 'errors');
  await page.getByTestId('redraw').click();
  await expect(page.getByTestId('sample-strip')).not.toHaveAttribute('data-seed', seed ?? '');
  await page.getByTestId('pre-select').selectOption('raw');
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-pre', 'raw', { timeout: 60_000 });
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done');
  // Bad files are reported on the page, never as uncaught errors.
  expect(problems.filter((p) => p.startsWith('page error'))).toEqual([]);
});

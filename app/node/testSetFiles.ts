/**
 * Node-side loading of a built-in dataset's test files (as `npm run data` lays them out), for tests,
 * the CLI and the benchmark. The page loads the same files over HTTP in app/io.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DatasetDescription } from '../core/datasets';
import { makeTestSet, readImages, readLabels, type TestSet } from '../core/testSet';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

export function readGzipFile(path: string): Uint8Array {
  return gunzipSync(readFileSync(path));
}

/** The built-in dataset's test set from public/data/<id>/; throws with the reader's message if unusable. */
export function loadBuiltinTestSet(dataset: DatasetDescription): TestSet {
  const folder = join(PROJECT_ROOT, 'public', 'data', dataset.id);
  const images = readImages(readGzipFile(join(folder, dataset.test.images.name)));
  const labels = readLabels(readGzipFile(join(folder, dataset.test.labels.name)));
  if (!images.ok) throw new Error(images.reason);
  if (!labels.ok) throw new Error(labels.reason);
  const set = makeTestSet(images.value, labels.value, dataset.classNames.length);
  if (!set.ok) throw new Error(set.reason);
  return set.value;
}

/**
 * The worker's whole-set conversion (convertedInput.ts) feeds a model exactly what the batch-by-batch conversion
 * (batchFeeds.ts, which the Node reference uses) does: the same values, batch for batch, for every input type,
 * preprocessing, free and fixed batches, on the MNIST test images.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { DATASETS } from '../core/datasets';
import type { Feed } from '../core/onnx/feed';
import type { Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';
import { loadData } from '../node/headlessEval';
import { PROJECT_ROOT } from '../node/testSetFiles';
import { batchFeeds, type InputValues } from './batchFeeds';
import { ConvertedInput, convertedKey, convertsWhole, MAX_CONVERTED_BYTES } from './convertedInput';

let images: ImageSet;

beforeAll(async () => {
  const mnist = DATASETS.find((d) => d.id === 'mnist')!;
  const folder = join(PROJECT_ROOT, 'public', 'data', mnist.id);
  images = (await loadData(join(folder, mnist.test.images.name), join(folder, mnist.test.labels.name))).images;
});

/** Every batch's values (copied: the default path reuses one buffer) and dims. */
function collect(inputType: Feed['inputType'], fixedBatch: number | null, pre: Preprocessing, converted: ConvertedInput | null) {
  const tensor = (type: Feed['inputType'], data: InputValues, dims: readonly number[]) => ({ type, data: data.slice(), dims: [...dims] });
  return [...batchFeeds(tensor, { inputType, layout: 'N,1,28,28' }, fixedBatch, images, pre, 1000, converted)];
}

describe('a test set converted whole feeds the model the batch-by-batch values', () => {
  const cases: [Feed['inputType'], Preprocessing, number | null][] = [
    ['float32', { preset: 'unit', invert: false }, null],
    ['float32', { preset: 'standard', invert: true }, null],
    ['float64', { preset: 'symmetric', invert: false }, null],
    ['uint8', { preset: 'raw', invert: true }, null],
    // A fixed batch that does not divide 10 000: the last batch is padded with blank images.
    ['float32', { preset: 'standard', invert: false }, 3000],
  ];
  test.each(cases)('%s, %o, fixed batch %s', (inputType, pre, fixedBatch) => {
    const expected = collect(inputType, fixedBatch, pre, null);
    const converted = new ConvertedInput('k', images, inputType, pre);
    // Part of it converted ahead (as while the session is made), the rest on demand by the batches.
    converted.ensure(2500);
    expect(converted.converted).toBe(2500);
    const actual = collect(inputType, fixedBatch, pre, converted);
    expect(converted.done).toBe(true);
    expect(actual.length).toBe(expected.length);
    for (let b = 0; b < expected.length; b++) {
      expect(actual[b]!.start).toBe(expected[b]!.start);
      expect(actual[b]!.runCount).toBe(expected[b]!.runCount);
      expect(actual[b]!.input.dims).toEqual(expected[b]!.input.dims);
      expect(actual[b]!.input.data.constructor).toBe(expected[b]!.input.data.constructor);
      expect(Buffer.from(actual[b]!.input.data.buffer).equals(Buffer.from(expected[b]!.input.data.buffer))).toBe(true);
    }
  });
});

test('only sets up to the memory bound are converted whole, and the key names what the values depend on', () => {
  expect(convertsWhole(images, 'float32')).toBe(true);
  const large: ImageSet = { ...images, count: Math.floor(MAX_CONVERTED_BYTES / (28 * 28 * 4)) + 1 };
  expect(convertsWhole(large, 'float32')).toBe(false);
  expect(convertsWhole(large, 'uint8')).toBe(true);
  const keys = new Set([
    convertedKey('images#1', 'float32', { preset: 'unit', invert: false }),
    convertedKey('images#1', 'float32', { preset: 'unit', invert: true }),
    convertedKey('images#1', 'float64', { preset: 'unit', invert: false }),
    convertedKey('images#2', 'float32', { preset: 'unit', invert: false }),
    convertedKey('images#1', 'float32', { preset: 'raw', invert: false }),
  ]);
  expect(keys.size).toBe(5);
});

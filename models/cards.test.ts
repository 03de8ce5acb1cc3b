/**
 * Every committed model reproduces its card: onnxruntime-node runs the .onnx on the real test set of the
 * card's dataset with the card's preprocessing, and the confusion matrix must equal the card's, cell for cell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../app/core/datasets';
import { accuracy, confusionMatrix, toRows } from '../app/core/metrics/confusion';
import type { ModelCard } from '../app/core/modelCard';
import { argmaxRows } from '../app/core/predictions';
import { evaluateNative } from '../app/node/nativeEvaluate';
import { loadBuiltinTestSet, PROJECT_ROOT } from '../app/node/testSetFiles';

const MODELS = join(PROJECT_ROOT, 'models');
const cards = readdirSync(MODELS)
  .filter((f) => f.endsWith('.card.json'))
  .map((f) => JSON.parse(readFileSync(join(MODELS, f), 'utf8')) as ModelCard);

describe('model cards', () => {
  it('there is at least the seed model', () => {
    expect(cards.map((c) => c.id)).toContain('mnist-logreg');
  });

  for (const card of cards) {
    it(`${card.id} reproduces its card natively`, async () => {
      const dataset = DATASETS.find((d) => d.id === card.dataset);
      expect(dataset, `card ${card.id} names an unknown dataset ${card.dataset}`).toBeDefined();
      const testSet = loadBuiltinTestSet(dataset!);
      const run = await evaluateNative(
        join(MODELS, card.file),
        testSet.images,
        { inputName: card.input.name, layout: card.input.layout, scoresOutput: card.outputs.scores },
        { preset: card.preprocessing.preset, invert: card.preprocessing.invert },
      );
      expect(run.classes).toBe(dataset!.classNames.length);
      const matrix = confusionMatrix(testSet.labels.labels, argmaxRows(run.scores, testSet.images.count, run.classes), run.classes);
      expect(toRows(matrix)).toEqual(card.test.confusionMatrix);
      expect(card.test.samples).toBe(testSet.images.count);
      expect(card.test.correct).toBe(Math.round(accuracy(matrix) * testSet.images.count));
      expect(card.test.accuracy).toBeCloseTo(accuracy(matrix), 4);
    });
  }
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argmaxRows } from '../predictions';
import { accuracy, cellCount, confusionMatrix, correct, errorRates, rowTotals, toRows, total } from './confusion';

/** Labels, scores and scikit-learn's metrics for them (see fixtures/make_sklearn_fixture.py). */
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as {
  classes: number;
  labels: number[];
  scores: number[][];
  predicted: number[];
  confusionMatrix: number[][];
  accuracy: number;
};

describe('confusionMatrix against scikit-learn', () => {
  const scores = Float32Array.from(fixture.scores.flat());
  const predicted = argmaxRows(scores, fixture.labels.length, fixture.classes);
  const m = confusionMatrix(fixture.labels, predicted, fixture.classes);

  it('arg-max of the float32 scores equals numpy’s', () => {
    expect(Array.from(predicted)).toEqual(fixture.predicted);
  });

  it('equals sklearn.metrics.confusion_matrix', () => {
    expect(toRows(m)).toEqual(fixture.confusionMatrix);
  });

  it('accuracy equals sklearn.metrics.accuracy_score', () => {
    expect(Math.abs(accuracy(m) - fixture.accuracy)).toBeLessThan(1e-12);
    expect(total(m)).toBe(fixture.labels.length);
  });
});

describe('confusionMatrix', () => {
  // 3 classes; by construction: true 0 → [0, 0, 1], true 1 → [1], true 2 → [2, 0].
  const m = confusionMatrix([0, 0, 0, 1, 2, 2], [0, 0, 1, 1, 2, 0], 3);

  it('puts true labels in rows and predictions in columns', () => {
    expect(toRows(m)).toEqual([
      [2, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(cellCount(m, 2, 0)).toBe(1);
    expect(correct(m)).toBe(4);
    expect(accuracy(m)).toBeCloseTo(4 / 6, 15);
    expect(Array.from(rowTotals(m))).toEqual([3, 1, 2]);
  });

  it('errors view: rows divided by their totals, diagonal zero', () => {
    expect(Array.from(errorRates(m))).toEqual([0, 1 / 3, 0, 0, 0, 0, 0.5, 0, 0]);
  });

  it('keeps an empty class’s row at zero instead of dividing by zero', () => {
    const empty = confusionMatrix([0, 0], [0, 1], 3);
    expect(Array.from(errorRates(empty)).every(Number.isFinite)).toBe(true);
    expect(accuracy(confusionMatrix([], [], 10))).toBe(0);
  });

  it('refuses mismatched lengths and out-of-range classes', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow('2 labels but 1 predictions');
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow('class index out of range at 1: true 3, predicted 1');
  });
});

describe('argmaxRows', () => {
  it('takes the first maximum on ties, as numpy', () => {
    expect(Array.from(argmaxRows(Float32Array.from([1, 3, 3, 0, 0, 0]), 2, 3))).toEqual([1, 0]);
  });
});

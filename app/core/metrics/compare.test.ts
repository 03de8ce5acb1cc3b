import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareModels, mcnemarExactP } from './compare';
import { toRows } from './confusion';
import type { SklearnFixture } from './fixtures/sklearnFixture';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;
const relativelyClose = (actual: number, expected: number) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(expected), 1e-300));

describe('compareModels against scikit-learn and statsmodels’ formula', () => {
  const c = compareModels(fixture.labels, fixture.predicted, fixture.modelB.predicted, fixture.classes);
  const { groups } = fixture.modelB;

  it('both accuracies, their difference and per-class recall deltas', () => {
    expect(Math.abs(c.accuracyA - fixture.accuracy)).toBeLessThan(1e-12);
    expect(Math.abs(c.accuracyB - fixture.modelB.accuracy)).toBeLessThan(1e-12);
    expect(c.difference).toBeCloseTo(fixture.modelB.accuracy - fixture.accuracy, 12);
    c.perClass.forEach((d, k) => {
      expect(Math.abs(d.recallA - fixture.perClass.recall[k]!)).toBeLessThan(1e-9);
      expect(Math.abs(d.recallB - fixture.modelB.recall[k]!)).toBeLessThan(1e-9);
      expect(d.delta).toBeCloseTo(d.recallB - d.recallA, 15);
      expect(d.support).toBe(fixture.perClass.support[k]);
    });
  });

  it('difference matrix is B − A', () => {
    expect(toRows(c.matrixB)).toEqual(fixture.modelB.confusionMatrix);
    const expected = fixture.modelB.confusionMatrix.flatMap((row, t) => row.map((v, p) => v - fixture.confusionMatrix[t]![p]!));
    expect(Array.from(c.differenceMatrix)).toEqual(expected);
  });

  it('disagreement groups hold the right indices', () => {
    expect(c.groups).toEqual(groups);
    expect(c.bothWrong).toBe(groups.bothWrongSame.length + groups.bothWrongDifferent.length);
    expect(c.bothRight + c.bothWrong + groups.aRightBWrong.length + groups.aWrongBRight.length).toBe(fixture.labels.length);
  });

  it('McNemar’s exact p-value on the discordant pairs', () => {
    expect(c.mcnemar.b).toBe(groups.aRightBWrong.length);
    expect(c.mcnemar.c).toBe(groups.aWrongBRight.length);
    relativelyClose(c.mcnemar.pValue, fixture.modelB.mcnemarP);
  });
});

describe('mcnemarExactP', () => {
  it('equals 2·binom.cdf(min(b, c), b + c, ½) capped at 1, also for thousands of discordant pairs', () => {
    for (const [b, c, p] of fixture.mcnemarCases) relativelyClose(mcnemarExactP(b, c), p);
  });

  it('is symmetric in b and c, 1 without discordant pairs, and tiny but not NaN when lopsided', () => {
    expect(mcnemarExactP(7, 21)).toBe(mcnemarExactP(21, 7));
    expect(mcnemarExactP(0, 0)).toBe(1);
    // 2 · 2^−n: exact in binary.
    expect(mcnemarExactP(0, 10)).toBeCloseTo(2 / 1024, 15);
    expect(mcnemarExactP(0, 5000)).toBe(0);
    const huge = mcnemarExactP(20000, 20500);
    expect(huge).toBeGreaterThan(0);
    expect(huge).toBeLessThan(1);
  });

  it('refuses predictions of another length', () => {
    expect(() => compareModels([0, 1], [0, 1], [0], 2)).toThrow('2 labels but 2 predictions from A and 1 from B');
  });
});

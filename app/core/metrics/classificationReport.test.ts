import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classificationReport } from './classificationReport';
import { confusionMatrix } from './confusion';
import type { SklearnFixture } from './fixtures/sklearnFixture';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;
const within = (actual: readonly number[], expected: readonly number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]!), `at ${i}: ${a} vs ${expected[i]}`).toBeLessThan(1e-9));
};

describe('classificationReport against scikit-learn', () => {
  const report = classificationReport(confusionMatrix(fixture.labels, fixture.predicted, fixture.classes));

  it('per-class precision, recall, F1 and support equal precision_recall_fscore_support', () => {
    within(report.rows.map((r) => r.precision), fixture.perClass.precision);
    within(report.rows.map((r) => r.recall), fixture.perClass.recall);
    within(report.rows.map((r) => r.f1), fixture.perClass.f1);
    expect(report.rows.map((r) => r.support)).toEqual(fixture.perClass.support);
  });

  it('macro and weighted averages, and accuracy', () => {
    for (const avg of ['macro', 'weighted'] as const) {
      within([report[avg].precision, report[avg].recall, report[avg].f1], [fixture.averages[avg].precision, fixture.averages[avg].recall, fixture.averages[avg].f1]);
    }
    expect(Math.abs(report.accuracy - fixture.accuracy)).toBeLessThan(1e-12);
    expect(report.support).toBe(fixture.labels.length);
  });

  it('notes class 7, never predicted, as a zero division of precision', () => {
    expect(report.zeroDivision).toEqual({ precision: [7], recall: [] });
    expect(report.rows[7]!.precision).toBe(0);
  });
});

describe('classificationReport with zero division both ways', () => {
  const z = fixture.zeroDivision;
  const report = classificationReport(confusionMatrix(z.labels, z.predicted, z.classes));

  it('equals scikit-learn with zero_division=0, absent classes counted in the macro average', () => {
    within(report.rows.map((r) => r.precision), z.precision);
    within(report.rows.map((r) => r.recall), z.recall);
    within(report.rows.map((r) => r.f1), z.f1);
    expect(report.rows.map((r) => r.support)).toEqual(z.support);
    within([report.macro.precision, report.macro.recall, report.macro.f1], [z.macro.precision, z.macro.recall, z.macro.f1]);
    within([report.weighted.precision, report.weighted.recall, report.weighted.f1], [z.weighted.precision, z.weighted.recall, z.weighted.f1]);
  });

  it('names the classes whose ratios were 0/0', () => {
    // Class 2: predicted once, never true (recall 0/0). Class 3: true once, never predicted (precision 0/0).
    expect(report.zeroDivision).toEqual({ precision: [3], recall: [2] });
  });

  it('an empty matrix reports zeros, not NaN', () => {
    const empty = classificationReport(confusionMatrix([], [], 3));
    expect(empty.accuracy).toBe(0);
    expect([empty.macro.f1, empty.weighted.precision, empty.weighted.recall, empty.weighted.f1]).toEqual([0, 0, 0, 0]);
    expect(empty.zeroDivision).toEqual({ precision: [0, 1, 2], recall: [0, 1, 2] });
  });
});

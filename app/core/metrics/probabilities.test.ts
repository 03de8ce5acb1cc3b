import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { predictionsFromScores } from '../predictions';
import type { SklearnFixture } from './fixtures/sklearnFixture';
import { probabilityRow, scoreKind, softmaxRows, toProbabilities } from './probabilities';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;

describe('scoreKind', () => {
  it('takes float32 probabilities (rows summing to 1 within rounding) as probabilities', () => {
    const scores = Float32Array.from(fixture.scores.flat());
    expect(scoreKind(scores, fixture.labels.length, fixture.classes)).toBe('probabilities');
  });

  it('takes logits as logits', () => {
    expect(scoreKind(Float32Array.from(fixture.modelB.logitsHead.flat()), 20, fixture.classes)).toBe('logits');
  });

  it('needs every row non-negative and summing to 1', () => {
    expect(scoreKind([0.5, 0.5, 0.2, 0.8], 2, 2)).toBe('probabilities');
    expect(scoreKind([0.5, 0.5, 0.2, 0.7], 2, 2)).toBe('logits');
    expect(scoreKind([1.2, -0.2], 1, 2)).toBe('logits');
    expect(scoreKind([Number.NaN, 1], 1, 2)).toBe('logits');
    // Independent sigmoids: each in [0, 1] but not a distribution.
    expect(scoreKind([0.9, 0.8, 0.1], 1, 3)).toBe('logits');
    expect(scoreKind([0.5, 0.5004], 1, 2)).toBe('probabilities');
    expect(scoreKind([0.5, 0.5004], 1, 2, 1e-4)).toBe('logits');
  });
});

describe('softmaxRows', () => {
  it('equals numpy’s softmax of float32 logits to 1e-9', () => {
    const out = softmaxRows(Float32Array.from(fixture.modelB.logitsHead.flat()), 20, fixture.classes);
    fixture.modelB.softmaxHead.flat().forEach((p, i) => expect(Math.abs(out[i]! - p)).toBeLessThan(1e-12));
  });

  it('is stable for huge logits and invariant to shifting a row', () => {
    const out = softmaxRows([1000, 1000, 999, -1e4, -1e4 - Math.log(3), -1e5], 2, 3);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    expect(out[0]).toBeCloseTo(out[1]!, 15);
    expect(out[0]! + out[1]! + out[2]!).toBeCloseTo(1, 15);
    expect(out[3]! / out[4]!).toBeCloseTo(3, 9);
    const shifted = softmaxRows([1, 2, 3, 101, 102, 103], 2, 3);
    for (let k = 0; k < 3; k++) expect(shifted[k]).toBeCloseTo(shifted[3 + k]!, 14);
  });

  it('shares a row among its +∞ entries and keeps NaN rows NaN', () => {
    expect(Array.from(softmaxRows([Infinity, 0, Infinity], 1, 3))).toEqual([0.5, 0, 0.5]);
    expect(Array.from(softmaxRows([Number.NaN, 0], 1, 2)).every(Number.isNaN)).toBe(true);
  });
});

describe('toProbabilities', () => {
  it('keeps probabilities as they are and says no softmax was applied', () => {
    const scores = Float32Array.from([0.25, 0.75, 1, 0]);
    const p = toProbabilities(predictionsFromScores(scores, 2, 2));
    expect(p).toMatchObject({ kind: 'probabilities', softmaxApplied: false });
    expect(Array.from(p.values)).toEqual([0.25, 0.75, 1, 0]);
  });

  it('applies softmax to logits and says so', () => {
    const p = toProbabilities(predictionsFromScores(Float32Array.from([0, Math.log(3), 2, 2]), 2, 2));
    expect(p).toMatchObject({ kind: 'logits', softmaxApplied: true });
    expect(probabilityRow(p, 0)[1]).toBeCloseTo(0.75, 7);
    expect(Array.from(probabilityRow(p, 1))).toEqual([0.5, 0.5]);
  });
});

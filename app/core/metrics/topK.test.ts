import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SklearnFixture } from './fixtures/sklearnFixture';
import { classRank, topKAccuracies, topKAccuracy } from './topK';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;

describe('topKAccuracy against scikit-learn', () => {
  const scores = Float32Array.from(fixture.scores.flat());

  it('equals top_k_accuracy_score for k = 1, 2, 3 on float32 scores', () => {
    for (const k of [1, 2, 3] as const) expect(Math.abs(topKAccuracy(fixture.labels, scores, fixture.classes, k) - fixture.topK[k])).toBeLessThan(1e-12);
    expect(topKAccuracies(fixture.labels, scores, fixture.classes).map((r) => r.accuracy)).toEqual([1, 2, 3].map((k) => topKAccuracy(fixture.labels, scores, fixture.classes, k)));
  });

  it('breaks ties as scikit-learn: among equal scores the higher class index ranks first', () => {
    const { labels, scores: rows, topK, hits } = fixture.topKTies;
    const flat = rows.flat();
    for (const k of [1, 2, 3] as const) {
      expect(topKAccuracy(labels, flat, 4, k)).toBeCloseTo(topK[k], 12);
      expect(labels.map((label, i) => classRank(flat, 4, i, label) <= k)).toEqual(hits[k]);
    }
    // All four equal: class 3 first, class 0 last.
    expect([0, 1, 2, 3].map((c) => classRank([0.25, 0.25, 0.25, 0.25], 4, 0, c))).toEqual([4, 3, 2, 1]);
  });

  it('is 0 for an empty set and 1 once k reaches the class count', () => {
    expect(topKAccuracy([], [], 3, 1)).toBe(0);
    expect(topKAccuracy(fixture.labels, scores, fixture.classes, fixture.classes)).toBe(1);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrateConfidentJoint, confidentJoint, confidentThresholds, keepAtLeastPerClass, roundHalfEven, roundPreservingSum, type ProbabilityMatrix } from './confidentLearning';
import { averageProbabilities, findLabelIssues, labelIssuesCsv, qualityScores, type LabelIssues } from './labelIssues';

const matrix = (rows: readonly (readonly number[])[]): ProbabilityMatrix => ({ count: rows.length, classes: rows[0]!.length, values: Float64Array.from(rows.flat()) });
const rows = (m: Float64Array, k: number): number[][] => Array.from({ length: m.length / k }, (_, r) => Array.from(m.subarray(r * k, (r + 1) * k)));
const found = (labels: readonly number[], p: ProbabilityMatrix, options = {}): LabelIssues => {
  const result = findLabelIssues(labels, p, options);
  if (!result.ok) throw new Error(result.reason);
  return result.value;
};
const flaggedIndices = (issues: LabelIssues): number[] => [...issues.flagged.keys()].filter((i) => issues.flagged[i]);

// Worked by hand: two classes, one mislabelled image in each.
//   t0 = mean(.9, .8, .2) = .6333…, t1 = mean(.9, .7, .3) = .6333…
//   confident guesses 0 0 1 | 1 1 0 → C = [[2, 1], [1, 2]] (already calibrated: rows sum to 3, total 6)
//   class 0 prunes 1 image by p1 − p0 (image 2), class 1 prunes 1 by p0 − p1 (image 5)
const handLabels = [0, 0, 0, 1, 1, 1];
const hand = matrix([
  [0.9, 0.1],
  [0.8, 0.2],
  [0.2, 0.8],
  [0.1, 0.9],
  [0.3, 0.7],
  [0.7, 0.3],
]);

describe('confident learning on a hand-worked case', () => {
  it('thresholds are the mean probability of each class over the images labelled with it', () => {
    const t = confidentThresholds(handLabels, hand);
    expect(t[0]).toBeCloseTo((0.9 + 0.8 + 0.2) / 3, 15);
    expect(t[1]).toBeCloseTo((0.9 + 0.7 + 0.3) / 3, 15);
  });

  it('counts the confident joint, flags one image per class and ranks by self-confidence', () => {
    const issues = found(handLabels, hand);
    expect(rows(issues.confidentJoint, 2)).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(rows(issues.calibratedJoint, 2)).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(flaggedIndices(issues)).toEqual([2, 5]);
    expect(issues.flaggedCount).toBe(2);
    expect(Array.from(issues.order)).toEqual([2, 5, 4, 1, 0, 3]);
    expect(Array.from(issues.rank)).toEqual([5, 4, 1, 6, 3, 2]);
    expect(Array.from(issues.suggested)).toEqual([0, 0, 1, 1, 1, 0]);
    expect(issues.estimate).toEqual({ offDiagonal: 2, calibrated: 2 });
  });

  it('normalized margin is (p_label − best other + 1) / 2', () => {
    const scores = qualityScores(handLabels, hand, 'normalized_margin');
    expect(scores[0]).toBeCloseTo(0.9, 15);
    expect(scores[2]).toBeCloseTo(0.2, 15);
    expect(scores[4]).toBeCloseTo(0.7, 15);
    expect(Array.from(found(handLabels, hand, { score: 'normalized_margin' }).order)).toEqual([2, 5, 4, 1, 0, 3]);
  });

  it('writes the CLI ranking in list order', () => {
    const csv = labelIssuesCsv(handLabels, found(handLabels, hand));
    expect(csv.split('\n').slice(0, 3)).toEqual(['index,label,suggested,score,flagged', '2,0,1,0.2,1', '5,1,0,0.3,1']);
  });
});

describe('the confident joint', () => {
  it('puts an image above threshold for several classes into the arg-max among them', () => {
    const p = matrix([
      [0.35, 0.6, 0.05], // above 0.3 for classes 0 and 1: counted as 1
      [0.6, 0.35, 0.05], // counted as 0
      [0.2, 0.2, 0.6], // only class 2
      [0.2999995, 0.1, 0.6000005], // 0.2999995 reaches 0.3 within cleanlab's 1e-6 slack: classes 0 and 2, arg-max 2
      [0.29, 0.29, 0.29], // below every threshold: not counted
    ]);
    const counts = confidentJoint([0, 1, 2, 0, 1], p, [0.3, 0.3, 0.3]);
    expect(Array.from(counts.guess)).toEqual([1, 0, 2, 2, -1]);
    expect(rows(counts.joint, 3)).toEqual([
      [1, 1, 1],
      [1, 1, 0], // diagonal raised to 1
      [0, 0, 1],
    ]);
    expect(counts.offDiagonal).toEqual([0, 1, 3]);
  });

  it('is calibrated to the label counts and to n', () => {
    // Row 0: [3, 1] scaled to 8 images → [6, 2]; row 1: [1, 1] to 2 → [1, 1].
    expect(rows(calibrateConfidentJoint(Float64Array.from([3, 1, 1, 1]), [8, 2], 2), 2)).toEqual([
      [6, 2],
      [1, 1],
    ]);
    // Row 0: [1, 2] to 4 → [1.33, 2.67] → [1, 3]; row 1: [2, 1] to 5 → [3.33, 1.67] → [3, 2].
    expect(rows(calibrateConfidentJoint(Float64Array.from([1, 2, 2, 1]), [4, 5], 2), 2)).toEqual([
      [1, 3],
      [3, 2],
    ]);
  });
});

describe('rounding and pruning counts', () => {
  it('rounds halves to even, as numpy', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2]);
  });

  it('rounds preserving the sum, the largest loss first and the later index among equals', () => {
    expect(roundPreservingSum([0.4, 0.4, 0.4, 0.8])).toEqual([0, 0, 1, 1]);
    // Taking one away: the smallest loss first, the lower index among equals.
    expect(roundPreservingSum([0.6, 0.6, 0.6, 0.2])).toEqual([0, 1, 1, 0]);
    expect(roundPreservingSum([1.5, 2.5, 3])).toEqual([2, 2, 3]);
  });

  it('keeps at least n images per class, taking the increase from the non-zero noise counts (cleanlab’s quirk included)', () => {
    // Column 0 (given label 0) has diagonal 0: raised to 1, and 1 / (nonzero − 1) = 1 taken from each noise count.
    const m = Float64Array.from([0, 0, 0, 3, 5, 0, 2, 0, 4]);
    expect(rows(keepAtLeastPerClass(m, 3, 1), 3)).toEqual([
      [1, 0, 0],
      [2, 5, 0],
      [1, 0, 4],
    ]);
  });

  it('frac_noise scales the noise counts and gives the rest to the diagonal', () => {
    const square = Float64Array.from([4, 1, 3, 2]); // column 0: diag 4, noise 3; column 1: noise 1, diag 2
    expect(rows(keepAtLeastPerClass(square, 2, 1, 0.5), 2)).toEqual([
      [5, 0],
      [1, 2],
    ]);
  });
});

describe('min_examples_per_class, missing classes and bad input', () => {
  it('never prunes a class with too few images and gives a class nobody has a threshold of 2', () => {
    const labels = [0, 0, 0, 1];
    const p = matrix([
      [0.9, 0.1, 0],
      [0.8, 0.2, 0],
      [0.1, 0.9, 0],
      [0.9, 0.1, 0],
    ]);
    const issues = found(labels, p);
    expect(issues.thresholds[2]).toBe(2);
    expect(issues.flagged[3]).toBe(0); // class 1 has one image: kept although it looks like a 0
    expect(issues.flagged[2]).toBe(1);
  });

  it('refuses labels outside the model’s classes', () => {
    const result = findLabelIssues([0, 3], matrix([[0.5, 0.5], [0.5, 0.5]]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/image 1 is labelled 3/);
  });

  it('averages two models’ probabilities element by element', () => {
    const avg = averageProbabilities([matrix([[1, 0]]), matrix([[0.5, 0.5]])]);
    expect(Array.from(avg.values)).toEqual([0.75, 0.25]);
    expect(() => averageProbabilities([matrix([[1, 0]]), matrix([[1, 0, 0]])])).toThrow();
  });
});

interface FixtureCase {
  readonly name: string;
  readonly labels: number[];
  readonly probabilities: number[][];
  readonly expected: {
    readonly thresholds: number[];
    readonly confidentJoint: number[][];
    readonly calibratedJoint: number[][];
    readonly pruneCounts: number[][];
    readonly flagged: number[];
    readonly selfConfidence: number[];
    readonly normalizedMargin: number[];
    readonly order: number[];
    readonly numLabelIssues: { offDiagonal: number; calibrated: number };
  };
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'confident-learning.json'), 'utf8')) as { cases: FixtureCase[] };

describe('against the numpy reference (fixtures/make_fixture.py)', () => {
  const close = (actual: ArrayLike<number>, expected: readonly number[]) => {
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-9);
  };
  it('has the three cases', () => expect(fixture.cases.map((c) => c.name)).toEqual(['dirichlet', 'mnist-logreg', 'edge']));
  for (const c of fixture.cases) {
    it(`${c.name}: thresholds, joints, prune counts, flags, scores, order and estimates agree`, () => {
      const p = matrix(c.probabilities);
      const issues = found(c.labels, p);
      const K = p.classes;
      close(issues.thresholds, c.expected.thresholds);
      expect(rows(issues.confidentJoint, K)).toEqual(c.expected.confidentJoint);
      expect(rows(issues.calibratedJoint, K)).toEqual(c.expected.calibratedJoint);
      expect(rows(issues.pruneCounts, K)).toEqual(c.expected.pruneCounts);
      expect(flaggedIndices(issues)).toEqual(c.expected.flagged);
      close(issues.scores, c.expected.selfConfidence);
      close(qualityScores(c.labels, p, 'normalized_margin'), c.expected.normalizedMargin);
      expect(Array.from(issues.order)).toEqual(c.expected.order);
      expect(issues.estimate).toEqual(c.expected.numLabelIssues);
      expect(issues.flaggedCount).toBeGreaterThan(0);
    });
  }
});

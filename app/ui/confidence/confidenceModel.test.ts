import { describe, expect, it } from 'vitest';
import { confidenceHistogram, reliability } from '../../core/metrics/calibration';
import { calibrationVerdict, histogramRows, reliabilityRows } from './confidenceModel';

// Five images: three right at 0.96, 0.96, 0.56; two wrong at 0.61 and 0.96 (away from bin edges).
const confidence = [0.96, 0.96, 0.56, 0.61, 0.96];
const labels = [1, 1, 1, 0, 0];
const predicted = [1, 1, 1, 1, 1];

describe('histogramRows', () => {
  const h = confidenceHistogram(confidence, labels, predicted);

  it('drops the empty low bins and keeps counts', () => {
    const rows = histogramRows(h, 'count');
    expect(rows[0]!.range).toBe('0.55–0.60');
    expect(rows).toHaveLength(9);
    expect(rows.map((r) => [r.correct, r.wrong])).toEqual([[1, 0], [0, 1], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [2, 1]]);
  });

  it('in share mode divides each group by its own total', () => {
    const rows = histogramRows(h, 'share');
    expect(rows[8]!.correct).toBeCloseTo(2 / 3, 15);
    expect(rows[8]!.wrong).toBeCloseTo(1 / 2, 15);
    expect(rows[8]!.correctCount).toBe(2);
  });
});

describe('reliability rows and verdict', () => {
  const r = reliability(confidence, labels, predicted);

  it('centre each bin and give the gap, null when empty', () => {
    const rows = reliabilityRows(r);
    expect(rows).toHaveLength(15);
    expect(rows[0]!.mid).toBeCloseTo(1 / 30, 15);
    expect(rows[0]!.gap).toBeNull();
    const top = rows[14]!;
    expect(top.range).toBe('0.93–1.00');
    expect(top.count).toBe(3);
    expect(top.gap).toBeCloseTo(0.96 - 2 / 3, 12);
  });

  it('calls confidence above accuracy over-confident', () => {
    expect(calibrationVerdict(r)).toBe('over-confident');
    expect(calibrationVerdict(reliability([0.6, 0.6], [1, 1], [1, 1]))).toBe('under-confident');
    expect(calibrationVerdict(reliability([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0], [1, 1, 1, 1]))).toBe('well calibrated');
    expect(calibrationVerdict(reliability([], [], []))).toBe('well calibrated');
  });
});

/** A shared report carries the review of suspect labels; decoding checks it against the report's matrix. */
import { describe, expect, it } from 'vitest';
import { REPORT_VERSION, validateReport, type SharedReport } from '../report';
import { correctRows, type ReviewedImage } from './review';

const matrix = [
  [5, 1],
  [2, 4],
];
const base: SharedReport = {
  v: REPORT_VERSION,
  createdAt: '2026-11-30T10:00:00.000Z',
  model: { name: 'm', fileName: 'm.onnx', sizeBytes: 1, producer: '', parameters: 1 },
  dataset: { id: null, name: 'mine', count: 12 },
  preprocessing: 'unit',
  classNames: ['a', 'b'],
  matrix,
  strip: { seed: 1, indices: [0], predicted: [0] },
};
const review: ReviewedImage[] = [
  { index: 3, given: 0, predicted: 1, status: 'wrong', corrected: 1 },
  { index: 7, given: 1, predicted: 0, status: 'ambiguous', corrected: null },
  { index: 9, given: 1, predicted: 1, status: 'right', corrected: null },
];

describe('a report’s review', () => {
  it('moves each reviewed image out of its cell and into its corrected one', () => {
    expect(correctRows(matrix, review)).toEqual([
      [5, 0],
      [1, 5],
    ]);
  });

  it('is accepted when it fits the matrix, and reports without one still are', () => {
    expect(validateReport({ ...base, review }).ok).toBe(true);
    expect(validateReport(base).ok).toBe(true);
  });

  it('is refused when an image is not in the matrix, repeated, or its mark is malformed', () => {
    const bad = (r: unknown) => {
      const v = validateReport({ ...base, review: r });
      return v.ok ? 'ok' : v.reason;
    };
    expect(bad([{ index: 1, given: 0, predicted: 1, status: 'wrong', corrected: 1 }, { index: 2, given: 0, predicted: 1, status: 'right', corrected: null }])).toMatch(/the matrix does not have/);
    expect(bad([review[0], review[0]])).toMatch(/out of range/);
    expect(bad([{ ...review[0], status: 'maybe' }])).toMatch(/status maybe/);
    expect(bad([{ ...review[0], corrected: null }])).toMatch(/corrected labels/);
    expect(bad([{ ...review[0], index: 12 }])).toMatch(/out of range/);
    expect(bad('3w1')).toMatch(/review/);
  });
});

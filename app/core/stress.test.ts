import { describe, expect, it } from 'vitest';
import { CORRUPTION_IDS } from './corruptions/table';
import { flippedImages, stressBlocks, stressChunks, stressReport } from './stress';

describe('stressBlocks and stressChunks', () => {
  it('puts the clean images first, then each chosen corruption at severities 1…5 in the table order', () => {
    const blocks = stressBlocks(['inversion', 'rotation']);
    expect(blocks).toEqual([
      { corruption: null, severity: 0 },
      ...[1, 2, 3, 4, 5].map((severity) => ({ corruption: 'rotation', severity })),
      ...[1, 2, 3, 4, 5].map((severity) => ({ corruption: 'inversion', severity })),
    ]);
    expect(stressBlocks(CORRUPTION_IDS)).toHaveLength(76);
  });

  it('cuts the blocks into chunks of at most 10 000 images covering each block once', () => {
    expect(stressChunks(76, 1000)).toHaveLength(8);
    expect(stressChunks(76, 1000).flatMap((c) => Array.from({ length: c.to - c.from }, (_, i) => c.from + i))).toEqual(Array.from({ length: 76 }, (_, i) => i));
    expect(stressChunks(76, 10_000)).toHaveLength(76);
    expect(stressChunks(3, 20_000)).toEqual([{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 2, to: 3 }]);
  });
});

describe('stressReport', () => {
  // 4 images, labels 0 1 2 3; the clean predictions get 3 right (image 3 wrong).
  const labels = [0, 1, 2, 3];
  const blocks = stressBlocks(['rotation', 'inversion']);
  const clean = [0, 1, 2, 0];
  const rotation = [[0, 1, 2, 0], [0, 1, 0, 0], [0, 0, 0, 3], [0, 0, 0, 0], [9, 9, 9, 9]];
  const inversion = [[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]];
  const predicted = Uint16Array.from([...clean, ...rotation.flat(), ...inversion.flat()]);
  const report = stressReport(labels, blocks, predicted, 4, 5);

  it('counts each point, with the clean point at severity 0 of every corruption', () => {
    expect(report.clean).toEqual({ correct: 3, accuracy: 0.75 });
    const rot = report.points.filter((p) => p.corruption === 'rotation').map((p) => [p.severity, p.correct, p.accuracy]);
    expect(rot).toEqual([[0, 3, 0.75], [1, 3, 0.75], [2, 2, 0.5], [3, 2, 0.5], [4, 1, 0.25], [5, 0, 0]]);
    expect(report.points.filter((p) => p.corruption === 'inversion').map((p) => p.correct)).toEqual([3, 4, 4, 4, 4, 4]);
    expect(report.points.every((p) => p.images === 4)).toBe(true);
  });

  it('gives the mean corrupted accuracy and the worst corruption', () => {
    expect(report.corruptions.map((c) => c.corruption)).toEqual(['rotation', 'inversion']);
    expect(report.corruptions[0]!.mean).toBeCloseTo((0.75 + 0.5 + 0.5 + 0.25 + 0) / 5, 12);
    expect(report.meanCorrupted).toBeCloseTo((2 / 5 + 1) / 2, 12);
    expect(report.worst?.corruption).toBe('rotation');
  });

  it('finds the images a corruption flipped from right to wrong', () => {
    expect(flippedImages(labels, blocks, predicted, 4, 'rotation', 2)).toEqual([2]);
    expect(flippedImages(labels, blocks, predicted, 4, 'rotation', 3)).toEqual([1, 2]);
    // Image 3 was wrong on the clean image: never counted as flipped.
    expect(flippedImages(labels, blocks, predicted, 4, 'inversion', 1)).toEqual([]);
    expect(flippedImages(labels, blocks, predicted, 4, 'shear', 1)).toEqual([]);
  });

  it('refuses predictions that do not match the blocks', () => {
    expect(() => stressReport(labels, blocks, predicted.subarray(1), 4, 5)).toThrow(RangeError);
  });
});

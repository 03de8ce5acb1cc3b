import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binIndex, confidenceHistogram, maxProbabilities, reliability } from './calibration';
import type { SklearnFixture } from './fixtures/sklearnFixture';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;

describe('calibration against numpy', () => {
  const n = fixture.labels.length;
  const confidence = maxProbabilities(Float32Array.from(fixture.scores.flat()), n, fixture.classes);

  it('reliability bins (count, mean confidence, accuracy) and ECE with 15 bins', () => {
    const r = reliability(confidence, fixture.labels, fixture.predicted);
    expect(r.bins).toHaveLength(15);
    expect(r.total).toBe(n);
    r.bins.forEach((bin, b) => {
      const expected = fixture.calibration.reliability[b]!;
      expect(bin.count).toBe(expected.count);
      if (expected.confidence === null || expected.accuracy === null) {
        expect(bin.confidence).toBeNull();
        expect(bin.accuracy).toBeNull();
      } else {
        expect(Math.abs(bin.confidence! - expected.confidence)).toBeLessThan(1e-9);
        expect(Math.abs(bin.accuracy! - expected.accuracy)).toBeLessThan(1e-9);
      }
      expect(bin.lower).toBeCloseTo(b / 15, 15);
      expect(bin.upper).toBeCloseTo((b + 1) / 15, 15);
    });
    expect(Math.abs(r.ece - fixture.calibration.ece)).toBeLessThan(1e-9);
  });

  it('correct vs wrong histogram with 20 bins equals numpy.histogram', () => {
    const h = confidenceHistogram(confidence, fixture.labels, fixture.predicted);
    expect(h.correct).toEqual(fixture.calibration.histogram.correct);
    expect(h.wrong).toEqual(fixture.calibration.histogram.wrong);
    expect(h.edges).toHaveLength(21);
    expect(h.edges[20]).toBe(1);
  });
});

describe('binIndex', () => {
  it('puts the lower edge in its bin and 1 in the last bin', () => {
    expect(binIndex(0, 15)).toBe(0);
    expect(binIndex(1 / 15, 15)).toBe(1);
    expect(binIndex(0.9999, 15)).toBe(14);
    expect(binIndex(1, 15)).toBe(14);
    expect(binIndex(0.5, 20)).toBe(10);
  });

  it('agrees with the edges where floor(value·bins) rounds the wrong way', () => {
    // For every edge, the float just below belongs to the bin below and the edge itself to its own bin.
    for (const bins of [15, 20, 7]) {
      for (let b = 1; b < bins; b++) {
        const e = b * (1 / bins);
        const below = e - Number.EPSILON * e;
        expect(binIndex(e, bins)).toBe(b);
        expect(binIndex(below, bins)).toBe(b - 1);
      }
    }
  });

  it('clamps slightly out-of-range confidences into the end bins', () => {
    expect(binIndex(1.0000001, 15)).toBe(14);
    expect(binIndex(-1e-9, 15)).toBe(0);
  });
});

describe('reliability', () => {
  it('is 0 for a perfectly calibrated set and |acc − conf| for one bin', () => {
    // Four images at 0.75 confidence, three right: calibrated.
    expect(reliability([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0], [1, 1, 1, 1]).ece).toBeCloseTo(0, 15);
    // Two at 0.9, one right: |0.5 − 0.9|.
    expect(reliability([0.9, 0.9], [0, 1], [0, 0]).ece).toBeCloseTo(0.4, 15);
    expect(reliability([], [], []).ece).toBe(0);
  });

  it('weights bins by their share of images', () => {
    // Bin of 0.95: 3 images all right (gap 0.05); bin of 0.55: 1 image wrong (gap 0.55).
    const r = reliability([0.95, 0.95, 0.95, 0.55], [0, 0, 0, 1], [0, 0, 0, 0]);
    expect(r.ece).toBeCloseTo((3 / 4) * 0.05 + (1 / 4) * 0.55, 14);
    expect(r.bins.filter((b) => b.count > 0).map((b) => b.count)).toEqual([1, 3]);
  });
});

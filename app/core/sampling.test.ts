import { describe, expect, it } from 'vitest';
import { nextSeed, sampleIndices } from './sampling';

describe('sampleIndices', () => {
  it('is reproducible from the seed', () => {
    expect(sampleIndices(10_000, 30, 42)).toEqual(sampleIndices(10_000, 30, 42));
  });

  it('gives distinct indices in range', () => {
    for (const seed of [0, 1, 42, 99_999, 0xffffffff]) {
      const drawn = sampleIndices(10_000, 30, seed);
      expect(drawn).toHaveLength(30);
      expect(new Set(drawn).size).toBe(30);
      expect(drawn.every((i) => Number.isInteger(i) && i >= 0 && i < 10_000)).toBe(true);
    }
  });

  it('differs between seeds', () => {
    expect(sampleIndices(10_000, 30, 1)).not.toEqual(sampleIndices(10_000, 30, 2));
  });

  it('draws everything, once each, when asked for more than there is', () => {
    expect([...sampleIndices(5, 30, 7)].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('is close to uniform: every index of 20 is drawn first about equally often', () => {
    const firsts = new Array<number>(20).fill(0);
    const trials = 20_000;
    for (let seed = 0; seed < trials; seed++) firsts[sampleIndices(20, 3, seed)[0]!]! += 1;
    // Chi-square with 19 degrees of freedom: 43.8 is the 0.999 quantile.
    const expected = trials / 20;
    const chi2 = firsts.reduce((sum, f) => sum + (f - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8);
  });
});

describe('nextSeed', () => {
  it('moves to another seed that is small enough to read', () => {
    let seed = 42;
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      seed = nextSeed(seed);
      expect(seed).toBeGreaterThanOrEqual(0);
      expect(seed).toBeLessThan(100_000);
      seen.add(seed);
    }
    expect(seen.size).toBeGreaterThan(95);
  });
});

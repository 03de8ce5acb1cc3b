import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/**
 * Draws `count` distinct indices from 0 … total−1, in random order, reproducibly from `seed`.
 * A partial Fisher–Yates shuffle over a virtual identity array: O(count) time and memory,
 * so drawing 30 of 60 000 costs 30 steps.
 */
export function sampleIndices(total: number, count: number, seed: number): number[] {
  const n = Math.min(count, total);
  const rng = xoroshiro128plus(seed);
  const swapped = new Map<number, number>();
  const drawn: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = unsafeUniformIntDistribution(i, total - 1, rng);
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    drawn.push(atJ);
  }
  return drawn;
}

/** A new seed for the "draw another" button: small enough to read and type back into a URL. */
export const nextSeed = (seed: number): number => (Math.imul(seed ^ 0x5bd1e995, 0x2c1b3c6d) >>> 0) % 100_000;

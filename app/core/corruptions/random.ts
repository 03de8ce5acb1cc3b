/**
 * The corruptions' randomness: one generator per image, seeded from the run's seed, the corruption, the
 * severity and the image's position in the test set. An image is therefore corrupted the same way whichever
 * other images run with it (1 000 or all 10 000, in one batch or in chunks, in the page or in the CLI).
 *
 * Determinism across JavaScript engines: the generator (xoroshiro128+ from pure-rand) is integer arithmetic;
 * +, −, ×, ÷ and Math.sqrt are correctly rounded IEEE 754 everywhere; the transcendental functions used here
 * (Math.log, Math.cos, Math.sin, Math.exp) are, in V8, its own port of fdlibm (src/base/ieee754.cc), the same
 * code in Node and in Chromium, so they return the same bits in both. The page and the CLI therefore corrupt
 * every image identically (e2e/stress.spec.ts checks that they agree on every accuracy).
 */
import { xoroshiro128plus } from 'pure-rand';

/** Uniform numbers in [0, 1), 32 bits of resolution. */
export type Uniform = () => number;

/** FNV-1a of a corruption's id: a stable number for it that does not depend on the table's order. */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Mixes the four coordinates of one corrupted image into a 32-bit seed (murmur3's finaliser after each step). */
export function imageSeed(seed: number, corruption: number, severity: number, index: number): number {
  let h = seed >>> 0;
  for (const part of [corruption, severity, index]) {
    h = Math.imul(h ^ (part >>> 0), 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h | 0;
}

export function uniform(seed: number): Uniform {
  const rng = xoroshiro128plus(seed);
  return () => (rng.unsafeNext() >>> 0) / 4294967296;
}

/** A standard normal number (Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]). */
export function normal(random: Uniform): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

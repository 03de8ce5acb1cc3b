import { describe, expect, it } from 'vitest';
import { loadBuiltinTestSet } from '../../node/testSetFiles';
import { DATASETS } from '../datasets';
import { corruptBlocks, corruptImage } from './apply';
import { rotateBy } from './geometric';
import { imageSeed, uniform } from './random';
import { CORRUPTIONS, corruptionById, SEVERITIES } from './table';
import type { ImageSet } from '../types';

const loaded = loadBuiltinTestSet(DATASETS.find((d) => d.id === 'mnist')!);
// A plain Uint8Array (node's gunzip gives a Buffer, which compares unequal to one).
const mnist = { images: { ...loaded.images, pixels: new Uint8Array(loaded.images.pixels) } };
const SIZE = 28 * 28;
const first = (n: number): ImageSet => ({ count: n, rows: 28, cols: 28, pixels: mnist.images.pixels.subarray(0, n * SIZE) });
const corrupt = (id: string, severity: number, index: number, seed = 1, images: ImageSet = mnist.images): Uint8Array => {
  const out = new Uint8Array(images.rows * images.cols);
  corruptImage(images, index, corruptionById(id)!, severity, seed, out);
  return out;
};
const tiny = (rows: number, cols: number, values: number[]): ImageSet => ({ count: 1, rows, cols, pixels: Uint8Array.from(values) });
const meanAbsDiff = (a: Uint8Array, b: Uint8Array): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;

describe('the corruption table', () => {
  it('has the fifteen corruptions of the issue, each with five described severities', () => {
    expect(CORRUPTIONS.map((c) => c.id)).toEqual([
      'rotation', 'shear', 'scale', 'translation', 'gaussian-noise', 'impulse-noise', 'gaussian-blur', 'motion-blur',
      'thickening', 'thinning', 'contrast', 'brightness', 'inversion', 'occlusion', 'elastic',
    ]);
    for (const c of CORRUPTIONS) for (const s of SEVERITIES) expect(c.describe(s)).not.toBe('');
    expect(() => CORRUPTIONS[0]!.describe(6)).toThrow(RangeError);
  });
});

describe('corruptions on real MNIST digits', () => {
  it('are the identity at severity 0, for every corruption', () => {
    for (const c of CORRUPTIONS) {
      for (const index of [0, 1, 7]) expect(corrupt(c.id, 0, index)).toEqual(mnist.images.pixels.subarray(index * SIZE, (index + 1) * SIZE));
    }
  });

  it('change the digits at every severity, and more at severity 5 than at 1', () => {
    const images = first(50);
    for (const c of CORRUPTIONS) {
      const diff = (s: number) => {
        let sum = 0;
        for (let i = 0; i < images.count; i++) sum += meanAbsDiff(corrupt(c.id, s, i, 1, images), images.pixels.subarray(i * SIZE, (i + 1) * SIZE));
        return sum / images.count;
      };
      const d = SEVERITIES.map(diff);
      for (const x of d) expect(x, `${c.id}`).toBeGreaterThan(0);
      expect(d[4]!, `${c.id}: ${d.join(', ')}`).toBeGreaterThan(d[0]!);
    }
  });

  it('are deterministic for a seed and differ between seeds (when random)', () => {
    for (const c of CORRUPTIONS) {
      expect(corrupt(c.id, 3, 5, 42)).toEqual(corrupt(c.id, 3, 5, 42));
      // Some draw only a sign (two outcomes): among eight other seeds, one at least must differ.
      const others = [43, 44, 45, 46, 47, 48, 49, 50].map((seed) => corrupt(c.id, 3, 5, seed));
      const same = others.filter((o) => o.every((v, i) => v === corrupt(c.id, 3, 5, 42)[i])).length;
      if (c.random) expect(same, c.id).toBeLessThan(8);
      else expect(same, c.id).toBe(8);
    }
  });

  it('corrupt an image the same way whatever images run with it (a subset, another chunk)', () => {
    const blocks = [{ corruption: null, severity: 0 }, { corruption: 'elastic', severity: 4 }, { corruption: 'impulse-noise', severity: 2 }];
    const all = corruptBlocks(mnist.images, 0, 20, blocks, 7);
    const tail = corruptBlocks(mnist.images, 12, 8, blocks.slice(1), 7);
    for (let i = 0; i < 8; i++) {
      expect(tail.pixels.subarray(i * SIZE, (i + 1) * SIZE)).toEqual(all.pixels.subarray((20 + 12 + i) * SIZE, (20 + 13 + i) * SIZE));
      expect(tail.pixels.subarray((8 + i) * SIZE, (9 + i) * SIZE)).toEqual(all.pixels.subarray((40 + 12 + i) * SIZE, (40 + 13 + i) * SIZE));
    }
    expect(all.pixels.subarray(0, 20 * SIZE)).toEqual(mnist.images.pixels.subarray(0, 20 * SIZE));
  });

  it('inversion at severity 5 is the negative, brightness adds its offset, translation shifts by whole pixels', () => {
    const src = mnist.images.pixels.subarray(0, SIZE);
    expect(corrupt('inversion', 5, 0)).toEqual(src.map((v) => 255 - v));
    expect(corrupt('brightness', 2, 0)).toEqual(src.map((v) => Math.min(255, v + 51)));
    const shifted = corrupt('translation', 3, 0);
    // Random signs: one of the four diagonal shifts by 3 px, exactly.
    const candidates = [-3, 3].flatMap((dx) => [-3, 3].map((dy) => {
      const out = new Uint8Array(SIZE);
      for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) {
        const rr = r + dy;
        const cc = c + dx;
        out[r * 28 + c] = rr < 0 || cc < 0 || rr >= 28 || cc >= 28 ? 0 : src[rr * 28 + cc]!;
      }
      return out;
    }));
    expect(candidates.some((c) => c.every((v, i) => v === shifted[i]))).toBe(true);
  });

  it('impulse noise replaces about its share of pixels; Gaussian noise has its σ on a mid-grey image', () => {
    let flipped = 0;
    for (let i = 0; i < 100; i++) {
      const src = mnist.images.pixels.subarray(i * SIZE, (i + 1) * SIZE);
      const out = corrupt('impulse-noise', 4, i);
      flipped += out.reduce((n, v, k) => n + (v !== src[k] ? 1 : 0), 0);
    }
    // 0.17 of the pixels are set to 0 or 255; about half of those were 0 already (background): ≈ 0.17 × (1 − 0.5·0.81).
    expect(flipped / (100 * SIZE)).toBeGreaterThan(0.08);
    expect(flipped / (100 * SIZE)).toBeLessThan(0.12);
    const grey = tiny(28, 28, new Array<number>(SIZE).fill(128));
    const noisy = corrupt('gaussian-noise', 1, 0, 3, grey);
    const mean = noisy.reduce((s, v) => s + v, 0) / SIZE;
    const sd = Math.sqrt(noisy.reduce((s, v) => s + (v - mean) ** 2, 0) / SIZE);
    expect(Math.abs(mean - 128)).toBeLessThan(2);
    expect(sd / (0.08 * 255)).toBeGreaterThan(0.9);
    expect(sd / (0.08 * 255)).toBeLessThan(1.1);
  });
});

describe('known values on tiny images', () => {
  it('a 90° rotation turns an asymmetric 3×3 pattern a quarter turn (as numpy.rot90)', () => {
    const src = Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const dst = new Uint8Array(9);
    rotateBy(src, dst, 3, 3, Math.PI / 2);
    expect([...dst]).toEqual([30, 60, 90, 20, 50, 80, 10, 40, 70]);
    rotateBy(src, dst, 3, 3, -Math.PI / 2);
    expect([...dst]).toEqual([70, 40, 10, 80, 50, 20, 90, 60, 30]);
  });

  it('thickening one pixel gives the plus at severity 1 and the 3×3 square at severity 2; thinning removes it', () => {
    const one = new Array<number>(25).fill(0);
    one[12] = 200;
    const image = tiny(5, 5, one);
    const plus = [0, 0, 0, 0, 0, 0, 0, 200, 0, 0, 0, 200, 200, 200, 0, 0, 0, 200, 0, 0, 0, 0, 0, 0, 0];
    const square = [0, 0, 0, 0, 0, 0, 200, 200, 200, 0, 0, 200, 200, 200, 0, 0, 200, 200, 200, 0, 0, 0, 0, 0, 0];
    expect([...corrupt('thickening', 1, 0, 1, image)]).toEqual(plus);
    expect([...corrupt('thickening', 2, 0, 1, image)]).toEqual(square);
    expect([...corrupt('thinning', 1, 0, 1, image)]).toEqual(new Array<number>(25).fill(0));
    // A 2-px wide bar survives the 2×1 pair (shrinking by one column) but not the 3×3 plus.
    const bar = tiny(5, 5, [0, 0, 0, 0, 0, 0, 90, 90, 0, 0, 0, 90, 90, 0, 0, 0, 90, 90, 0, 0, 0, 0, 0, 0, 0]);
    expect([...corrupt('thinning', 1, 0, 1, bar)]).toEqual([0, 0, 0, 0, 0, 0, 90, 0, 0, 0, 0, 90, 0, 0, 0, 0, 90, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...corrupt('thinning', 3, 0, 1, bar)].every((v) => v === 0)).toBe(true);
  });

  it('contrast leaves a flat image alone and pulls a two-level image towards its mean', () => {
    expect([...corrupt('contrast', 5, 0, 1, tiny(2, 2, [77, 77, 77, 77]))]).toEqual([77, 77, 77, 77]);
    // mean 100; (0 − 100)·0.4 + 100 = 60, (200 − 100)·0.4 + 100 = 140.
    expect([...corrupt('contrast', 1, 0, 1, tiny(2, 2, [0, 200, 0, 200]))]).toEqual([60, 140, 60, 140]);
  });

  it('scale shrinks towards the centre: a full white image keeps its centre and loses its border', () => {
    const out = corrupt('scale', 5, 0, 1, tiny(28, 28, new Array<number>(SIZE).fill(255)));
    expect(out[14 * 28 + 14]).toBe(255);
    expect(out[0]).toBe(0);
    const lit = out.reduce((n, v) => n + (v > 127 ? 1 : 0), 0);
    expect(lit / SIZE).toBeCloseTo(0.25, 1); // half the side: a quarter of the area
  });

  it('the per-image generator gives different streams for neighbouring images', () => {
    const a = uniform(imageSeed(1, 2, 3, 4));
    const b = uniform(imageSeed(1, 2, 3, 5));
    const xs = [a(), a(), a()];
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs).not.toEqual([b(), b(), b()]);
  });
});

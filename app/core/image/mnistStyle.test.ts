/**
 * The MNIST-style conversion against the numpy reference (fixtures/make_fixture.py), to the pixel, and on the
 * real MNIST test set: its images pass through byte for byte (mnistStyle.native.test.ts checks that the
 * same digits as dark ink on white paper at another size are still recognised).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MNIST } from '../datasets';
import { readImages } from '../testSet';
import { INK_THRESHOLD, MIN_CONTRAST, describeMnistStyle, toMnistStyle } from './mnistStyle';

interface FixtureCase {
  name: string;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: string;
  ok: boolean;
  pixels?: string;
  alreadyMnist?: boolean;
  inverted?: boolean;
  cropped?: boolean;
  resized?: boolean;
  inkBox?: [number, number, number, number];
  scaled?: [number, number];
  offset?: [number, number];
}
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'mnist-style.json'), 'utf8')) as {
  inkThreshold: number;
  minContrast: number;
  cases: FixtureCase[];
};
const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

describe('toMnistStyle against the numpy reference', () => {
  it('uses the same thresholds as the reference', () => {
    expect([fixture.inkThreshold, fixture.minContrast]).toEqual([INK_THRESHOLD, MIN_CONTRAST]);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const result = toMnistStyle({ width: c.width, height: c.height, data: bytes(c.data) });
      expect(result.ok).toBe(c.ok);
      if (!result.ok) {
        expect(result.reason).toMatch(/blank/);
        return;
      }
      expect(Array.from(result.value.pixels)).toEqual(Array.from(bytes(c.pixels!)));
      const s = result.value.steps;
      expect({ alreadyMnist: s.alreadyMnist, inverted: s.inverted, cropped: s.cropped, resized: s.resized }).toEqual({
        alreadyMnist: c.alreadyMnist, inverted: c.inverted, cropped: c.cropped, resized: c.resized,
      });
      if (c.inkBox) expect([s.inkBox.x, s.inkBox.y, s.inkBox.width, s.inkBox.height]).toEqual(c.inkBox);
      if (c.scaled) expect([s.scaled.width, s.scaled.height]).toEqual(c.scaled);
      if (c.offset) expect([s.offset.x, s.offset.y]).toEqual(c.offset);
      expect(describeMnistStyle(s)).toContain(`${c.width}×${c.height}`);
    });
  }

  it('covers every step: inversion, alpha, upscaling, clamping and both kinds of blank', () => {
    const converted = fixture.cases.filter((c) => c.ok && !c.alreadyMnist);
    expect(converted.some((c) => c.inverted)).toBe(true);
    expect(converted.some((c) => !c.inverted)).toBe(true);
    expect(fixture.cases.some((c) => c.channels === 4)).toBe(true);
    expect(converted.some((c) => c.scaled![1] > c.inkBox![3])).toBe(true); // upscaled
    expect(converted.some((c) => c.offset![0] === 0 || c.offset![0] + c.scaled![0] === 28)).toBe(true); // clamped
    expect(fixture.cases.filter((c) => !c.ok).length).toBeGreaterThanOrEqual(2);
  });
});

describe('toMnistStyle on the real MNIST test set', () => {
  const raw = gunzipSync(readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'data', 'mnist', MNIST.test.images.name)));
  const read = readImages(raw);
  if (!read.ok) throw new Error(read.reason);
  const images = read.value;
  const image = (i: number): Uint8Array => images.pixels.subarray(i * 784, (i + 1) * 784);

  it('uses every 28×28 grey test image as it is, byte for byte (also given as opaque RGBA)', () => {
    for (let i = 0; i < images.count; i++) {
      const result = toMnistStyle({ width: 28, height: 28, data: image(i) });
      if (!result.ok || !result.value.steps.alreadyMnist) throw new Error(`image ${i} was converted`);
      if (!result.value.pixels.every((v, k) => v === image(i)[k])) throw new Error(`image ${i} changed`);
    }
    const rgba = new Uint8Array(784 * 4);
    image(0).forEach((v, k) => rgba.set([v, v, v, 255], k * 4));
    const result = toMnistStyle({ width: 28, height: 28, data: rgba });
    expect(result.ok && result.value.steps.alreadyMnist && Array.from(result.value.pixels)).toEqual(Array.from(image(0)));
  });

  it('says why a picture has nothing to convert', () => {
    const empty = toMnistStyle({ width: 0, height: 5, data: new Uint8Array(0) });
    expect(empty.ok || empty.reason).toMatch(/no pixels/);
    const wrong = toMnistStyle({ width: 4, height: 4, data: new Uint8Array(20) });
    expect(wrong.ok || wrong.reason).toMatch(/20 bytes are not 4×4 pixels/);
    const black = toMnistStyle({ width: 40, height: 40, data: new Uint8Array(1600) });
    expect(black.ok || black.reason).toMatch(/blank/);
  });
});

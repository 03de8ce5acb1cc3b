/** The fast PNG path gives what fast-png gives, byte for byte, on the real test images in every simple layout. */
import { decode, encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { testSet } from '../../../e2e/formatFixtures';
import { decodeSimplePng } from './fastPng';

const { images } = testSet(40);

describe('decodeSimplePng', () => {
  for (const channels of [1, 2, 3, 4]) {
    it(`${channels} channel(s), 8-bit: the stored bytes, as fast-png reads them`, () => {
      for (let i = 0; i < images.count; i++) {
        const grey = images.pixels.subarray(i * 784, (i + 1) * 784);
        const data = new Uint8Array(784 * channels);
        for (let p = 0; p < 784; p++) for (let c = 0; c < channels; c++) data[p * channels + c] = channels === 2 && c === 1 ? 255 - grey[p]! : grey[p]!;
        const file = encode({ width: 28, height: 28, data, channels, depth: 8 });
        const fast = decodeSimplePng(file)!;
        const reference = decode(file);
        expect(fast.width).toBe(28);
        for (let p = 0; p < 784; p++) expect(fast.data[p * 4 + (channels >= 3 ? 1 : 0)]).toBe(reference.data[p * channels + (channels >= 3 ? 1 : 0)]);
        if (channels === 1) expect(Array.from(fast.data.filter((_, k) => k % 4 === 0))).toEqual(Array.from(grey));
      }
    });
  }
  it('16-bit and palette images are left to fast-png', () => {
    expect(decodeSimplePng(encode({ width: 2, height: 2, data: new Uint16Array(4), channels: 1, depth: 16 }))).toBeNull();
  });
});

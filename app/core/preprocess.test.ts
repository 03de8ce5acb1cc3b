import { describe, expect, it } from 'vitest';
import { lookupTable, preprocessInto, type PresetName } from './preprocess';

describe('preprocessing presets', () => {
  const pixels = Uint8Array.from([0, 51, 255]);
  const cases: [PresetName, boolean, number[]][] = [
    ['unit', false, [0, 0.2, 1]],
    ['unit', true, [1, 0.8, 0]],
    ['raw', false, [0, 51, 255]],
    ['raw', true, [255, 204, 0]],
    ['standard', false, [-0.1307 / 0.3081, (0.2 - 0.1307) / 0.3081, (1 - 0.1307) / 0.3081]],
    ['symmetric', false, [-1, 51 / 127.5 - 1, 1]],
    ['symmetric', true, [1, 204 / 127.5 - 1, -1]],
  ];
  for (const [preset, invert, expected] of cases) {
    it(`${preset}${invert ? ', inverted' : ''}`, () => {
      const out = new Float32Array(3);
      preprocessInto(pixels, lookupTable({ preset, invert }), out);
      expected.forEach((value, i) => expect(out[i]).toBeCloseTo(value, 6));
    });
  }
});

describe('preprocessInto', () => {
  it('gives every pixel its table value, whatever the alignment and length of the slice', () => {
    const buffer = new Uint8Array(4096 + 8);
    for (let i = 0; i < buffer.length; i++) buffer[i] = (i * 7919 + 13) % 256;
    const table = lookupTable({ preset: 'standard', invert: true });
    for (const start of [0, 1, 2, 3, 5]) {
      for (const length of [0, 1, 3, 4, 7, 784, 4096]) {
        const pixels = buffer.subarray(start, start + length);
        for (const out of [new Float32Array(length), new Float64Array(length)]) {
          preprocessInto(pixels, table, out);
          for (let i = 0; i < length; i++) expect(out[i]).toBe(table[pixels[i]!]);
        }
      }
    }
  });
});

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

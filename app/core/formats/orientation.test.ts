/** When the model's accuracy says a set is stored transposed, and when it does not. */
import { describe, expect, it } from 'vitest';
import { chooseOrientation, orientationSlice } from './orientation';

describe('orientation', () => {
  it('flips only when transposed is clearly better and above chance', () => {
    expect(chooseOrientation(0.12, 0.91, 10)).toBe(true);
    expect(chooseOrientation(0.9, 0.95, 10)).toBe(false); // ordinary noise: never flipped
    expect(chooseOrientation(0.02, 0.13, 10)).toBe(false); // both at chance: the scaling is wrong, not the orientation
    expect(chooseOrientation(0.05, 0.4, 47)).toBe(true);
  });
  it('the slice is the first 500 images, and its transpose swaps rows and columns', () => {
    const pixels = new Uint8Array(600 * 4);
    pixels.set([1, 2, 3, 4]);
    const { asIs, transposed } = orientationSlice({ count: 600, rows: 2, cols: 2, pixels });
    expect(asIs.count).toBe(500);
    expect(Array.from(transposed.pixels.subarray(0, 4))).toEqual([1, 3, 2, 4]);
  });
});

import { describe, expect, it } from 'vitest';
import { decimal3, images, ordinal, percent, points, pValue, signed } from './format';

describe('formats', () => {
  it('percentages and points', () => {
    expect(percent(0.9193)).toBe('91.9%');
    expect(percent(1, 0)).toBe('100%');
    expect(points(0.0123)).toBe('+1.2 pts');
    expect(points(-0.004)).toBe('−0.4 pts');
    expect(points(0.00001)).toBe('±0.0 pts');
    expect(decimal3(0.92666)).toBe('0.927');
  });

  it('signed counts, ordinals and image counts', () => {
    expect([signed(5), signed(-3), signed(0)]).toEqual(['+5', '−3', '0']);
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
    expect([images(1), images(41), images(10000)]).toEqual(['1 image', '41 images', '10,000 images']);
  });

  it('p-values', () => {
    expect(pValue(1)).toBe('1');
    expect(pValue(0.0500)).toBe('0.05');
    expect(pValue(0.12310113)).toBe('0.1231');
    expect(pValue(0.00001675)).toBe('1.7e-5');
    expect(pValue(0)).toBe('< 1e-300');
  });
});

import { describe, expect, it } from 'vitest';
import { calibrate, chooseCalibration, type CalibrationRow } from './calibration';
import type { Preprocessing } from './preprocess';
import { CANDIDATES, formatChoice, parseChoice } from './preprocessChoice';
import type { ImageSet, LabelSet } from './types';

const row = (preset: CalibrationRow['pre']['preset'], invert: boolean, correct: number): CalibrationRow => ({
  pre: { preset, invert },
  correct,
  total: 500,
  accuracy: correct / 500,
});

describe('chooseCalibration', () => {
  it('picks the most accurate candidate, the earlier one on a tie', () => {
    const c = chooseCalibration([row('unit', false, 450), row('raw', false, 470), row('standard', false, 470)], 10);
    expect(c.best.pre).toEqual({ preset: 'raw', invert: false });
    expect(c.nearChance).toBe(false);
  });
  it('warns when the best is near chance', () => {
    expect(chooseCalibration([row('unit', false, 60), row('raw', true, 149)], 10).nearChance).toBe(true);
    expect(chooseCalibration([row('unit', false, 150)], 10).nearChance).toBe(false);
  });
});

describe('preprocessing choice', () => {
  it('tries every preset, plain then inverted', () => {
    expect(CANDIDATES.map((pre) => formatChoice({ kind: 'fixed', pre }))).toEqual([
      'unit', 'raw', 'standard', 'symmetric', 'unit,invert', 'raw,invert', 'standard,invert', 'symmetric,invert',
    ]);
  });
  it('round-trips through the URL form and refuses anything else', () => {
    for (const text of ['auto', 'unit', 'symmetric,invert']) expect(formatChoice(parseChoice(text)!)).toBe(text);
    for (const text of ['', 'Unit', 'unit,flip', 'auto,invert', 'javascript:alert(1)']) expect(parseChoice(text)).toBeNull();
  });
});

describe('calibrate', () => {
  // Four 1×1 "images" whose single pixel is the label times 50; a fake model predicts class round(value/50)
  // when fed raw pixels, so only the raw presets are right.
  const images: ImageSet = { count: 4, rows: 1, cols: 1, pixels: Uint8Array.from([0, 50, 100, 150]) };
  const labels: LabelSet = { count: 4, labels: Uint8Array.from([0, 1, 2, 3]) };
  const score = async (slice: ImageSet, pre: Preprocessing) => {
    const scores = new Float32Array(slice.count * 4);
    for (let i = 0; i < slice.count; i++) {
      const value = pre.invert ? 255 - slice.pixels[i]! : slice.pixels[i]!;
      const guess = pre.preset === 'raw' ? Math.min(3, Math.round(value / 50)) : 0;
      scores[i * 4 + guess] = 1;
    }
    return { scores, classes: 4 };
  };

  it('tries every candidate and keeps the best', async () => {
    const steps: number[] = [];
    const c = await calibrate(images, labels, 'float32', (s, pre, step) => (steps.push(step.index), score(s, pre)));
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(c.best.pre).toEqual({ preset: 'raw', invert: false });
    expect(c.best.accuracy).toBe(1);
    expect(c.rows.find((r) => r.pre.preset === 'unit' && !r.pre.invert)?.correct).toBe(1);
  });

  it('offers a uint8 input only the raw presets', async () => {
    const c = await calibrate(images, labels, 'uint8', score);
    expect(c.rows.map((r) => formatChoice({ kind: 'fixed', pre: r.pre }))).toEqual(['raw', 'raw,invert']);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseCalibration, type CalibrationRow } from './calibration';
import { CANDIDATES, formatChoice, parseChoice } from './preprocessChoice';

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

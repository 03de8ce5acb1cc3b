import { describe, expect, it } from 'vitest';
import { confusionMatrix } from '../../core/metrics/confusion';
import { formatPercent, heatmapCells, textColourOn } from './heatmap';

const m = confusionMatrix([0, 0, 0, 0, 1, 1, 2], [0, 0, 0, 1, 1, 2, 2], 3);

describe('heatmapCells', () => {
  it('counts view: counts as text, diagonal and errors on separate scales, zero cells neutral', () => {
    const cells = heatmapCells(m, 'counts');
    expect(cells.map((row) => row.map((c) => c.text))).toEqual([
      ['3', '1', '0'],
      ['0', '1', '1'],
      ['0', '0', '1'],
    ]);
    expect(cells[0]![2]!.background).toBe('rgb(246, 247, 249)');
    expect(cells[0]![0]!.background).not.toBe(cells[0]![1]!.background);
    // The largest error is as dark as the error scale goes, whatever the diagonal's size.
    expect(cells[0]![1]!.background).toBe(cells[1]![2]!.background);
    expect(cells[0]![1]!.shareOfRow).toBeCloseTo(0.25, 12);
  });

  it('errors view: percent of the row off the diagonal, a dash on it', () => {
    const cells = heatmapCells(m, 'errors');
    expect(cells.map((row) => row.map((c) => c.text))).toEqual([
      ['—', '25.0%', '0'],
      ['0', '—', '50.0%'],
      ['0', '0', '—'],
    ]);
    expect(cells[1]![1]!.count).toBe(1);
  });
});

describe('textColourOn', () => {
  it('puts white on dark and dark on light backgrounds', () => {
    expect(textColourOn('rgb(8, 48, 107)')).toBe('rgb(255, 255, 255)');
    expect(textColourOn('rgb(254, 230, 206)')).toBe('rgb(23, 27, 33)');
  });
});

describe('formatPercent', () => {
  it('keeps small shares visible', () => {
    expect(formatPercent(0)).toBe('0');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.0471)).toBe('4.7%');
  });
});

import { interpolateBlues, interpolateOranges, interpolateOrRd } from 'd3-scale-chromatic';
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
    expect(textColourOn('rgb(254, 230, 206)')).toBe('rgb(0, 0, 0)');
  });
  it('meets WCAG AA (4.5:1) on every colour of the scales, mid-orange included', () => {
    const lum = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map((c) => Number(c) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    for (const scale of [interpolateBlues, interpolateOranges, interpolateOrRd]) {
      for (let t = 0; t <= 1; t += 0.01) expect(contrast(scale(t), textColourOn(scale(t)))).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColourOn('rgb(240, 106, 24)')).toBe('rgb(0, 0, 0)'); // was white at 3.1:1
  });
});

describe('formatPercent', () => {
  it('keeps small shares visible', () => {
    expect(formatPercent(0)).toBe('0');
    expect(formatPercent(0.0004)).toBe('<0.1%');
    expect(formatPercent(0.0471)).toBe('4.7%');
  });
});

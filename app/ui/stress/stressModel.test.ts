import { describe, expect, it } from 'vitest';
import { stressBlocks, stressReport } from '../../core/stress';
import { cellShade, chartLines, chartRows, colourOf, LINE_COLOURS, severityGrid, summaries, tableRows, type ModelStress } from './stressModel';

// Two images labelled 0 and 1; both right when clean; translation breaks one at severity 3 and both from 4.
const labels = [0, 1];
const blocks = stressBlocks(['translation', 'contrast']);
const predictions = (broken: number[]): number[] =>
  [0, 0, 1, 1, 1, 1, 1].flatMap((_, b) => (b === 0 ? [0, 1] : [])).concat(
    [1, 2, 3, 4, 5].flatMap((s) => (s >= 4 ? [9, 9] : s === 3 ? [0, 9] : [0, 1])),
    [1, 2, 3, 4, 5].flatMap((s) => (broken.includes(s) ? [1, 0] : [0, 1])),
  );
const run = (model: 'A' | 'B', broken: number[]): ModelStress => {
  const predicted = Uint16Array.from(predictions(broken));
  return { model, name: `model ${model}`, report: stressReport(labels, blocks, predicted, 2, 1), predicted };
};
const a = run('A', [5]);
const b = run('B', [2, 3, 4, 5]);

describe('chartRows and chartLines', () => {
  it('gives one row per severity with every model × corruption accuracy', () => {
    const rows = chartRows([a, b]);
    expect(rows.map((r) => r.severity)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(rows.map((r) => r['A:translation'])).toEqual([1, 1, 1, 0.5, 0, 0]);
    expect(rows.map((r) => r['A:contrast'])).toEqual([1, 1, 1, 1, 1, 0]);
    expect(rows.map((r) => r['B:contrast'])).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('names lines by model only when comparing, dashes B, and colours a corruption the same in both', () => {
    expect(chartLines([a]).map((l) => l.name)).toEqual(['Translation', 'Contrast']);
    const both = chartLines([a, b]);
    expect(both.map((l) => [l.key, l.dashed])).toEqual([['A:translation', false], ['A:contrast', false], ['B:translation', true], ['B:contrast', true]]);
    expect(both[0]!.colour).toBe(both[2]!.colour);
    expect(new Set(LINE_COLOURS).size).toBe(15);
    expect(colourOf('rotation')).not.toBe(colourOf('elastic'));
  });
});

describe('tableRows, cellShade and summaries', () => {
  it('has a row per corruption with its parameters and each model’s accuracy', () => {
    const rows = tableRows([a, b]);
    expect(rows.map((r) => r.corruption)).toEqual(['translation', 'contrast']);
    expect(rows[0]!.cells.map((c) => c.parameter)).toEqual(['clean', '1 px', '2 px', '3 px', '4 px', '5 px']);
    expect(rows[1]!.cells[2]!.values).toEqual([
      { model: 'A', accuracy: 1, correct: 2, images: 2 },
      { model: 'B', accuracy: 0, correct: 0, images: 2 },
    ]);
    expect(rows[0]!.means.map((m) => m.mean)).toEqual([0.5, 0.5]);
  });

  it('shades by the drop from clean, full at half the clean accuracy', () => {
    expect(cellShade(0.99, 0.99)).toBe(0);
    expect(cellShade(0.495, 0.99)).toBe(1);
    expect(cellShade(0.1, 0.99)).toBe(1);
    expect(cellShade(0.7425, 0.99)).toBeCloseTo(0.5, 12);
  });

  it('summarises clean, mean corrupted, worst and the shifts', () => {
    const [sa, sb] = summaries([a, b]);
    expect(sa).toMatchObject({ model: 'A', clean: 1, meanCorrupted: (0.5 + 0.8) / 2, worst: { name: 'Translation', mean: 0.5 }, shifts: 0.5 });
    expect(sb!.worst).toEqual({ name: 'Contrast', mean: 0.2 });
  });
});

describe('severityGrid', () => {
  it('holds the clean image at severity 0 and the corruption’s output at 1…5', () => {
    const image = { count: 1, rows: 2, cols: 2, pixels: Uint8Array.from([0, 100, 200, 250]) };
    const grid = severityGrid(image, ['inversion', 'brightness'], 0, 1);
    expect(grid.count).toBe(12);
    expect([...grid.pixels.subarray(0, 4)]).toEqual([0, 100, 200, 250]);
    expect([...grid.pixels.subarray(5 * 4, 6 * 4)]).toEqual([255, 155, 55, 5]);
    expect([...grid.pixels.subarray(6 * 4, 7 * 4)]).toEqual([0, 100, 200, 250]);
    expect([...grid.pixels.subarray(7 * 4, 8 * 4)]).toEqual([26, 126, 226, 255]);
  });
});

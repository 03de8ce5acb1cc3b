import { describe, expect, it } from 'vitest';
import { compareModels } from '../../core/metrics/compare';
import { deltaRows, differenceCells, groupItems, groupSummaries, mcnemarReading, readableTextOn, divergingColour } from './compareModel';

// Six images, 2 classes. A: right on 0,1,2,4; B: right on 0,1,3,4,5.
const labels = [0, 0, 1, 1, 1, 0];
const a = [0, 0, 1, 0, 1, 1];
const b = [0, 0, 0, 1, 1, 0];
const names = ['cat', 'dog'];
const c = compareModels(labels, a, b, 2);

describe('differenceCells', () => {
  const cells = differenceCells(c);

  it('hold B − A with a sign, and the counts', () => {
    expect(cells.map((row) => row.map((x) => x.text))).toEqual([
      ['+1', '−1'],
      ['0', '0'],
    ]);
    expect(cells[0]![0]).toMatchObject({ countA: 2, countB: 3, diagonal: true });
  });

  it('colour by which model the cell favours: more on the diagonal or fewer errors is blue', () => {
    expect(cells[0]![0]!.favours).toBe(1);
    // One error fewer for B off the diagonal: also favours B, the same hue.
    expect(cells[0]![1]!.favours).toBe(1);
    expect(cells[1]![1]!.favours).toBe(0);
    expect(cells[1]![1]!.background).toBe('rgb(246, 247, 249)');
    const [r, , bl] = cells[0]![0]!.background.match(/\d+/g)!.map(Number);
    expect(bl!).toBeGreaterThan(r!);
  });

  it('turn red when B is worse', () => {
    const worse = differenceCells(compareModels(labels, b, a, 2));
    expect(worse[0]![0]!.favours).toBe(-1);
    const [r, , bl] = worse[0]![0]!.background.match(/\d+/g)!.map(Number);
    expect(r!).toBeGreaterThan(bl!);
  });
});

describe('groups and deltas', () => {
  it('summarise each disagreement group', () => {
    expect(groupSummaries(c).map((g) => [g.id, g.count])).toEqual([
      ['aRightBWrong', 1],
      ['aWrongBRight', 2],
      ['bothWrongSame', 0],
      ['bothWrongDifferent', 0],
    ]);
  });

  it('gallery items show the wrong model’s prediction, most confident first', () => {
    const items = groupItems(c, 'aWrongBRight', labels, a, b, names, [1, 1, 1, 0.6, 1, 0.9], null);
    expect(items.map((i) => [i.index, i.predicted, i.confidence, i.caption])).toEqual([
      [5, 1, 0.9, 'A dog · B cat'],
      [3, 0, 0.6, 'A cat · B dog'],
    ]);
    expect(groupItems(c, 'aRightBWrong', labels, a, b, names)[0]).toMatchObject({ index: 2, label: 1, predicted: 0, confidence: null });
  });

  it('per-class deltas in points', () => {
    expect(deltaRows(c, names).map((r) => [r.name, r.deltaText])).toEqual([
      ['cat', '+33.3 pts'],
      ['dog', '±0.0 pts'],
    ]);
  });

  it('McNemar in words', () => {
    expect(mcnemarReading(c)).toBe('p = 1 (McNemar’s exact test on the 3 images exactly one model gets right): the difference could be chance, and with so few disagreements the test can hardly tell.');
    const lopsided = compareModels(Array(40).fill(0), Array(40).fill(1), Array(40).fill(0), 2);
    expect(mcnemarReading(lopsided)).toMatch(/^p = 1\.8e-12 .*unlikely to be chance; B is better\.$/);
    expect(mcnemarReading(compareModels([0], [0], [0], 2))).toMatch(/agree on every image/);
  });
});

describe('readableTextOn', () => {
  it('picks the text colour with the higher contrast, also on RdBu mid-tones', () => {
    expect(readableTextOn('rgb(5, 48, 97)')).toBe('rgb(255, 255, 255)');
    expect(readableTextOn('rgb(246, 247, 249)')).toBe('rgb(23, 27, 33)');
    // Mid blue and mid red where white would be near 3:1.
    expect(readableTextOn('rgb(83, 155, 199)')).toBe('rgb(23, 27, 33)');
    expect(readableTextOn('rgb(227, 126, 101)')).toBe('rgb(23, 27, 33)');
    expect(readableTextOn('rgb(178, 24, 43)')).toBe('rgb(255, 255, 255)');
  });
});

describe('divergingColour', () => {
  it('keeps every shade legible with dark or white text (WCAG 4.5:1)', () => {
    const lum = (c: string) => {
      const [r, g, b] = c.match(/\d+/g)!.map((x) => Number(x) / 255).map((x) => (x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const dark = lum('rgb(23, 27, 33)');
    for (const favours of [1, -1] as const) {
      let previous = 2;
      for (let s = 0.12; s <= 0.48; s += 0.01) {
        const c = divergingColour(favours, s);
        const l = lum(c);
        expect(Math.max(1.05 / (l + 0.05), (l + 0.05) / (dark + 0.05)), `${favours} ${s} ${c}`).toBeGreaterThanOrEqual(4.5);
        // Never lighter for a larger strength.
        expect(l).toBeLessThanOrEqual(previous + 1e-12);
        previous = l;
      }
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxProbabilities } from './calibration';
import type { SklearnFixture } from './fixtures/sklearnFixture';
import { cellSamples, confidentMistakes } from './mistakes';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn-metrics.json'), 'utf8')) as SklearnFixture;
const probabilities = Float64Array.from(Float32Array.from(fixture.scores.flat()));
const confidence = maxProbabilities(probabilities, fixture.labels.length, fixture.classes);

describe('confidentMistakes against numpy', () => {
  it('lists the 50 most confident mistakes with their second choice', () => {
    const mistakes = confidentMistakes(fixture.labels, fixture.predicted, probabilities, fixture.classes);
    expect(mistakes).toHaveLength(50);
    mistakes.forEach((m, i) => {
      const [index, label, predicted, conf, second, secondProbability] = fixture.mistakes.top50[i]!;
      expect({ index: m.index, label: m.label, predicted: m.predicted, second: m.second.classIndex }).toEqual({ index, label, predicted, second });
      expect(Math.abs(m.confidence - conf)).toBeLessThan(1e-9);
      expect(Math.abs(m.second.probability - secondProbability)).toBeLessThan(1e-9);
    });
  });

  it('keeps test-set order among equal confidences and honours the limit', () => {
    const p = [0.6, 0.4, 0.9, 0.1, 0.6, 0.4, 0.5, 0.5];
    const m = confidentMistakes([1, 1, 1, 0], [0, 0, 0, 0], p, 2, 2);
    expect(m.map((x) => x.index)).toEqual([1, 0]);
    expect(m[0]!.second).toEqual({ classIndex: 1, probability: 0.1 });
    expect(confidentMistakes([0], [0], [1, 0], 2)).toEqual([]);
  });
});

describe('cellSamples', () => {
  it('equals numpy’s order: off-diagonal most confident first, diagonal least confident first', () => {
    for (const cell of fixture.cellSamples) {
      expect(cellSamples(fixture.labels, fixture.predicted, confidence, cell.true, cell.pred), `cell ${cell.true},${cell.pred}`).toEqual(cell.indices);
    }
  });

  it('holds exactly the cell’s images', () => {
    const labels = [5, 5, 3, 5, 5];
    const predicted = [3, 5, 3, 3, 3];
    const conf = [0.4, 0.99, 0.7, 0.8, 0.4];
    expect(cellSamples(labels, predicted, conf, 5, 3)).toEqual([3, 0, 4]);
    expect(cellSamples(labels, predicted, conf, 3, 3)).toEqual([2]);
    expect(cellSamples(labels, predicted, conf, 3, 5)).toEqual([]);
  });
});

/** The unlabelled view's data shaping, on small hand-made predictions whose answers can be read off (the e2e test runs it on MNIST). */
import { describe, expect, it } from 'vitest';
import { classGallery, predictedConfidence, predictedDistribution } from './unlabelledModel';

describe('predictedDistribution', () => {
  it('counts each class and its share, in class order, ignoring predictions beyond the names', () => {
    const d = predictedDistribution([2, 0, 2, 1, 2, 7], ['a', 'b', 'c']);
    expect(d.map((c) => [c.name, c.count])).toEqual([['a', 1], ['b', 1], ['c', 3]]);
    expect(d[2]!.share).toBeCloseTo(3 / 6);
  });
  it('gives zero shares for an empty set', () => {
    expect(predictedDistribution([], ['0', '1']).map((c) => c.share)).toEqual([0, 0]);
  });
});

describe('predictedConfidence and classGallery', () => {
  const probabilities = [0.1, 0.9, 0.8, 0.2, 0.3, 0.7, 0.6, 0.4, 0.3, 0.7];
  const predicted = [1, 0, 1, 0, 1];
  const confidence = predictedConfidence(probabilities, predicted, 2);
  it("takes the predicted class's probability", () => {
    expect(Array.from(confidence)).toEqual([0.9, 0.8, 0.7, 0.6, 0.7]);
  });
  it('lists one class, most confident first, ties by index, unlabelled', () => {
    const items = classGallery(predicted, confidence, 1);
    expect(items.map((i) => i.index)).toEqual([0, 2, 4]);
    expect(items.every((i) => i.label === null && i.predicted === 1)).toBe(true);
    expect(classGallery(predicted, confidence, 3)).toEqual([]);
  });
  it('puts NaN confidences last', () => {
    expect(classGallery([0, 0, 0], [0.5, Number.NaN, 0.9], 0).map((i) => i.index)).toEqual([2, 0, 1]);
  });
});

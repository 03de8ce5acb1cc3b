import { describe, expect, it } from 'vitest';
import { predictionsFromScores } from '../predictions';
import { deepEvaluation } from './deepEvaluation';

describe('deepEvaluation', () => {
  it('softmaxes logits once and derives confidence, calibration and mistakes from the probabilities', () => {
    // Image 0: logits favour class 1 (wrongly, label 0); image 1: class 0, right.
    const p = predictionsFromScores(Float32Array.from([0, Math.log(4), Math.log(9), 0]), 2, 2);
    const e = deepEvaluation([0, 0], p);
    expect(e.probabilities.softmaxApplied).toBe(true);
    expect(e.confidence[0]).toBeCloseTo(0.8, 7);
    expect(e.confidence[1]).toBeCloseTo(0.9, 7);
    expect(e.mistakes.map((m) => m.index)).toEqual([0]);
    expect(e.reliability.total).toBe(2);
    expect(e.topK.map((t) => t.accuracy)).toEqual([0.5, 1, 1]);
    expect(e.report.accuracy).toBe(0.5);
  });

  it('refuses labels of another length', () => {
    expect(() => deepEvaluation([0], predictionsFromScores(Float32Array.from([1, 0, 1, 0]), 2, 2))).toThrow('1 labels but 2 predictions');
  });
});

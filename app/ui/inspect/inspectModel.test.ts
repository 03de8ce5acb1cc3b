import { describe, expect, it } from 'vitest';
import { describeRank, describeSample, probabilityBars, trueClassRank } from './inspectModel';

const names = ['zero', 'one', 'two', 'three'];

describe('probabilityBars', () => {
  it('marks the true and the predicted class, or both as correct', () => {
    expect(probabilityBars([0.1, 0.6, 0.3, 0], 2, 1, names).map((b) => b.highlight)).toEqual(['other', 'predicted', 'true', 'other']);
    expect(probabilityBars([0.1, 0.9], 1, 1, names).map((b) => b.highlight)).toEqual(['other', 'correct']);
    expect(probabilityBars([0.1, 0.9], 1, 1, names)[1]).toEqual({ classIndex: 1, name: 'one', probability: 0.9, highlight: 'correct' });
  });
});

describe('rank of the true class', () => {
  it('counts classes ahead of it, ties going to the higher index as in top-k accuracy', () => {
    expect(trueClassRank([0.1, 0.6, 0.3, 0], 2)).toBe(2);
    expect(trueClassRank([0.1, 0.6, 0.3, 0], 1)).toBe(1);
    expect(trueClassRank([0.1, 0.6, 0.3, 0], 3)).toBe(4);
    expect(trueClassRank([0.5, 0.5], 0)).toBe(2);
  });

  it('reads well', () => {
    expect(describeRank(1, 10)).toBe('ranked 1st of 10');
    expect(describeRank(2, 10)).toBe('ranked 2nd of 10: within the top 2');
    expect(describeRank(7, 10)).toBe('ranked 7th of 10');
    expect(describeSample(12, [0.1, 0.6, 0.3, 0], 2, 1, names)).toBe('Test image 12: a two, predicted one with probability 60.0%; the true class has 30.0%, ranked 2nd of 4: within the top 2.');
  });
});

import { describe, expect, it } from 'vitest';
import { confidentMistakes } from '../../core/metrics/mistakes';
import { mistakeViews } from './mistakesModel';

describe('mistakeViews', () => {
  it('formats confidence and the second choice, and says when the runner-up was right', () => {
    // Image 0: true 2, predicted 0 at 0.7, runner-up 2. Image 1: true 1, predicted 0 at 0.9, runner-up 2.
    const mistakes = confidentMistakes([2, 1], [0, 0], [0.7, 0.1, 0.2, 0.9, 0.04, 0.06], 3);
    const views = mistakeViews(mistakes, ['zero', 'one', 'two']);
    expect(views.map((v) => v.index)).toEqual([1, 0]);
    expect(views[0]).toMatchObject({ confidence: '90.0%', second: '2nd: two (6.0%)', secondIsTrue: false });
    expect(views[1]).toMatchObject({ confidence: '70.0%', second: '2nd: two (20.0%)', secondIsTrue: true });
    expect(views[1]!.description).toBe('Mistake 2: test image 0, a two predicted zero with 70.0% confidence; second choice two at 20.0%, the true class');
  });
});

import { describe, expect, it } from 'vitest';
import { findLabelIssues } from '../../core/labelIssues/labelIssues';
import { formatUrl, parseUrl } from '../urlState';
import { issuesSummary, pointsDifference, reviewCounts, shortPercent, suspectItems, suspectTiles, wholePercent, withMark } from './labelIssuesModel';

const labels = [0, 0, 0, 1, 1, 1];
const values = Float64Array.from([0.9, 0.1, 0.8, 0.2, 0.2, 0.8, 0.1, 0.9, 0.3, 0.7, 0.7, 0.3]);
const found = findLabelIssues(labels, { count: 6, classes: 2, values });
if (!found.ok) throw new Error(found.reason);
const issues = found.value;

describe('the suspect list', () => {
  it('lists flagged images first, or every image by score', () => {
    expect(suspectItems(issues, labels, values, 'flagged-first').map((i) => i.index)).toEqual([2, 5, 4, 1, 0, 3]);
    expect(suspectItems(issues, labels, values, 'score').map((i) => i.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(suspectItems(issues, labels, values, 'flagged-first')[0]).toEqual({ index: 2, label: 0, suggested: 1, pLabel: 0.2, pSuggested: 0.8, score: 0.2, rank: 1, flagged: true });
  });

  it('makes tiles with the hooks and the review sign', () => {
    const items = suspectItems(issues, labels, values, 'flagged-first');
    const [first, , third] = suspectTiles(items, ['zero', 'one'], new Map([[2, { status: 'wrong', corrected: 1 }]]));
    expect(first).toMatchObject({ index: 2, label: 0, predicted: 1, heading: 'zero → one', caption: '✗#1 20→80%', data: { suggested: '1', flagged: 'true', rank: '1', review: 'wrong' } });
    expect(third).toMatchObject({ heading: 'one', caption: '#3 70%', data: { flagged: 'false', review: '' } });
  });

  it('summarises the flags and cleanlab’s estimate', () => {
    expect(issuesSummary(issues)).toEqual({ flagged: 2, count: 6, flaggedShare: 2 / 6, estimated: 2, estimatedShare: 2 / 6, calibrated: 2 });
  });

  it('formats short percentages and differences in points', () => {
    expect([0.99999, 0.996, 0.5, 0.05, 0.0004].map(shortPercent)).toEqual(['100%', '99%', '50%', '5.0%', '<0.1%']);
    expect([0.004, 0.2, 0.996].map(wholePercent)).toEqual(['<1', '20', '100']);
    expect(pointsDifference(0.9941, 0.9944)).toBe('+0.03 points');
    expect(pointsDifference(0.9941, 0.994)).toBe('−0.01 points');
    expect(pointsDifference(0.5, 0.5)).toBe('±0.00 points');
  });
});

describe('the review', () => {
  it('sets, replaces and removes marks without touching the old review', () => {
    const one = withMark(new Map(), 2, { status: 'wrong', corrected: 1 });
    const two = withMark(one, 4, { status: 'ambiguous', corrected: null });
    expect(one.size).toBe(1);
    expect(reviewCounts(two, labels)).toEqual({ wrong: 1, ambiguous: 1, right: 0 });
    expect(withMark(two, 2, null).has(2)).toBe(false);
  });

  it('travels in the address bar with the truth switch', () => {
    const review = new Map([
      [2, { status: 'wrong' as const, corrected: 1 }],
      [40, { status: 'right' as const, corrected: null }],
    ]);
    const base = parseUrl('https://x.test/', ['mnist-logreg'], ['mnist']);
    const href = formatUrl({ ...base, review, truth: 'corrected' }, 'https://x.test/');
    expect(href).toContain('review=2w1.40r');
    expect(href).toContain('truth=corrected');
    const back = parseUrl(href, ['mnist-logreg'], ['mnist']);
    expect(back.review).toEqual(review);
    expect(back.truth).toBe('corrected');
    expect(parseUrl('https://x.test/?review=2q', ['mnist-logreg'], ['mnist']).problems[0]).toMatch(/^review: "2q" is not a review mark/);
    // No review, no parameters (and "truth" alone means nothing).
    expect(formatUrl({ ...base, review: new Map(), truth: 'corrected' }, 'https://x.test/')).not.toMatch(/review|truth/);
  });
});

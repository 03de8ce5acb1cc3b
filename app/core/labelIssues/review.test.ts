import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracy, cellCount } from '../metrics/confusion';
import { correctedEvaluation, formatReviewCsv, formatReviewParam, looksLikeReviewCsv, parseReviewCsv, parseReviewParam, type Review } from './review';

const labels = [0, 1, 2, 1, 0];
const predicted = [0, 2, 2, 1, 1];
const review: Review = new Map([
  [1, { status: 'wrong', corrected: 2 }],
  [4, { status: 'ambiguous', corrected: null }],
  [3, { status: 'right', corrected: null }],
] as const);
const bytes = (s: string) => new TextEncoder().encode(s);

describe('the corrected evaluation', () => {
  it('moves images marked wrong to their corrected row and leaves ambiguous ones out', () => {
    const plain = correctedEvaluation(labels, predicted, 3, new Map());
    expect(accuracy(plain.matrix)).toBeCloseTo(3 / 5, 15);
    const corrected = correctedEvaluation(labels, predicted, 3, review);
    // Image 1 (given 1, predicted 2) now counts as a 2 predicted 2; image 4 (0 predicted 1) is left out.
    expect(cellCount(corrected.matrix, 1, 2)).toBe(0);
    expect(cellCount(corrected.matrix, 2, 2)).toBe(2);
    expect(cellCount(corrected.matrix, 0, 1)).toBe(0);
    expect(accuracy(corrected.matrix)).toBe(1);
    expect(corrected).toMatchObject({ excluded: 1, relabelled: 1 });
  });
});

describe('the review in the address bar', () => {
  it('round-trips, sorted by index', () => {
    expect(formatReviewParam(review)).toBe('1w2.3r.4a');
    const parsed = parseReviewParam('1w2.3r.4a');
    expect(parsed.ok && [...parsed.value.entries()].sort()).toEqual([...review.entries()].sort());
  });
  it('refuses what is not a mark', () => {
    expect(parseReviewParam('1x2').ok).toBe(false);
    expect(parseReviewParam('w2').ok).toBe(false);
  });
  it('round-trips any review (fast-check)', () => {
    const mark = fc.oneof(fc.record({ status: fc.constant('wrong' as const), corrected: fc.integer({ min: 0, max: 9 }) }), fc.record({ status: fc.constantFrom('ambiguous' as const, 'right' as const), corrected: fc.constant(null) }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 59999 }), mark)), (entries) => {
        const r: Review = new Map(entries);
        const back = parseReviewParam(formatReviewParam(r));
        expect(back.ok && new Map([...back.value].sort(([a], [b]) => a - b))).toEqual(new Map([...r].sort(([a], [b]) => a - b)));
      }),
    );
  });
});

describe('the review CSV', () => {
  it('writes index,given,corrected,status and reads it back', () => {
    const csv = formatReviewCsv(review, labels);
    expect(csv).toBe('index,given,corrected,status\n1,1,2,wrong\n3,1,1,right\n4,0,,ambiguous\n');
    const back = parseReviewCsv(csv, labels, 3);
    expect(back.ok && formatReviewParam(back.value)).toBe('1w2.3r.4a');
  });
  it('is recognised by its exact header only', () => {
    expect(looksLikeReviewCsv(bytes('index,given,corrected,status\n1,1,2,wrong\n'))).toBe(true);
    expect(looksLikeReviewCsv(bytes('\uFEFFindex,given,corrected,status\r\n'))).toBe(true);
    expect(looksLikeReviewCsv(bytes('index,given,corrected,status'))).toBe(true);
    expect(looksLikeReviewCsv(bytes('index,label,prediction,confidence\n'))).toBe(false);
    expect(looksLikeReviewCsv(bytes('index,given,corrected,status,extra\n'))).toBe(false);
    expect(looksLikeReviewCsv(bytes('label,pixel0,pixel1\n'))).toBe(false);
  });
  it('names the line of a bad row and refuses a review of another test set', () => {
    const bad = (text: string) => {
      const r = parseReviewCsv(`index,given,corrected,status\n${text}`, labels, 3);
      return r.ok ? 'ok' : r.reason;
    };
    expect(bad('1,1,2,wrong\n2,1,,right')).toMatch(/line 3: image 2 is labelled 2 in this test set, not 1/);
    expect(bad('9,0,,right')).toMatch(/line 2: image 9 is past the end/);
    expect(bad('1,1,,wrong')).toMatch(/needs its corrected label/);
    expect(bad('1,1,7,wrong')).toMatch(/not a class/);
    expect(bad('1,1,2,maybe')).toMatch(/status "maybe"/);
    expect(bad('1,1,2')).toMatch(/3 fields/);
    expect(bad('1,1,2,wrong\n1,1,2,wrong')).toMatch(/reviewed twice/);
  });
});

describe('hostile review files', () => {
  it('never throw: random bytes are sniffed, random text after the header is read or refused with a reason (fast-check)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(typeof looksLikeReviewCsv(b)).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
    const cell = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -2, max: 12 }).map(String), fc.constantFrom('wrong', 'ambiguous', 'right', ''));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 20 }), (rows) => {
        const result = parseReviewCsv(['index,given,corrected,status', ...rows.map((r) => r.join(','))].join('\n'), labels, 3);
        if (result.ok) for (const [index, mark] of result.value) expect(index < labels.length && (mark.corrected === null || mark.corrected < 3)).toBe(true);
        else expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

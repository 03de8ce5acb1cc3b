/** A dropped review CSV is told apart by its exact header, whatever its name, and never taken for anything else. */
import { describe, expect, it } from 'vitest';
import { sortDrop } from '../dropIntake';
import { readReviewFile } from './reviewFile';

const file = (name: string, text: string) => new File([text], name);
const none = { images: null, labels: null };

describe('dropping a review of suspect labels', () => {
  it('is recognised by its header, whatever the file is called', async () => {
    const intake = await sortDrop([file('anything.txt', 'index,given,corrected,status\n8,5,3,wrong\n')], none);
    expect(intake.review?.name).toBe('anything.txt');
    expect(intake.problems).toEqual([]);
    expect(intake.model).toBeNull();
    expect(intake.data).toBeNull();
  });

  it('is not confused with other CSVs, which stay unknown', async () => {
    const intake = await sortDrop([file('predictions.csv', 'index,label,prediction,confidence\n0,7,7,0.99\n')], none);
    expect(intake.review ?? null).toBeNull();
    expect(intake.problems).toHaveLength(1);
  });

  it('one review at a time', async () => {
    const text = 'index,given,corrected,status\n';
    const intake = await sortDrop([file('a.csv', text), file('b.csv', text)], none);
    expect(intake.review ?? null).toBeNull();
    expect(intake.problems[0]).toMatch(/Drop one review at a time: a.csv, b.csv/);
  });

  it('needs results on screen to apply to', async () => {
    const read = await readReviewFile(file('r.csv', 'index,given,corrected,status\n'), null);
    expect(read).toEqual({ ok: false, reason: 'r.csv: a review of suspect labels applies to results; drop it again once the evaluation is done.' });
  });
});

import { useEffect, useState } from 'react';
import type { Review, ReviewStatus } from '../../core/labelIssues/review';
import { percent } from '../charts/format';
import { withMark } from './labelIssuesModel';

interface Props {
  readonly index: number;
  readonly given: number;
  readonly suggested: number;
  /** The image's class probabilities (those the ranking used). */
  readonly probabilities: ArrayLike<number>;
  readonly rank: number;
  readonly flagged: boolean;
  readonly classNames: readonly string[];
  readonly review: Review;
  readonly onReview: (review: Review) => void;
}

/** Keyboard shortcuts of the review, from the gallery: W, A, R set a mark, C clears it. */
export const REVIEW_KEYS: Readonly<Record<string, ReviewStatus | null>> = { w: 'wrong', a: 'ambiguous', r: 'right', c: null };

const STATUS_TEXT: Readonly<Record<ReviewStatus, string>> = { wrong: 'label is wrong', ambiguous: 'ambiguous (left out)', right: 'label is right' };

/** The review of one image: its label is wrong (and what it should be), ambiguous, or right. */
export function ReviewBar({ index, given, suggested, probabilities, rank, flagged, classNames, review, onReview }: Props) {
  const name = (k: number) => classNames[k] ?? String(k);
  const mark = review.get(index);
  // The label to correct to: the one already chosen, else the model's suggestion (or the runner-up when the model agrees with the label).
  const fallback = suggested !== given ? suggested : secondBest(probabilities, given);
  const [corrected, setCorrected] = useState(mark?.corrected ?? fallback);
  useEffect(() => setCorrected(mark?.corrected ?? fallback), [index, mark?.corrected, fallback]);
  const set = (status: ReviewStatus | null) => onReview(withMark(review, index, status === null ? null : { status, corrected: status === 'wrong' ? corrected : null }));

  return (
    <div className="review-bar" role="group" aria-label={`Review of test image ${index}`} data-testid="review-bar" data-index={index} data-status={mark?.status ?? ''}>
      <p className="review-bar-facts">
        <strong>Image {index}</strong> · rank {rank}
        {flagged ? ' · flagged' : ''} · labelled <strong>{name(given)}</strong> ({percent(probabilities[given]!, 2)}) · suggested <strong>{name(suggested)}</strong> (
        {percent(probabilities[suggested]!, 2)})
        {mark && (
          <>
            {' '}
            · <span data-testid="review-status">{STATUS_TEXT[mark.status]}{mark.status === 'wrong' && mark.corrected !== null ? `: it is a ${name(mark.corrected)}` : ''}</span>
          </>
        )}
      </p>
      <div className="review-bar-actions">
        <label className="field field--inline">
          <span>It is a</span>
          <select value={corrected} onChange={(e) => setCorrected(Number(e.target.value))} data-testid="review-corrected">
            {classNames.map((n, k) =>
              k === given ? null : (
                <option key={k} value={k}>
                  {n}
                </option>
              ),
            )}
          </select>
        </label>
        <button type="button" className={mark?.status === 'wrong' ? 'button on' : 'button'} onClick={() => set('wrong')} data-testid="review-wrong" aria-pressed={mark?.status === 'wrong'}>
          Label is wrong
        </button>
        <button type="button" className={mark?.status === 'ambiguous' ? 'button on' : 'button'} onClick={() => set('ambiguous')} data-testid="review-ambiguous" aria-pressed={mark?.status === 'ambiguous'}>
          Ambiguous
        </button>
        <button type="button" className={mark?.status === 'right' ? 'button on' : 'button'} onClick={() => set('right')} data-testid="review-right" aria-pressed={mark?.status === 'right'}>
          Label is right
        </button>
        <button type="button" className="button button--quiet" onClick={() => set(null)} disabled={!mark} data-testid="review-clear">
          Clear
        </button>
      </div>
    </div>
  );
}

/** The most probable class other than `given`. */
function secondBest(probabilities: ArrayLike<number>, given: number): number {
  let best = given === 0 ? 1 : 0;
  for (let k = 0; k < probabilities.length; k++) if (k !== given && probabilities[k]! > probabilities[best]!) best = k;
  return best;
}

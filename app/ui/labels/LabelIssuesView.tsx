import './labels.css';
import { useMemo, useState } from 'react';
import { averageProbabilities, findLabelIssues, labelIssuesCsv, type QualityScore } from '../../core/labelIssues/labelIssues';
import type { Review } from '../../core/labelIssues/review';
import type { ClassProbabilities } from '../../core/metrics/probabilities';
import type { ImageSet } from '../../core/types';
import { count as formatCount, percent } from '../charts/format';
import { downloadText } from '../export/download';
import { SampleGallery } from '../gallery/SampleGallery';
import { issuesSummary, reviewCounts, suspectItems, suspectTiles, withMark, type ListOrder, type RankingSource } from './labelIssuesModel';
import { ReviewBar, REVIEW_KEYS } from './ReviewBar';
import { formatReviewCsv } from '../../core/labelIssues/review';

export interface LabelIssuesViewProps {
  readonly images: ImageSet;
  readonly labels: ArrayLike<number>;
  readonly classNames: readonly string[];
  readonly modelName: string;
  readonly probabilities: ClassProbabilities;
  /** The comparison model's name and probabilities on the same images, when it has run. */
  readonly second: { readonly name: string; readonly probabilities: ClassProbabilities } | null;
  readonly review: Review;
  readonly onReview: (review: Review) => void;
  readonly selected: number | null;
  readonly onSelect: (index: number) => void;
}

const SCORE_NAMES: Readonly<Record<QualityScore, string>> = { self_confidence: 'self-confidence', normalized_margin: 'normalized margin' };

/**
 * Suspect labels: every test image ranked by how little the model believes its label (confident learning flags
 * the likely errors), a gallery to look at them, and the review that corrects the evaluation.
 */
export function LabelIssuesView(props: LabelIssuesViewProps) {
  const { images, labels, classNames, modelName, probabilities, second, review, onReview, selected, onSelect } = props;
  const [order, setOrder] = useState<ListOrder>('flagged-first');
  const [score, setScore] = useState<QualityScore>('self_confidence');
  const [source, setSource] = useState<RankingSource>('model');
  const canAverage = second !== null && second.probabilities.classes === probabilities.classes && second.probabilities.count === probabilities.count;
  const used: RankingSource = canAverage && source === 'average' ? 'average' : 'model';
  const ranked = useMemo(() => (used === 'average' && second ? averageProbabilities([probabilities, second.probabilities]) : probabilities), [used, probabilities, second]);
  const result = useMemo(() => findLabelIssues(labels, ranked, { score }), [labels, ranked, score]);
  const issues = result.ok ? result.value : null;
  const items = useMemo(() => (issues ? suspectItems(issues, labels, ranked.values, order) : []), [issues, labels, ranked, order]);
  const tiles = useMemo(() => suspectTiles(items, classNames, review), [items, classNames, review]);

  if (!issues) return <p className="warning" data-testid="label-issues-error">Suspect labels cannot be found for these results: {!result.ok && result.reason}.</p>;
  const summary = issuesSummary(issues);
  const counts = reviewCounts(review, labels);
  const sourceText = used === 'average' && second ? `the average of ${modelName}’s and ${second.name}’s probabilities` : `${modelName}’s probabilities`;
  const softmax = probabilities.softmaxApplied || (used === 'average' && second?.probabilities.softmaxApplied);
  const selectedItem = selected !== null && selected < issues.count ? selected : null;

  return (
    <section
      className="label-issues"
      aria-labelledby="label-issues-title"
      data-testid="label-issues"
      data-count={summary.flagged}
      data-source={used}
      data-score={score}
      data-order={order}
      onKeyDown={(e) => {
        // W, A, R review the open image from the gallery without leaving it (C clears); not while typing in a control.
        const status = REVIEW_KEYS[e.key.toLowerCase()];
        if (status === undefined || selectedItem === null || e.ctrlKey || e.metaKey || e.altKey || (e.target as HTMLElement).closest('select, input')) return;
        e.preventDefault();
        const fallback = issues.suggested[selectedItem] !== labels[selectedItem] ? issues.suggested[selectedItem]! : null;
        const corrected = review.get(selectedItem)?.corrected ?? fallback;
        if (status === 'wrong' && corrected === null) return;
        onReview(withMark(review, selectedItem, status === null ? null : { status, corrected: status === 'wrong' ? corrected : null }));
      }}
    >
      <header className="label-issues-head">
        <div>
          <h2 id="label-issues-title">Suspect labels</h2>
          <p className="label-issues-summary" data-testid="label-issues-summary">
            Confident learning flags <strong>{formatCount(summary.flagged)}</strong> of {formatCount(summary.count)} images ({percent(summary.flaggedShare, 2)}). Estimated label
            errors in the test set: <strong data-testid="label-issues-estimate" data-value={summary.estimated}>{formatCount(summary.estimated)}</strong> (
            {percent(summary.estimatedShare, 2)}; cleanlab’s <code>num_label_issues</code>, calibrated joint: {formatCount(summary.calibrated)}).
          </p>
          <p className="card-sub" data-testid="label-issues-source">
            Ranked by {sourceText}
            {softmax ? ' (softmax applied to logits)' : ''}, lowest {SCORE_NAMES[score]} first. Each tile: given → suggested label, rank, probability of the given → the suggested label (⚑ flagged). A suspect is not proof: the model may be the one that is wrong. Look at each
            image and decide. Click one to inspect and review it; arrow keys move, Enter opens, then W (label is wrong), A (ambiguous), R (right) or C (clear).
          </p>
        </div>
      </header>
      <div className="label-issues-controls">
        <fieldset className="radio-group">
          <legend>Order</legend>
          {(['flagged-first', 'score'] as const).map((o) => (
            <label key={o} className={order === o ? 'on' : undefined}>
              <input type="radio" name="label-issues-order" value={o} checked={order === o} onChange={() => setOrder(o)} data-testid={`label-issues-order-${o}`} />
              {o === 'flagged-first' ? `Flagged first (${formatCount(summary.flagged)})` : 'All by score'}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Score</span>
          <select value={score} onChange={(e) => setScore(e.target.value as QualityScore)} data-testid="label-issues-score">
            <option value="self_confidence">Self-confidence</option>
            <option value="normalized_margin">Normalized margin</option>
          </select>
        </label>
        <label className="field">
          <span>Probabilities</span>
          <select value={used} onChange={(e) => setSource(e.target.value as RankingSource)} disabled={!canAverage} data-testid="label-issues-source-select" title={canAverage ? undefined : 'Compare with a second model (Compare models tab) to rank by both'}>
            <option value="model">{modelName}</option>
            {canAverage && second && <option value="average">Average of {modelName} and {second.name}</option>}
          </select>
        </label>
        <div className="label-issues-actions">
          <span className="card-sub" data-testid="review-counts">
            Reviewed: {counts.wrong} wrong · {counts.ambiguous} ambiguous · {counts.right} right
          </span>
          <button type="button" className="button" onClick={() => downloadText(labelIssuesCsv(labels, issues), 'label-issues.csv', 'text/csv')} data-testid="label-issues-export" title="Every image in this ranking's order, as npm run eval -- --label-issues writes it">
            Export ranking CSV
          </button>
          <button type="button" className="button" disabled={review.size === 0} onClick={() => downloadText(formatReviewCsv(review, labels), 'label-review.csv', 'text/csv')} data-testid="review-export">
            Export review CSV
          </button>
          <button type="button" className="button button--quiet" disabled={review.size === 0} onClick={() => onReview(new Map())} data-testid="review-clear-all">
            Clear review
          </button>
        </div>
      </div>
      {selectedItem !== null && (
        <ReviewBar
          index={selectedItem}
          given={labels[selectedItem]!}
          suggested={issues.suggested[selectedItem]!}
          probabilities={ranked.values.subarray(selectedItem * issues.classes, (selectedItem + 1) * issues.classes)}
          rank={issues.rank[selectedItem]!}
          flagged={issues.flagged[selectedItem] === 1}
          classNames={classNames}
          review={review}
          onReview={onReview}
        />
      )}
      <SampleGallery images={images} items={tiles} classNames={classNames} label="Test images ranked by label quality, most suspect first" onSelect={onSelect} selected={selected} itemTestId="label-issue" height={420} />
    </section>
  );
}

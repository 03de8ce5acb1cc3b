/** What the Suspect labels tab shows, shaped from confident learning's result: pure, unit-tested. */
import type { LabelIssues } from '../../core/labelIssues/labelIssues';
import { reviewedLabel, type Review, type ReviewMark } from '../../core/labelIssues/review';
import type { GalleryItem } from '../gallery/galleryModel';

/** The list's order: flagged images first (the CLI's order), or every image by score alone. */
export type ListOrder = 'flagged-first' | 'score';
/** Whose probabilities rank the labels: the model's, or the mean of the model's and the comparison model's. */
export type RankingSource = 'model' | 'average';

export interface SuspectItem {
  readonly index: number;
  readonly label: number;
  readonly suggested: number;
  /** Probability of the given label and of the suggested one. */
  readonly pLabel: number;
  readonly pSuggested: number;
  readonly score: number;
  /** 1-based rank of the score among all images. */
  readonly rank: number;
  readonly flagged: boolean;
}

/** Every image in list order. */
export function suspectItems(issues: LabelIssues, labels: ArrayLike<number>, probabilities: ArrayLike<number>, order: ListOrder): SuspectItem[] {
  const K = issues.classes;
  const indices = order === 'flagged-first' ? Array.from(issues.order) : Array.from(issues.order).sort((a, b) => issues.rank[a]! - issues.rank[b]!);
  return indices.map((index) => {
    const label = labels[index]!;
    const suggested = issues.suggested[index]!;
    return {
      index,
      label,
      suggested,
      pLabel: probabilities[index * K + label]!,
      pSuggested: probabilities[index * K + suggested]!,
      score: issues.scores[index]!,
      rank: issues.rank[index]!,
      flagged: issues.flagged[index] === 1,
    };
  });
}

/** A probability in at most 4 characters: "97%", "0.3%", "<0.1%". */
export function shortPercent(p: number): string {
  if (p >= 0.995) return p >= 0.99995 ? '100%' : '99%';
  if (p >= 0.1) return `${Math.round(p * 100)}%`;
  if (p >= 0.001) return `${(p * 100).toFixed(1)}%`;
  return '<0.1%';
}

/** A probability as a whole percentage without the sign, "<1" below 1 %: "97", "<1". */
export const wholePercent = (p: number): string => (p < 0.01 ? '<1' : String(Math.min(100, Math.round(p * 100))));

const REVIEW_SIGN: Readonly<Record<ReviewMark['status'], string>> = { wrong: '✗', ambiguous: '?', right: '✓' };

/** Gallery tiles: "given → suggested" on top, rank and both probabilities below, the test hooks as data attributes. */
export function suspectTiles(items: readonly SuspectItem[], classNames: readonly string[], review: Review): GalleryItem[] {
  const name = (k: number) => classNames[k] ?? String(k);
  return items.map((item) => {
    const mark = review.get(item.index);
    // Reviewed images show the verdict; flagged ones a flag, so the flagged block reads at a glance.
    const sign = mark ? REVIEW_SIGN[mark.status] : item.flagged ? '⚑' : '';
    return {
      index: item.index,
      label: item.label,
      predicted: item.suggested,
      confidence: item.pSuggested,
      heading: item.suggested === item.label ? name(item.label) : `${name(item.label)} → ${name(item.suggested)}`,
      // Both probabilities when they differ: the given label's, then the suggested one's ("<1→99%").
      caption: `${sign}#${item.rank} ${item.suggested === item.label ? shortPercent(item.pLabel) : `${wholePercent(item.pLabel)}→${wholePercent(item.pSuggested)}%`}`,
      data: { suggested: String(item.suggested), flagged: String(item.flagged), rank: String(item.rank), review: mark?.status ?? '' },
    };
  });
}

export interface IssuesSummary {
  readonly flagged: number;
  readonly count: number;
  readonly flaggedShare: number;
  /** cleanlab's num_label_issues (off-diagonal) and its share of the test set. */
  readonly estimated: number;
  readonly estimatedShare: number;
  readonly calibrated: number;
}

export function issuesSummary(issues: LabelIssues): IssuesSummary {
  const n = Math.max(issues.count, 1);
  return {
    flagged: issues.flaggedCount,
    count: issues.count,
    flaggedShare: issues.flaggedCount / n,
    estimated: issues.estimate.offDiagonal,
    estimatedShare: issues.estimate.offDiagonal / n,
    calibrated: issues.estimate.calibrated,
  };
}

/** The review's counts, for the summary line. */
export function reviewCounts(review: Review, labels: ArrayLike<number>): { wrong: number; ambiguous: number; right: number } {
  const counts = { wrong: 0, ambiguous: 0, right: 0 };
  for (const [index, mark] of review) {
    if (index >= labels.length) continue;
    // A "wrong" mark that keeps the given label changes nothing: count it as right.
    const label = reviewedLabel(labels[index]!, mark);
    counts[mark.status === 'wrong' && label === labels[index] ? 'right' : mark.status]++;
  }
  return counts;
}

/** A review with one image's mark set, replaced or (mark null) removed: a new map, the old one untouched. */
export function withMark(review: Review, index: number, mark: ReviewMark | null): Review {
  const next = new Map(review);
  if (mark) next.set(index, mark);
  else next.delete(index);
  return next;
}

/** Accuracy difference in percentage points, signed: "+0.03 points". */
export function pointsDifference(before: number, after: number): string {
  const d = (after - before) * 100;
  const text = Math.abs(d) < 0.005 ? '0.00' : Math.abs(d).toFixed(2);
  return `${d > 0.005 ? '+' : d < -0.005 ? '−' : '±'}${text} points`;
}

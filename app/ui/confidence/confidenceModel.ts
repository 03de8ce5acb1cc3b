/** Shapes calibration results for the confidence charts. */
import type { ConfidenceHistogram, Reliability } from '../../core/metrics/calibration';

export type HistogramMode = 'share' | 'count';

export interface HistogramRow {
  /** "0.90–0.95" */
  readonly range: string;
  readonly lower: number;
  readonly upper: number;
  /** Bin centre, the bar's x position. */
  readonly mid: number;
  /** Correct predictions in the bin: a count, or a share of all correct predictions (0 … 1). */
  readonly correct: number;
  readonly wrong: number;
  readonly correctCount: number;
  readonly wrongCount: number;
}

const range = (lower: number, upper: number): string => `${lower.toFixed(2)}–${upper.toFixed(2)}`;

/**
 * Histogram rows from the first non-empty bin on (with ten classes the maximum probability is at least 0.1,
 * so the lowest bins are always empty). In 'share' mode each group is divided by its own total, so the shapes
 * compare even though correct predictions outnumber wrong ones ten to one.
 */
export function histogramRows(h: ConfidenceHistogram, mode: HistogramMode): HistogramRow[] {
  const totalRight = h.correct.reduce((a, b) => a + b, 0);
  const totalWrong = h.wrong.reduce((a, b) => a + b, 0);
  let first = 0;
  while (first < h.bins - 1 && h.correct[first] === 0 && h.wrong[first] === 0) first++;
  const rows: HistogramRow[] = [];
  for (let b = first; b < h.bins; b++) {
    const c = h.correct[b]!;
    const w = h.wrong[b]!;
    rows.push({
      range: range(h.edges[b]!, h.edges[b + 1]!),
      lower: h.edges[b]!,
      upper: h.edges[b + 1]!,
      mid: (h.edges[b]! + h.edges[b + 1]!) / 2,
      correct: mode === 'count' ? c : totalRight === 0 ? 0 : c / totalRight,
      wrong: mode === 'count' ? w : totalWrong === 0 ? 0 : w / totalWrong,
      correctCount: c,
      wrongCount: w,
    });
  }
  return rows;
}

export interface ReliabilityRow {
  /** Bin centre, the bar's x position. */
  readonly mid: number;
  readonly range: string;
  readonly count: number;
  readonly accuracy: number | null;
  readonly confidence: number | null;
  /** confidence − accuracy: positive when over-confident. Null for an empty bin. */
  readonly gap: number | null;
}

export const reliabilityRows = (r: Reliability): ReliabilityRow[] =>
  r.bins.map((b) => ({
    mid: (b.lower + b.upper) / 2,
    range: range(b.lower, b.upper),
    count: b.count,
    accuracy: b.accuracy,
    confidence: b.confidence,
    gap: b.accuracy === null || b.confidence === null ? null : b.confidence - b.accuracy,
  }));

/**
 * Whether confidence runs above or below accuracy overall: the count-weighted mean of (confidence − accuracy)
 * over the bins. Within half a point either way counts as well calibrated.
 */
export function calibrationVerdict(r: Reliability): 'over-confident' | 'under-confident' | 'well calibrated' {
  if (r.total === 0) return 'well calibrated';
  let sum = 0;
  for (const b of r.bins) if (b.accuracy !== null && b.confidence !== null) sum += b.count * (b.confidence - b.accuracy);
  const mean = sum / r.total;
  return mean > 0.005 ? 'over-confident' : mean < -0.005 ? 'under-confident' : 'well calibrated';
}

import { correctRows, type CorrectedEvaluation } from '../../core/labelIssues/review';
import { fromRows } from '../../core/metrics/confusion';
import type { SharedReport } from '../../core/report';

/** A shared report's matrix corrected by the review it carries; null when it carries none. */
export function reportCorrection(report: SharedReport): CorrectedEvaluation | null {
  const review = report.review;
  if (!review || review.length === 0) return null;
  const excluded = review.filter((r) => r.status === 'ambiguous').length;
  const relabelled = review.filter((r) => r.status === 'wrong' && r.corrected !== null && r.corrected !== r.given).length;
  // The report has no per-image labels: only the reviewed images' corrected labels are known.
  return { matrix: fromRows(correctRows(report.matrix, review)), labels: new Uint16Array(0), excluded, relabelled };
}

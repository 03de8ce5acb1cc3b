/**
 * `npm run eval -- … --label-issues out.csv`: the Suspect labels tab's ranking without a browser. The same
 * app/core function as the page (findLabelIssues over the model's probabilities, a softmax applied to logits).
 */
import { findLabelIssues, labelIssuesCsv, type LabelIssues } from '../core/labelIssues/labelIssues';
import { toProbabilities } from '../core/metrics/probabilities';
import type { HeadlessEvaluation } from './headlessEval';
import { InputError } from './headlessEval';

/** Confident learning over a headless evaluation's probabilities. */
export function labelIssuesOf(evaluation: HeadlessEvaluation): LabelIssues {
  const probabilities = toProbabilities(evaluation.predictions);
  const found = findLabelIssues(evaluation.data.labels.labels, probabilities);
  if (!found.ok) throw new InputError(`Suspect labels: ${found.reason}`);
  return found.value;
}

/** The CSV written by --label-issues, and the line the CLI prints about it. */
export function labelIssuesReport(evaluation: HeadlessEvaluation): { csv: string; summary: string } {
  const issues = labelIssuesOf(evaluation);
  const n = issues.count;
  const share = (k: number) => `${((k / n) * 100).toFixed(2)}%`;
  const summary =
    `Suspect labels: ${issues.flaggedCount} of ${n} images flagged by confident learning; ` +
    `estimated label errors ${issues.estimate.offDiagonal} (${share(issues.estimate.offDiagonal)}), calibrated estimate ${issues.estimate.calibrated} (${share(issues.estimate.calibrated)})`;
  return { csv: labelIssuesCsv(evaluation.data.labels.labels, issues), summary };
}

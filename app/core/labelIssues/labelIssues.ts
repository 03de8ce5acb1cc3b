/**
 * Suspect labels: which test images are probably labelled wrong, by confident learning over the model's
 * probabilities, and every image ranked by a label quality score. One function shared by the page and the CLI
 * (`npm run eval -- --label-issues`), so both list the same images in the same order.
 */
import {
  calibrateConfidentJoint,
  confidentJoint,
  confidentThresholds,
  estimateLabelErrors,
  keepAtLeastPerClass,
  labelCounts,
  pruneByNoiseRate,
  rowArgmax,
  transpose,
  type LabelErrorEstimate,
  type ProbabilityMatrix,
  type SquareMatrix,
} from './confidentLearning';
import { fail, ok, type Result } from '../result';

/**
 * Label quality scores, as cleanlab's `rank.get_label_quality_scores` (without `adjust_pred_probs`), lower is
 * more suspect: `self_confidence` is the probability of the given label; `normalized_margin` is
 * (p_label − max of the other classes + 1) / 2.
 */
export type QualityScore = 'self_confidence' | 'normalized_margin';
export const QUALITY_SCORES: readonly QualityScore[] = ['self_confidence', 'normalized_margin'];

export interface LabelIssueOptions {
  /** Default `self_confidence` (cleanlab's default). */
  readonly score?: QualityScore;
  /** Classes with this many images or fewer are never pruned (cleanlab's `min_examples_per_class`, default 1). */
  readonly minExamplesPerClass?: number;
  /** Share of the estimated noise to flag (cleanlab's `frac_noise`, default 1: all of it). */
  readonly fracNoise?: number;
}

export interface LabelIssues {
  readonly count: number;
  readonly classes: number;
  readonly score: QualityScore;
  /** Per class, the mean probability of the class over the images labelled with it. */
  readonly thresholds: Float64Array;
  /** The confident joint C[given][true], uncalibrated (diagonal at least 1). */
  readonly confidentJoint: SquareMatrix;
  /** The same, calibrated to the label counts and to n. */
  readonly calibratedJoint: SquareMatrix;
  /** How many images to prune per [true][given] pair (transposed, as cleanlab's prune-count matrix). */
  readonly pruneCounts: SquareMatrix;
  /** 1 for the images confident learning flags as label issues. */
  readonly flagged: Uint8Array;
  readonly flaggedCount: number;
  /** Per image, its label quality score (0 … 1, lower is more suspect). */
  readonly scores: Float64Array;
  /** Per image, the label the probabilities suggest: their arg-max. */
  readonly suggested: Uint16Array;
  /** Image indices, flagged ones first, each group by score (lowest first), ties by index: the list's order. */
  readonly order: Uint32Array;
  /** Per image, 1-based rank of its score among all images (1 = the least likely label), ties by index. */
  readonly rank: Uint32Array;
  /** cleanlab's estimate of how many labels are wrong. */
  readonly estimate: LabelErrorEstimate;
}

/** Label quality score of every image. */
export function qualityScores(labels: ArrayLike<number>, probs: ProbabilityMatrix, score: QualityScore = 'self_confidence'): Float64Array {
  const { count, classes: K, values } = probs;
  const scores = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const given = labels[i]!;
    const self = values[i * K + given]!;
    if (score === 'self_confidence') {
      scores[i] = self;
      continue;
    }
    let other = -Infinity;
    for (let k = 0; k < K; k++) if (k !== given) other = Math.max(other, values[i * K + k]!);
    scores[i] = (self - other + 1) / 2;
  }
  return scores;
}

/** The element-wise mean of several models' probabilities for the same images (two models agreeing). */
export function averageProbabilities(matrices: readonly ProbabilityMatrix[]): ProbabilityMatrix & { readonly values: Float64Array } {
  const first = matrices[0];
  if (!first) throw new RangeError('no probabilities to average');
  if (matrices.some((m) => m.count !== first.count || m.classes !== first.classes)) throw new RangeError('probabilities of different shapes cannot be averaged');
  const values = new Float64Array(first.count * first.classes);
  for (const m of matrices) for (let i = 0; i < values.length; i++) values[i]! += m.values[i]!;
  for (let i = 0; i < values.length; i++) values[i] = values[i]! / matrices.length;
  return { count: first.count, classes: first.classes, values };
}

/**
 * Confident learning over `probs` (probabilities, not logits: softmax them first) for the given labels.
 * Fails when the inputs cannot be used: labels outside the model's classes, or counts that disagree.
 */
export function findLabelIssues(labels: ArrayLike<number>, probs: ProbabilityMatrix, options: LabelIssueOptions = {}): Result<LabelIssues> {
  const { count, classes: K, values } = probs;
  const score = options.score ?? 'self_confidence';
  if (labels.length !== count) return fail(`${labels.length} labels but probabilities for ${count} images`);
  if (K < 2) return fail(`suspect labels need at least 2 classes, the model has ${K}`);
  if (values.length < count * K) return fail('the probabilities are cut short');
  for (let i = 0; i < count; i++) if (labels[i]! >= K) return fail(`image ${i} is labelled ${labels[i]}, but the model has only ${K} classes (0–${K - 1})`);

  const thresholds = confidentThresholds(labels, probs);
  const counted = confidentJoint(labels, probs, thresholds);
  const counts = labelCounts(labels, K);
  // find_label_issues uses the calibrated joint (compute_confident_joint's default), transposed, as prune counts.
  const calibratedJoint = calibrateConfidentJoint(counted.joint, counts, K);
  const pruneCounts = keepAtLeastPerClass(transpose(calibratedJoint, K), K, options.minExamplesPerClass ?? 1, options.fracNoise ?? 1);
  const flagged = pruneByNoiseRate(labels, probs, pruneCounts, options.minExamplesPerClass ?? 1);
  const scores = qualityScores(labels, probs, score);

  const suggested = new Uint16Array(count);
  let flaggedCount = 0;
  for (let i = 0; i < count; i++) {
    suggested[i] = rowArgmax(values, i, K);
    flaggedCount += flagged[i]!;
  }
  const byScore = Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const rank = new Uint32Array(count);
  byScore.forEach((index, position) => (rank[index] = position + 1));
  const order = new Uint32Array(count);
  let at = 0;
  for (const i of byScore) if (flagged[i]) order[at++] = i;
  for (const i of byScore) if (!flagged[i]) order[at++] = i;

  return ok({
    count,
    classes: K,
    score,
    thresholds,
    confidentJoint: counted.joint,
    calibratedJoint,
    pruneCounts,
    flagged,
    flaggedCount,
    scores,
    suggested,
    order,
    rank,
    estimate: estimateLabelErrors(labels, probs, counted, calibratedJoint),
  });
}

/**
 * The CLI's ranking file: every image in list order with `index,label,suggested,score,flagged`
 * (score with full precision, flagged 1 or 0).
 */
export function labelIssuesCsv(labels: ArrayLike<number>, issues: LabelIssues): string {
  const lines = ['index,label,suggested,score,flagged'];
  for (const i of issues.order) lines.push(`${i},${labels[i]},${issues.suggested[i]},${issues.scores[i]},${issues.flagged[i]}`);
  return lines.join('\n') + '\n';
}

/**
 * Confident learning (Northcutt, Jiang & Chuang, "Confident Learning: Estimating Uncertainty in Dataset Labels",
 * JAIR 2021), step by step as cleanlab implements `filter.find_label_issues` with its defaults
 * (`filter_by='prune_by_noise_rate'`, `frac_noise=1`, `min_examples_per_class=1`) and `count.num_label_issues`.
 * Written from the paper and cleanlab's documented behaviour; checked against a numpy reference
 * (fixtures/make_fixture.py) to 1e-9.
 *
 * Probabilities are an `n`×`K` row-major matrix (`p[i*K + k]`), labels class indices below K.
 * Where cleanlab's numpy sorts leave ties in an unspecified order, ties go to the lower image index (a stable
 * sort); the reference does the same.
 */

/** cleanlab's `FLOATING_POINT_COMPARISON`: the slack of "p ≥ threshold" and of "prediction equals the label". */
export const FLOATING_POINT_COMPARISON = 1e-6;
/** cleanlab's lower bound for a class threshold (`CONFIDENT_THRESHOLDS_LOWER_BOUND` = 2 × the slack). */
export const THRESHOLD_LOWER_BOUND = 2 * FLOATING_POINT_COMPARISON;
/** Threshold of a class no image is labelled as: above any probability, so nothing is counted into it. */
const MISSING_CLASS_THRESHOLD = 2;
/** cleanlab's `TINY_VALUE`, the floor of a divisor. */
const TINY_VALUE = 1e-100;

/** Probabilities of `count` images over `classes` classes, row-major. */
export interface ProbabilityMatrix {
  readonly count: number;
  readonly classes: number;
  readonly values: ArrayLike<number>;
}

/** A `K`×`K` matrix of counts or reals, row-major. */
export type SquareMatrix = Float64Array;

/** Images per given label (`np.bincount` with every class present). */
export function labelCounts(labels: ArrayLike<number>, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  return counts;
}

/**
 * Per-class thresholds t_k: the mean predicted probability of class k over the images labelled k
 * (`count.get_confident_thresholds`). A class nobody is labelled as gets 2 (never reached); all are at least 2e-6.
 */
export function confidentThresholds(labels: ArrayLike<number>, probs: ProbabilityMatrix): Float64Array {
  const { count, classes: K, values } = probs;
  const sums = new Float64Array(K);
  const counts = new Float64Array(K);
  for (let i = 0; i < count; i++) {
    const k = labels[i]!;
    sums[k]! += values[i * K + k]!;
    counts[k]! += 1;
  }
  return sums.map((s, k) => Math.max(counts[k]! > 0 ? s / counts[k]! : MISSING_CLASS_THRESHOLD, THRESHOLD_LOWER_BOUND));
}

/** Index of the largest value of row i (the first one on ties, as numpy's argmax). */
export function rowArgmax(values: ArrayLike<number>, row: number, classes: number): number {
  let best = 0;
  for (let k = 1; k < classes; k++) if (values[row * classes + k]! > values[row * classes + best]!) best = k;
  return best;
}

export interface ConfidentCounts {
  /** The confident joint C[given][true] before calibration, diagonal raised to at least 1 (as cleanlab). */
  readonly joint: SquareMatrix;
  /**
   * Per image, the class it is confidently counted as (its "true label guess"), or -1 when no probability reaches
   * its class threshold. One class above threshold: that class; several: the arg-max among all classes.
   */
  readonly guess: Int32Array;
  /** Images counted off the diagonal (guess ≠ given label), in index order. */
  readonly offDiagonal: readonly number[];
}

/** The confident joint (`count.compute_confident_joint` with `calibrate=False`). */
export function confidentJoint(labels: ArrayLike<number>, probs: ProbabilityMatrix, thresholds: ArrayLike<number>): ConfidentCounts {
  const { count, classes: K, values } = probs;
  const joint = new Float64Array(K * K);
  const guess = new Int32Array(count).fill(-1);
  const offDiagonal: number[] = [];
  for (let i = 0; i < count; i++) {
    let confident = 0;
    let only = -1;
    for (let k = 0; k < K; k++) {
      if (values[i * K + k]! >= thresholds[k]! - FLOATING_POINT_COMPARISON) {
        confident++;
        if (only < 0) only = k;
      }
    }
    if (confident === 0) continue;
    // Several classes above their thresholds: the most probable class overall (cleanlab's tie rule).
    const g = confident === 1 ? only : rowArgmax(values, i, K);
    guess[i] = g;
    const given = labels[i]!;
    joint[given * K + g]! += 1;
    if (g !== given) offDiagonal.push(i);
  }
  // "Guarantee at least one correctly labelled example in every class."
  for (let k = 0; k < K; k++) joint[k * K + k] = Math.max(joint[k * K + k]!, 1);
  return { joint, guess, offDiagonal };
}

/** numpy's `round`: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds halves up; a half whose upward rounding is odd goes down instead.
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Rounds reals to integers keeping their (rounded) sum (cleanlab's `round_preserving_sum`): round each, then move
 * the ones whose rounding lost (or gained) most by one until the sums agree.
 */
export function roundPreservingSum(floats: readonly number[]): number[] {
  const ints = floats.map(roundHalfEven);
  const target = roundHalfEven(floats.reduce((a, b) => a + b, 0));
  let sum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  while (Math.abs(sum - target) > FLOATING_POINT_COMPARISON) {
    const diff = roundHalfEven(target - sum);
    const step = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), floats.length);
    const byLoss = floats.map((_, k) => k);
    // numpy: argsort(floats − ints) (stable for short rows), reversed when adding: the largest loss first and,
    // reversed, the higher index first among equals.
    byLoss.sort((a, b) => floats[a]! - ints[a]! - (floats[b]! - ints[b]!) || a - b);
    if (step > 0) byLoss.reverse();
    for (const k of byLoss.slice(0, changes)) ints[k]! += step;
    sum = roundHalfEven(ints.reduce((a, b) => a + b, 0));
  }
  return ints;
}

/** Rounds every row of a K×K matrix keeping its total (`round_preserving_row_totals`). */
export function roundPreservingRowTotals(matrix: SquareMatrix, classes: number): SquareMatrix {
  const out = new Float64Array(classes * classes);
  for (let r = 0; r < classes; r++) out.set(roundPreservingSum(Array.from(matrix.subarray(r * classes, (r + 1) * classes))), r * classes);
  return out;
}

/**
 * Calibrates a confident joint to the label counts (`count.calibrate_confident_joint`): each row rescaled to sum
 * to the number of images with that given label, the whole to the number of images, then rounded per row.
 */
export function calibrateConfidentJoint(joint: SquareMatrix, counts: ArrayLike<number>, classes: number): SquareMatrix {
  const K = classes;
  const calibrated = new Float64Array(K * K);
  let n = 0;
  for (let r = 0; r < K; r++) n += counts[r]!;
  for (let r = 0; r < K; r++) {
    let rowSum = 0;
    for (let c = 0; c < K; c++) rowSum += joint[r * K + c]!;
    rowSum = Math.max(rowSum, TINY_VALUE);
    for (let c = 0; c < K; c++) calibrated[r * K + c] = (joint[r * K + c]! / rowSum) * counts[r]!;
  }
  const total = Math.max(
    calibrated.reduce((a, b) => a + b, 0),
    TINY_VALUE,
  );
  for (let i = 0; i < K * K; i++) calibrated[i] = (calibrated[i]! / total) * n;
  return roundPreservingRowTotals(calibrated, K);
}

/**
 * How many images to prune per (true, given) pair (cleanlab's `_keep_at_least_n_per_class` followed by
 * `_reduce_prune_counts`). Takes and returns the prune-count matrix, the transpose of the confident joint:
 * `m[true][given]`. Each column's diagonal is raised to at least `n` (that many images of the class are kept),
 * the increase taken evenly from the column's non-zero noise counts; the noise counts are then scaled by
 * `fracNoise`, the column's loss added to its diagonal, and everything truncated to integers.
 */
export function keepAtLeastPerClass(pruneCounts: SquareMatrix, classes: number, n: number, fracNoise = 1): SquareMatrix {
  const K = classes;
  const kept = new Float64Array(K * K);
  for (let c = 0; c < K; c++) {
    const diagonal = pruneCounts[c * K + c]!;
    const raised = Math.max(diagonal, n);
    let nonZero = 0;
    for (let r = 0; r < K; r++) if (pruneCounts[r * K + c] !== 0) nonZero++;
    const share = (raised - diagonal) / Math.max(nonZero - 1, 1);
    for (let r = 0; r < K; r++) kept[r * K + c] = r === c ? raised : Math.max(pruneCounts[r * K + c]! - share, 0);
  }
  const reduced = new Float64Array(K * K);
  for (let c = 0; c < K; c++) {
    let lost = 0;
    for (let r = 0; r < K; r++) {
      if (r === c) continue;
      const scaled = kept[r * K + c]! * fracNoise;
      lost += kept[r * K + c]! - scaled;
      reduced[r * K + c] = scaled;
    }
    // What the noise counts lost goes to the diagonal, so the column keeps its total.
    reduced[c * K + c] = kept[c * K + c]! + lost;
  }
  for (let i = 0; i < K * K; i++) reduced[i] = Math.trunc(reduced[i]!);
  // cleanlab rounds rows preserving totals afterwards; on integers that changes nothing.
  return roundPreservingRowTotals(reduced, K);
}

/** Transpose of a K×K matrix. */
export function transpose(matrix: SquareMatrix, classes: number): SquareMatrix {
  const out = new Float64Array(classes * classes);
  for (let r = 0; r < classes; r++) for (let c = 0; c < classes; c++) out[c * classes + r] = matrix[r * classes + c]!;
  return out;
}

/**
 * Pruning by noise rate (cleanlab's `_prune_by_count` over every class, then the union). For each given class k
 * with more than `minExamplesPerClass` images, and each other class j, the `m[j][k]` images labelled k with the
 * largest margin p_j − p_k are flagged. Finally images whose arg-max is their given label are let go.
 */
export function pruneByNoiseRate(labels: ArrayLike<number>, probs: ProbabilityMatrix, pruneCounts: SquareMatrix, minExamplesPerClass: number): Uint8Array {
  const { count, classes: K, values } = probs;
  const flagged = new Uint8Array(count);
  const byClass: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < count; i++) byClass[labels[i]!]!.push(i);
  for (let k = 0; k < K; k++) {
    const members = byClass[k]!;
    if (members.length <= minExamplesPerClass) continue;
    for (let j = 0; j < K; j++) {
      const toPrune = pruneCounts[j * K + k]!;
      if (j === k || toPrune <= 0) continue;
      flagLargest(members, (i) => values[i * K + j]! - values[i * K + k]!, toPrune, flagged);
    }
  }
  for (let i = 0; i < count; i++) if (rowArgmax(values, i, K) === labels[i]) flagged[i] = 0;
  return flagged;
}

/**
 * Flags the `count` members with the largest `key`, ties going to the lower index: what a stable descending sort
 * and its first `count` entries give, without sorting the members (a numeric sort of the keys finds the cut).
 */
function flagLargest(members: readonly number[], key: (i: number) => number, count: number, flagged: Uint8Array): void {
  const take = Math.min(count, members.length);
  if (take === 0) return;
  const keys = Float64Array.from(members, key);
  const cut = keys.slice().sort()[members.length - take]!;
  let above = 0;
  for (const v of keys) if (v > cut) above++;
  let atCut = take - above;
  members.forEach((i, x) => {
    const v = keys[x]!;
    if (v > cut) flagged[i] = 1;
    else if (v === cut && atCut > 0) {
      flagged[i] = 1;
      atCut--;
    }
  });
}

export interface LabelErrorEstimate {
  /** cleanlab's `num_label_issues` default (`'off_diagonal'`): confident-joint off-diagonal images the model does not predict as labelled. */
  readonly offDiagonal: number;
  /** `'off_diagonal_calibrated'`: (1 − trace of the calibrated joint, normalised) × n, rounded half to even. */
  readonly calibrated: number;
}

/** cleanlab's `count.num_label_issues`, both estimation methods. */
export function estimateLabelErrors(labels: ArrayLike<number>, probs: ProbabilityMatrix, counts: ConfidentCounts, calibrated: SquareMatrix): LabelErrorEstimate {
  const { classes: K, values } = probs;
  let offDiagonal = 0;
  for (const i of counts.offDiagonal) {
    const given = labels[i]!;
    // `_reduce_issues`: the given label's probability nudged up by 1e-6 before the arg-max.
    let best = 0;
    let bestValue = -Infinity;
    for (let k = 0; k < K; k++) {
      const v = values[i * K + k]! + (k === given ? FLOATING_POINT_COMPARISON : 0);
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    if (best !== given) offDiagonal++;
  }
  let total = 0;
  for (let i = 0; i < K * K; i++) total += calibrated[i]!;
  total = Math.max(total, TINY_VALUE);
  // As `estimate_joint`: normalise the joint first, then take its trace.
  let trace = 0;
  for (let k = 0; k < K; k++) trace += calibrated[k * K + k]! / total;
  return { offDiagonal, calibrated: roundHalfEven((1 - trace) * probs.count) };
}

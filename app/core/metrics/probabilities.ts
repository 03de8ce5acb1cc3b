/**
 * Models output either class probabilities (softmax or normalised one-vs-rest, as scikit-learn's
 * `predict_proba`) or raw logits. Calibration, confidences and the exported probabilities need probabilities,
 * so logits go through a softmax first — and the page says so, since that is our choice, not the model's.
 */
import type { Predictions } from '../types';

/**
 * How far a row's sum may stray from 1 and still count as probabilities. float32 rounding leaves sums within
 * ~1e-6 of 1 for ten classes; 1e-3 also accepts models that round their outputs, while real logits essentially
 * never sum to within 1e-3 of 1 on every row.
 */
export const PROBABILITY_TOLERANCE = 1e-3;

export type ScoreKind = 'probabilities' | 'logits';

/**
 * `'probabilities'` when every row is non-negative and sums to 1 within `tolerance` (default
 * {@link PROBABILITY_TOLERANCE}); otherwise `'logits'`. Non-negative scores that do not sum to 1 (independent
 * sigmoids, say) count as logits too: a softmax keeps their order, which is all the arg-max needs.
 * An empty set counts as probabilities (nothing to convert).
 */
export function scoreKind(scores: ArrayLike<number>, count: number, classes: number, tolerance = PROBABILITY_TOLERANCE): ScoreKind {
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const s = scores[i * classes + k]!;
      // `!(s >= 0)` also catches NaN.
      if (!(s >= 0)) return 'logits';
      sum += s;
    }
    if (!(Math.abs(sum - 1) <= tolerance)) return 'logits';
  }
  return 'probabilities';
}

/**
 * Softmax of each row of `count`×`classes` scores, in float64. Numerically stable: the row maximum is
 * subtracted before exponentiating, so logits of ±1e4 neither overflow nor underflow to an all-zero row.
 * A row with +∞ entries shares the probability equally among them; a row with NaN stays NaN.
 */
export function softmaxRows(scores: ArrayLike<number>, count: number, classes: number): Float64Array {
  const out = new Float64Array(count * classes);
  for (let i = 0; i < count; i++) {
    const row = i * classes;
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, scores[row + k]!);
    if (max === Infinity) {
      let infinite = 0;
      for (let k = 0; k < classes; k++) if (scores[row + k] === Infinity) infinite++;
      for (let k = 0; k < classes; k++) out[row + k] = scores[row + k] === Infinity ? 1 / infinite : 0;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      // An all −∞ row has max −∞; shifting by 0 then gives exp(−∞) = 0 everywhere and 0/0 = NaN below: fine,
      // such a row carries no information and NaN says so.
      const e = Math.exp(scores[row + k]! - (max === -Infinity ? 0 : max));
      out[row + k] = e;
      sum += e;
    }
    for (let k = 0; k < classes; k++) out[row + k] = out[row + k]! / sum;
  }
  return out;
}

/** Class probabilities for every image, whatever the model output. */
export interface ClassProbabilities {
  readonly count: number;
  readonly classes: number;
  /** What the model output. */
  readonly kind: ScoreKind;
  /** True when `values` are a softmax of the model's logits (the UI must say "softmax applied"). */
  readonly softmaxApplied: boolean;
  /** `count`×`classes` probabilities, row-major: the model's own (widened from float32) or the softmax. */
  readonly values: Float64Array;
}

/** The model's probabilities, or the softmax of its logits (see {@link scoreKind} for how they are told apart). */
export function toProbabilities(predictions: Predictions, tolerance = PROBABILITY_TOLERANCE): ClassProbabilities {
  const { count, classes, scores } = predictions;
  const kind = scoreKind(scores, count, classes, tolerance);
  const values = kind === 'logits' ? softmaxRows(scores, count, classes) : Float64Array.from(scores.subarray(0, count * classes));
  return { count, classes, kind, softmaxApplied: kind === 'logits', values };
}

/** One image's probabilities (a view, not a copy). */
export const probabilityRow = (p: ClassProbabilities, index: number): Float64Array => p.values.subarray(index * p.classes, (index + 1) * p.classes);

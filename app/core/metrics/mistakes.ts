/**
 * Where to look first: the mistakes the model was surest of (often mislabelled or ambiguous images), and the
 * images of one confusion-matrix cell in the order that makes them informative.
 */

/** How many confident mistakes the page lists by default. */
export const MISTAKES_SHOWN = 50;

export interface Mistake {
  /** Position in the test set. */
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** Probability of the predicted class, 0 … 1. */
  readonly confidence: number;
  /** The most probable class other than the prediction (lowest index on a tie), and its probability. */
  readonly second: { readonly classIndex: number; readonly probability: number };
}

/**
 * The `limit` (default 50) misclassified images with the highest probability on their predicted class, highest
 * first; equal confidences keep test-set order. `probabilities` is `count`×`classes`, row-major (after softmax
 * for logits).
 */
export function confidentMistakes(labels: ArrayLike<number>, predicted: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number, limit = MISTAKES_SHOWN): Mistake[] {
  const wrong: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== predicted[i]) wrong.push(i);
  const confidence = (i: number): number => probabilities[i * classes + predicted[i]!]!;
  // Array.prototype.sort is stable, but the explicit index tie-break keeps the order obvious.
  wrong.sort((a, b) => confidence(b) - confidence(a) || a - b);
  return wrong.slice(0, limit).map((index) => {
    const p = predicted[index]!;
    let second = -1;
    let secondProbability = -Infinity;
    for (let k = 0; k < classes; k++) {
      const q = probabilities[index * classes + k]!;
      if (k !== p && q > secondProbability) {
        second = k;
        secondProbability = q;
      }
    }
    return { index, label: labels[index]!, predicted: p, confidence: confidence(index), second: { classIndex: second, probability: secondProbability } };
  });
}

/**
 * Indices of the images in confusion-matrix cell (true `t`, predicted `p`), ordered by `confidence`:
 * off the diagonal highest first (the mistakes the model was surest of), on the diagonal lowest first
 * (the correct answers it nearly got wrong — the highest ones are the least interesting). Equal confidences
 * keep test-set order.
 */
export function cellSamples(labels: ArrayLike<number>, predicted: ArrayLike<number>, confidence: ArrayLike<number>, t: number, p: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === t && predicted[i] === p) indices.push(i);
  const sign = t === p ? 1 : -1;
  indices.sort((a, b) => sign * (confidence[a]! - confidence[b]!) || a - b);
  return indices;
}

import type { Predictions } from './types';

/** Arg-max of each row of `count`×`classes` scores; the first maximum wins ties, as numpy's argmax. */
export function argmaxRows(scores: Float32Array, count: number, classes: number): Uint16Array {
  const predicted = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    const row = i * classes;
    let best = 0;
    let bestScore = scores[row]!;
    for (let k = 1; k < classes; k++) {
      const s = scores[row + k]!;
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    predicted[i] = best;
  }
  return predicted;
}

export const predictionsFromScores = (scores: Float32Array, count: number, classes: number): Predictions => ({
  count,
  classes,
  scores,
  predicted: argmaxRows(scores, count, classes),
});

/**
 * Top-k accuracy as scikit-learn's `top_k_accuracy_score` (multiclass case): an image counts when its true class
 * is among the k highest scores. Ties follow scikit-learn, which sorts each row with a stable ascending sort and
 * reverses it: among equal scores the HIGHER class index ranks first. So top-1 accuracy can differ from
 * arg-max accuracy (where the lower index wins ties) when the true class ties for the maximum.
 */

/**
 * Rank of class `label` in row `row` of `count`×`classes` scores: 1 for the top class, `classes` for the last,
 * with scikit-learn's tie rule (equal scores: higher class index first). Ranks do not change under softmax,
 * so raw logits and probabilities give the same answer. NaN scores never outrank anything.
 */
export function classRank(scores: ArrayLike<number>, classes: number, row: number, label: number): number {
  const base = row * classes;
  const own = scores[base + label]!;
  let rank = 1;
  for (let k = 0; k < classes; k++) {
    const s = scores[base + k]!;
    if (s > own || (s === own && k > label)) rank++;
  }
  return rank;
}

/** Fraction of images whose true class ranks within the top `k` (0 for an empty set). */
export function topKAccuracy(labels: ArrayLike<number>, scores: ArrayLike<number>, classes: number, k: number): number {
  if (labels.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (classRank(scores, classes, i, labels[i]!) <= k) hits++;
  return hits / labels.length;
}

/** Top-k accuracy for each k in `ks` (default 1, 2 and 3), in one pass over the rows. */
export function topKAccuracies(labels: ArrayLike<number>, scores: ArrayLike<number>, classes: number, ks: readonly number[] = [1, 2, 3]): { readonly k: number; readonly accuracy: number }[] {
  const hits = ks.map(() => 0);
  for (let i = 0; i < labels.length; i++) {
    const rank = classRank(scores, classes, i, labels[i]!);
    ks.forEach((k, j) => {
      if (rank <= k) hits[j]!++;
    });
  }
  return ks.map((k, j) => ({ k, accuracy: labels.length === 0 ? 0 : hits[j]! / labels.length }));
}

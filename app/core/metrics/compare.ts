/**
 * Two models on the same labelled images: which is more accurate, where they differ, and whether the
 * difference is more than chance (McNemar's exact test on the images exactly one of them gets right).
 */
import { cellCount, confusionMatrix, rowTotals, type ConfusionMatrix } from './confusion';

/** Test-set indices of the images in each disagreement group (ascending). */
export interface DisagreementGroups {
  /** A correct, B wrong (McNemar's b). */
  readonly aRightBWrong: readonly number[];
  /** A wrong, B correct (McNemar's c). */
  readonly aWrongBRight: readonly number[];
  /** Both wrong with the same prediction. */
  readonly bothWrongSame: readonly number[];
  /** Both wrong with different predictions. */
  readonly bothWrongDifferent: readonly number[];
}

export type DisagreementGroup = keyof DisagreementGroups;

export interface ClassDelta {
  readonly classIndex: number;
  readonly support: number;
  /** Recall (accuracy within the true class) of A and B, 0 … 1; 0 for a class without support. */
  readonly recallA: number;
  readonly recallB: number;
  /** recallB − recallA. */
  readonly delta: number;
}

export interface Comparison {
  readonly classes: number;
  readonly count: number;
  readonly matrixA: ConfusionMatrix;
  readonly matrixB: ConfusionMatrix;
  readonly accuracyA: number;
  readonly accuracyB: number;
  /** accuracyB − accuracyA. */
  readonly difference: number;
  readonly perClass: readonly ClassDelta[];
  /** `classes`×`classes`, row-major: B's count minus A's for each (true, predicted) cell. */
  readonly differenceMatrix: Int32Array;
  readonly groups: DisagreementGroups;
  /** Both correct. */
  readonly bothRight: number;
  /** Both wrong (same + different prediction). */
  readonly bothWrong: number;
  readonly mcnemar: { readonly b: number; readonly c: number; readonly pValue: number };
}

/**
 * Compares A's and B's predictions on the same `labels`. Throws RangeError when the lengths differ.
 */
export function compareModels(labels: ArrayLike<number>, predictedA: ArrayLike<number>, predictedB: ArrayLike<number>, classes: number): Comparison {
  if (predictedA.length !== labels.length || predictedB.length !== labels.length) {
    throw new RangeError(`${labels.length} labels but ${predictedA.length} predictions from A and ${predictedB.length} from B`);
  }
  const matrixA = confusionMatrix(labels, predictedA, classes);
  const matrixB = confusionMatrix(labels, predictedB, classes);
  const groups = { aRightBWrong: [] as number[], aWrongBRight: [] as number[], bothWrongSame: [] as number[], bothWrongDifferent: [] as number[] };
  let bothRight = 0;
  for (let i = 0; i < labels.length; i++) {
    const a = predictedA[i] === labels[i];
    const b = predictedB[i] === labels[i];
    if (a && b) bothRight++;
    else if (a) groups.aRightBWrong.push(i);
    else if (b) groups.aWrongBRight.push(i);
    else if (predictedA[i] === predictedB[i]) groups.bothWrongSame.push(i);
    else groups.bothWrongDifferent.push(i);
  }
  const n = labels.length;
  const totals = rowTotals(matrixA);
  let rightA = 0;
  let rightB = 0;
  const perClass: ClassDelta[] = [];
  for (let k = 0; k < classes; k++) {
    const support = totals[k]!;
    rightA += cellCount(matrixA, k, k);
    rightB += cellCount(matrixB, k, k);
    const recallA = support === 0 ? 0 : cellCount(matrixA, k, k) / support;
    const recallB = support === 0 ? 0 : cellCount(matrixB, k, k) / support;
    perClass.push({ classIndex: k, support, recallA, recallB, delta: recallB - recallA });
  }
  const differenceMatrix = new Int32Array(classes * classes);
  for (let j = 0; j < differenceMatrix.length; j++) differenceMatrix[j] = matrixB.counts[j]! - matrixA.counts[j]!;
  const accuracyA = n === 0 ? 0 : rightA / n;
  const accuracyB = n === 0 ? 0 : rightB / n;
  const b = groups.aRightBWrong.length;
  const c = groups.aWrongBRight.length;
  return {
    classes,
    count: n,
    matrixA,
    matrixB,
    accuracyA,
    accuracyB,
    difference: accuracyB - accuracyA,
    perClass,
    differenceMatrix,
    groups,
    bothRight,
    bothWrong: groups.bothWrongSame.length + groups.bothWrongDifferent.length,
    mcnemar: { b, c, pValue: mcnemarExactP(b, c) },
  };
}

/**
 * Two-sided p-value of McNemar's exact test, as statsmodels' `mcnemar([[·, b], [c, ·]], exact=True)`:
 * p = min(1, 2·P(X ≤ min(b, c))) for X ~ Binomial(b + c, ½), that is min(1, 2·Σ_{k≤m} C(n, k) / 2ⁿ).
 *
 * Stable for any n: C(n, m)/2ⁿ is formed in log space (2ⁿ alone overflows past n = 1023), and the sum is
 * taken relative to its largest term, k = m (terms grow with k up to n/2), by the backward recurrence
 * C(n, k−1) = C(n, k)·k/(n−k+1), stopping once terms no longer change the sum. Relative error ~1e-12 for
 * n in the tens of thousands. b = c = 0 gives 1.
 */
export function mcnemarExactP(b: number, c: number): number {
  const n = b + c;
  const m = Math.min(b, c);
  if (n === 0 || b === c) return 1;
  // log C(n, m) − n·log 2
  let logHead = -n * Math.LN2;
  for (let i = 1; i <= m; i++) logHead += Math.log((n - m + i) / i);
  let sum = 1;
  let term = 1;
  for (let k = m; k > 0; k--) {
    term *= k / (n - k + 1);
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return Math.min(1, 2 * Math.exp(logHead + Math.log(sum)));
}

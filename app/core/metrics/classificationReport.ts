/**
 * Per-class precision, recall, F1 and support with macro and weighted averages, as scikit-learn's
 * `precision_recall_fscore_support(y_true, y_pred, labels=range(classes), zero_division=0)` and
 * `classification_report`. Every class 0 … classes−1 is reported, also one absent from both labels and
 * predictions (it then scores 0 and counts in the macro average, as with scikit-learn's `labels=` argument).
 */
import { cellCount, correct, total, type ConfusionMatrix } from './confusion';

export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassRow extends ClassScores {
  readonly classIndex: number;
  /** Images whose true label is this class. */
  readonly support: number;
  /** Images predicted as this class. */
  readonly predicted: number;
}

export interface ClassificationReport {
  readonly classes: number;
  readonly rows: readonly ClassRow[];
  /** Unweighted mean over classes. */
  readonly macro: ClassScores;
  /** Mean over classes weighted by support. */
  readonly weighted: ClassScores;
  /** Fraction correct, 0 … 1. */
  readonly accuracy: number;
  /** Images counted. */
  readonly support: number;
  /**
   * Classes where a ratio was 0/0 and set to 0 (scikit-learn's `zero_division=0`): precision for classes never
   * predicted, recall for classes with no support. The UI notes them: a 0 there is not a measured 0.
   */
  readonly zeroDivision: { readonly precision: readonly number[]; readonly recall: readonly number[] };
}

/** tp / denominator, 0 when the denominator is 0. */
const divide = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

/** F-beta with beta = 1 as scikit-learn computes it: 2PR / (P + R), 0 when P + R = 0. */
const f1 = (precision: number, recall: number): number => {
  const denominator = precision + recall;
  return (2 * precision * recall) / (denominator === 0 ? 1 : denominator);
};

/** The report from a confusion matrix (rows true, columns predicted). */
export function classificationReport(m: ConfusionMatrix): ClassificationReport {
  const n = m.classes;
  const rows: ClassRow[] = [];
  const zeroPrecision: number[] = [];
  const zeroRecall: number[] = [];
  for (let k = 0; k < n; k++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < n; j++) {
      support += cellCount(m, k, j);
      predicted += cellCount(m, j, k);
    }
    const tp = cellCount(m, k, k);
    if (predicted === 0) zeroPrecision.push(k);
    if (support === 0) zeroRecall.push(k);
    const precision = divide(tp, predicted);
    const recall = divide(tp, support);
    rows.push({ classIndex: k, precision, recall, f1: f1(precision, recall), support, predicted });
  }
  const images = total(m);
  const mean = (key: keyof ClassScores): number => divide(rows.reduce((s, r) => s + r[key], 0), n);
  // numpy.average(x, weights=support) = Σ wᵢxᵢ / Σ wᵢ; with no support at all scikit-learn returns
  // zero_division (0) for precision and recall and 0 for F1.
  const weightedMean = (key: keyof ClassScores): number => divide(rows.reduce((s, r) => s + r.support * r[key], 0), images);
  return {
    classes: n,
    rows,
    macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') },
    weighted: { precision: weightedMean('precision'), recall: weightedMean('recall'), f1: weightedMean('f1') },
    accuracy: divide(correct(m), images),
    support: images,
    zeroDivision: { precision: zeroPrecision, recall: zeroRecall },
  };
}

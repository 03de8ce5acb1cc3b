/**
 * A confusion matrix: rows are true labels, columns predicted labels, as scikit-learn's `confusion_matrix`.
 */
export interface ConfusionMatrix {
  readonly classes: number;
  /** `classes`×`classes` counts, row-major: `counts[t*classes + p]` images of true class t predicted as p. */
  readonly counts: Uint32Array;
}

/** Counts (true, predicted) pairs. Labels and predictions must be class indices below `classes`. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): ConfusionMatrix {
  if (labels.length !== predicted.length) {
    throw new RangeError(`${labels.length} labels but ${predicted.length} predictions`);
  }
  const counts = new Uint32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!;
    const p = predicted[i]!;
    if (t >= classes || p >= classes) throw new RangeError(`class index out of range at ${i}: true ${t}, predicted ${p}`);
    counts[t * classes + p]! += 1;
  }
  return { classes, counts };
}

export const cellCount = (m: ConfusionMatrix, trueClass: number, predictedClass: number): number =>
  m.counts[trueClass * m.classes + predictedClass]!;

/** How many images were counted. */
export function total(m: ConfusionMatrix): number {
  let sum = 0;
  for (const c of m.counts) sum += c;
  return sum;
}

/** How many images landed on the diagonal. */
export function correct(m: ConfusionMatrix): number {
  let sum = 0;
  for (let k = 0; k < m.classes; k++) sum += cellCount(m, k, k);
  return sum;
}

/** Fraction of images classified correctly, 0 … 1 (0 for an empty matrix). */
export function accuracy(m: ConfusionMatrix): number {
  const n = total(m);
  return n === 0 ? 0 : correct(m) / n;
}

/** Images per true class (row sums). */
export function rowTotals(m: ConfusionMatrix): Uint32Array {
  const totals = new Uint32Array(m.classes);
  for (let t = 0; t < m.classes; t++) {
    for (let p = 0; p < m.classes; p++) totals[t]! += cellCount(m, t, p);
  }
  return totals;
}

/**
 * The seed tutorial's "errors" view: each row divided by its total, diagonal set to zero, so the
 * colour shows where each class goes wrong rather than how often it is right. Empty rows stay zero.
 */
export function errorRates(m: ConfusionMatrix): Float64Array {
  const rates = new Float64Array(m.classes * m.classes);
  const totals = rowTotals(m);
  for (let t = 0; t < m.classes; t++) {
    if (totals[t] === 0) continue;
    for (let p = 0; p < m.classes; p++) {
      if (p !== t) rates[t * m.classes + p] = cellCount(m, t, p) / totals[t]!;
    }
  }
  return rates;
}

/** The matrix as nested rows, the shape model cards and scikit-learn print. */
export function toRows(m: ConfusionMatrix): number[][] {
  return Array.from({ length: m.classes }, (_, t) => Array.from(m.counts.subarray(t * m.classes, (t + 1) * m.classes)));
}

/** A matrix from nested rows (a card's or a shared report's). Rows must be square and hold counts. */
export function fromRows(rows: readonly (readonly number[])[]): ConfusionMatrix {
  const classes = rows.length;
  const counts = new Uint32Array(classes * classes);
  rows.forEach((row, t) => {
    if (row.length !== classes) throw new RangeError(`row ${t} has ${row.length} cells, expected ${classes}`);
    counts.set(row, t * classes);
  });
  return { classes, counts };
}

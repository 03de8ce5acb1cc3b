/**
 * What the Export buttons download, as text: predictions as CSV and every metric as JSON, with the identity
 * of the model and of the test set so a file says what it measured. Hashing the files is the caller's job
 * (the page has the bytes; the core has no crypto).
 */
import type { ClassScores } from './classificationReport';
import type { Comparison } from './compare';
import { correct, toRows } from './confusion';
import type { DeepEvaluation } from './deepEvaluation';
import { RELIABILITY_BINS } from './calibration';

/**
 * The shortest decimal (at most 9 significant digits) that reads back as the same float32 as `x`: exact for
 * the model's own float32 probabilities, and float32 precision for float64 ones (softmax output), which is
 * all a model's float32 scores ever held. "0.1" rather than "0.100000001", "1e-7" rather than "1.00000001e-7".
 */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const target = Math.fround(x);
  if (target === 0) return '0';
  const fits = (digits: number): string | null => {
    const text = String(Number(x.toPrecision(digits)));
    return Math.fround(Number(text)) === target ? text : null;
  };
  // Binary search over 1 … 9 digits (9 always suffice for float32): 3–4 conversions instead of up to 9, which
  // matters for 100 000 numbers in a CSV. Only texts that read back are kept, so the result always round-trips;
  // in rare cases next to a float32 rounding boundary it may be a digit longer than the very shortest.
  let low = 1;
  let high = 9;
  let best = String(Number(target.toPrecision(9)));
  while (low <= high) {
    const mid = (low + high) >> 1;
    const text = fits(mid);
    if (text === null) low = mid + 1;
    else {
      best = text;
      high = mid - 1;
    }
  }
  return best;
}

/**
 * One CSV row per image: `index,label,prediction,confidence,p_0,…,p_{C−1}`, header first, `\n` line ends.
 * Labels and predictions are class indices; confidence is the predicted class's probability; p_k are the
 * probabilities (after softmax when the model output logits). Numbers as {@link formatFloat32}. Without labels
 * (an unlabelled set) the label column is there but empty.
 */
export function predictionsCsv(labels: ArrayLike<number> | null, predicted: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): string {
  const header = ['index', 'label', 'prediction', 'confidence', ...Array.from({ length: classes }, (_, k) => `p_${k}`)].join(',');
  const lines = [header];
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    const cells = [String(i), labels ? String(labels[i]) : '', String(p), formatFloat32(probabilities[i * classes + p]!)];
    for (let k = 0; k < classes; k++) cells.push(formatFloat32(probabilities[i * classes + k]!));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/** Which model produced the predictions. */
export interface ModelIdentity {
  readonly name: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** Hex SHA-256 of the model file; null when unknown. */
  readonly sha256: string | null;
}

/** Which test set was scored. */
export interface DatasetIdentity {
  readonly name: string;
  readonly count: number;
  /** Hex SHA-256 of the (decompressed) image and label files; null when unknown. */
  readonly sha256: { readonly images: string | null; readonly labels: string | null };
}

export interface MetricsJsonInput {
  readonly model: ModelIdentity;
  readonly dataset: DatasetIdentity;
  readonly classNames: readonly string[];
  readonly evaluation: DeepEvaluation;
  /** A second model compared with this one (this one is A). */
  readonly comparison?: { readonly model: ModelIdentity; readonly result: Comparison } | undefined;
  /** ISO 8601 time of the export; left out when absent (the core does not read clocks). */
  readonly generatedAt?: string | undefined;
}

const scores = (s: ClassScores) => ({ precision: s.precision, recall: s.recall, f1: s.f1 });

/** The metrics file's content as a plain, JSON-safe object (no NaN: empty bins are null). */
export function metricsJson({ model, dataset, classNames, evaluation: e, comparison, generatedAt }: MetricsJsonInput) {
  const name = (k: number): string => classNames[k] ?? String(k);
  return {
    format: 'classifier-lens-metrics/1',
    ...(generatedAt ? { generatedAt } : {}),
    model,
    dataset,
    classes: classNames.map((n, k) => ({ index: k, name: n })),
    scores: {
      output: e.probabilities.kind,
      softmaxApplied: e.probabilities.softmaxApplied,
    },
    accuracy: e.report.accuracy,
    correct: correct(e.matrix),
    total: e.report.support,
    confusionMatrix: { rows: 'true label', columns: 'predicted label', counts: toRows(e.matrix) },
    classificationReport: {
      definition: 'scikit-learn precision_recall_fscore_support, labels=range(classes), zero_division=0',
      perClass: e.report.rows.map((r) => ({ class: r.classIndex, name: name(r.classIndex), ...scores(r), support: r.support })),
      macroAvg: scores(e.report.macro),
      weightedAvg: scores(e.report.weighted),
      zeroDivision: e.report.zeroDivision,
    },
    topKAccuracy: Object.fromEntries(e.topK.map(({ k, accuracy }) => [`top${k}`, accuracy])),
    calibration: {
      confidence: 'maximum class probability',
      bins: RELIABILITY_BINS,
      binning: 'equal-width over [0, 1]; [lower, upper) except the last bin, [lower, 1]',
      ece: e.reliability.ece,
      reliability: e.reliability.bins,
      histogram: { edges: e.histogram.edges, correct: e.histogram.correct, wrong: e.histogram.wrong },
    },
    mostConfidentMistakes: e.mistakes.map((m) => ({
      index: m.index,
      label: m.label,
      predicted: m.predicted,
      confidence: m.confidence,
      second: m.second.classIndex,
      secondProbability: m.second.probability,
    })),
    ...(comparison ? { comparison: comparisonJson(comparison.model, comparison.result, name) } : {}),
  };
}

function comparisonJson(model: ModelIdentity, c: Comparison, name: (k: number) => string) {
  return {
    modelB: model,
    accuracyA: c.accuracyA,
    accuracyB: c.accuracyB,
    difference: c.difference,
    perClassRecall: c.perClass.map((d) => ({ class: d.classIndex, name: name(d.classIndex), support: d.support, recallA: d.recallA, recallB: d.recallB, delta: d.delta })),
    differenceMatrix: { definition: 'B − A counts, rows true, columns predicted', counts: Array.from({ length: c.classes }, (_, t) => Array.from(c.differenceMatrix.subarray(t * c.classes, (t + 1) * c.classes))) },
    disagreement: {
      bothRight: c.bothRight,
      aRightBWrong: c.groups.aRightBWrong.length,
      aWrongBRight: c.groups.aWrongBRight.length,
      bothWrong: c.bothWrong,
      bothWrongSame: c.groups.bothWrongSame.length,
      bothWrongDifferent: c.groups.bothWrongDifferent.length,
    },
    mcnemar: { test: 'exact (binomial), two-sided', b: c.mcnemar.b, c: c.mcnemar.c, pValue: c.mcnemar.pValue },
  };
}

export type MetricsJson = ReturnType<typeof metricsJson>;

/** {@link metricsJson} as indented text with a final newline. */
export const metricsJsonText = (input: MetricsJsonInput): string => JSON.stringify(metricsJson(input), null, 2) + '\n';

/**
 * How far to trust the model's confidence: the maximum class probability of each image, its distribution for
 * correct and wrong predictions, and a reliability diagram with the expected calibration error (ECE).
 *
 * Bin convention (numpy.histogram's): with B equal-width bins over [0, 1], bin b holds confidences in
 * [b/B, (b+1)/B) — lower edge inclusive, upper exclusive — except the last, [(B−1)/B, 1], which also holds 1.
 * (Guo et al.'s reference code uses (lower, upper]; the two differ only for confidences exactly on an edge.)
 * Confidences slightly outside [0, 1] (float32 rounding of a sum-to-1 row) are clamped into the end bins.
 */

/** Bins of the reliability diagram and ECE. */
export const RELIABILITY_BINS = 15;
/** Bins of the correct-vs-wrong confidence histogram. */
export const HISTOGRAM_BINS = 20;

/** The maximum of each row of `count`×`classes` probabilities: the probability of the arg-max class. */
export function maxProbabilities(probabilities: ArrayLike<number>, count: number, classes: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let max = probabilities[i * classes]!;
    for (let k = 1; k < classes; k++) max = Math.max(max, probabilities[i * classes + k]!);
    out[i] = max;
  }
  return out;
}

/** Edge `b` of `bins` equal-width bins over [0, 1], computed as numpy.linspace does (b · (1/bins), last = 1). */
const edge = (b: number, bins: number): number => (b === bins ? 1 : b * (1 / bins));

/**
 * The bin of `value` among `bins` equal-width bins over [0, 1], with the convention above. The first guess
 * floor(value·bins) can land one off next to an edge through rounding; checking against the edges themselves
 * makes the answer agree with numpy.histogram exactly.
 */
export function binIndex(value: number, bins: number): number {
  if (!(value > 0)) return 0;
  if (value >= 1) return bins - 1;
  let b = Math.min(bins - 1, Math.floor(value * bins));
  if (value < edge(b, bins)) b--;
  else if (b < bins - 1 && value >= edge(b + 1, bins)) b++;
  return b;
}

export interface ConfidenceHistogram {
  readonly bins: number;
  /** bins + 1 edges from 0 to 1. */
  readonly edges: readonly number[];
  /** Per bin, correctly classified images. */
  readonly correct: readonly number[];
  /** Per bin, misclassified images. */
  readonly wrong: readonly number[];
}

/** Histogram of confidence (max probability) for correct and for wrong predictions; `bins` defaults to 20. */
export function confidenceHistogram(confidence: ArrayLike<number>, labels: ArrayLike<number>, predicted: ArrayLike<number>, bins = HISTOGRAM_BINS): ConfidenceHistogram {
  const right = new Array<number>(bins).fill(0);
  const wrong = new Array<number>(bins).fill(0);
  for (let i = 0; i < confidence.length; i++) {
    const b = binIndex(confidence[i]!, bins);
    if (labels[i] === predicted[i]) right[b]!++;
    else wrong[b]!++;
  }
  return { bins, edges: Array.from({ length: bins + 1 }, (_, b) => edge(b, bins)), correct: right, wrong };
}

export interface ReliabilityBin {
  /** Lower edge (inclusive). */
  readonly lower: number;
  /** Upper edge (exclusive, except 1 for the last bin). */
  readonly upper: number;
  readonly count: number;
  /** Mean confidence of the bin's images; null for an empty bin. */
  readonly confidence: number | null;
  /** Fraction of the bin's images classified correctly; null for an empty bin. */
  readonly accuracy: number | null;
}

export interface Reliability {
  readonly bins: readonly ReliabilityBin[];
  /**
   * Expected calibration error, Σ_b (n_b / N)·|acc_b − conf_b| over non-empty bins, 0 … 1
   * (0 for an empty set). 0 means the confidence matches the accuracy in every bin.
   */
  readonly ece: number;
  /** Images counted (N). */
  readonly total: number;
}

/** Reliability diagram and ECE over `bins` (default 15) equal-width confidence bins. */
export function reliability(confidence: ArrayLike<number>, labels: ArrayLike<number>, predicted: ArrayLike<number>, bins = RELIABILITY_BINS): Reliability {
  const count = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  const rightSum = new Array<number>(bins).fill(0);
  const n = confidence.length;
  for (let i = 0; i < n; i++) {
    const b = binIndex(confidence[i]!, bins);
    count[b]!++;
    confSum[b]! += confidence[i]!;
    if (labels[i] === predicted[i]) rightSum[b]!++;
  }
  let ece = 0;
  const out: ReliabilityBin[] = count.map((c, b) => {
    if (c === 0) return { lower: edge(b, bins), upper: edge(b + 1, bins), count: 0, confidence: null, accuracy: null };
    const conf = confSum[b]! / c;
    const acc = rightSum[b]! / c;
    ece += (c / n) * Math.abs(acc - conf);
    return { lower: edge(b, bins), upper: edge(b + 1, bins), count: c, confidence: conf, accuracy: acc };
  });
  return { bins: out, ece, total: n };
}

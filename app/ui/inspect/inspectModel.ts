/** What the sample inspector shows about one image: a bar per class and the true class's rank. */
import { classRank } from '../../core/metrics/topK';
import { ordinal, percent } from '../charts/format';

export type BarRole = 'true' | 'predicted' | 'correct' | 'other';

export interface ProbabilityBar {
  readonly classIndex: number;
  readonly name: string;
  readonly probability: number;
  /**
   * 'correct' when the true class is the prediction. (Not called `role`: recharts passes data fields on to the
   * SVG element, where `role` is an ARIA attribute.)
   */
  readonly highlight: BarRole;
}

export function probabilityBars(probabilities: ArrayLike<number>, label: number, predicted: number, classNames: readonly string[]): ProbabilityBar[] {
  return Array.from({ length: probabilities.length }, (_, k) => ({
    classIndex: k,
    name: classNames[k] ?? String(k),
    probability: probabilities[k]!,
    highlight: k === label && k === predicted ? 'correct' : k === label ? 'true' : k === predicted ? 'predicted' : 'other',
  }));
}

/**
 * Rank of the true class among this image's probabilities (1 = top), with the tie rule of top-k accuracy
 * (scikit-learn's: among equal scores the higher class index ranks first).
 */
export const trueClassRank = (probabilities: ArrayLike<number>, label: number): number => classRank(probabilities, probabilities.length, 0, label);

/** "ranked 1st of 10", "ranked 3rd of 10: in the top 3". */
export function describeRank(rank: number, classes: number): string {
  if (rank === 1) return `ranked 1st of ${classes}`;
  return `ranked ${ordinal(rank)} of ${classes}${rank <= 3 ? `: within the top ${rank}` : ''}`;
}

/** One line for screen readers: the verdict, the confidence and the true class's probability and rank. */
export function describeSample(index: number, probabilities: ArrayLike<number>, label: number, predicted: number, classNames: readonly string[]): string {
  const name = (k: number) => classNames[k] ?? String(k);
  const rank = trueClassRank(probabilities, label);
  const verdict = label === predicted ? `a ${name(label)}, predicted correctly` : `a ${name(label)}, predicted ${name(predicted)}`;
  return `Test image ${index}: ${verdict} with probability ${percent(probabilities[predicted]!)}; the true class has ${percent(probabilities[label]!)}, ${describeRank(rank, probabilities.length)}.`;
}

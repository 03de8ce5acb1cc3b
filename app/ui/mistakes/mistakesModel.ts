/** Text for the confident-mistakes list. */
import type { Mistake } from '../../core/metrics/mistakes';
import { percent } from '../charts/format';

export interface MistakeView {
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** "97.3%" */
  readonly confidence: string;
  /** "2nd: 0 (1.6%)" */
  readonly second: string;
  /** Whether the runner-up was the true class: the model nearly had it. */
  readonly secondIsTrue: boolean;
  /** The whole story in one sentence, for screen readers. */
  readonly description: string;
}

export function mistakeViews(mistakes: readonly Mistake[], classNames: readonly string[]): MistakeView[] {
  const name = (k: number) => classNames[k] ?? String(k);
  return mistakes.map((m, rank) => {
    const secondIsTrue = m.second.classIndex === m.label;
    return {
      index: m.index,
      label: m.label,
      predicted: m.predicted,
      confidence: percent(m.confidence),
      second: `2nd: ${name(m.second.classIndex)} (${percent(m.second.probability)})`,
      secondIsTrue,
      description:
        `Mistake ${rank + 1}: test image ${m.index}, a ${name(m.label)} predicted ${name(m.predicted)} with ${percent(m.confidence)} confidence; ` +
        `second choice ${name(m.second.classIndex)} at ${percent(m.second.probability)}${secondIsTrue ? ', the true class' : ''}`,
    };
  });
}

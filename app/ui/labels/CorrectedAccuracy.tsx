import './labels.css';
import { accuracy, correct, total, type ConfusionMatrix } from '../../core/metrics/confusion';
import type { CorrectedEvaluation } from '../../core/labelIssues/review';
import { count as formatCount, percent } from '../charts/format';
import type { Truth } from '../state';
import { pointsDifference } from './labelIssuesModel';

interface Props {
  readonly given: ConfusionMatrix;
  readonly corrected: CorrectedEvaluation;
  readonly truth: Truth;
  readonly onTruth: (truth: Truth) => void;
}

/**
 * Accuracy as labelled and as corrected by the review of suspect labels, with the difference, and the switch that
 * makes the headline, the matrix and the per-class table count one or the other.
 */
export function CorrectedAccuracy({ given, corrected, truth, onTruth }: Props) {
  const before = accuracy(given);
  const after = accuracy(corrected.matrix);
  return (
    <section className="card corrected-card" aria-labelledby="corrected-title" data-testid="corrected-accuracy" data-value={String(after)} data-given={String(before)} data-truth={truth}>
      <h2 id="corrected-title">Corrected labels</h2>
      <p className="corrected-figures">
        As labelled <strong>{percent(before, 2)}</strong> → corrected <strong>{percent(after, 2)}</strong>{' '}
        <span className="corrected-diff" data-testid="corrected-difference">
          ({pointsDifference(before, after)})
        </span>
      </p>
      <p className="card-sub">
        {formatCount(correct(corrected.matrix))} of {formatCount(total(corrected.matrix))} correct after review: {formatCount(corrected.relabelled)} relabelled,{' '}
        {formatCount(corrected.excluded)} left out as ambiguous.
      </p>
      <fieldset className="radio-group">
        <legend>Count the views against</legend>
        {(['given', 'corrected'] as const).map((t) => (
          <label key={t} className={truth === t ? 'on' : undefined}>
            <input type="radio" name="truth" value={t} checked={truth === t} onChange={() => onTruth(t)} data-testid={`truth-${t}`} />
            {t === 'given' ? 'As labelled' : 'Corrected'}
          </label>
        ))}
      </fieldset>
    </section>
  );
}

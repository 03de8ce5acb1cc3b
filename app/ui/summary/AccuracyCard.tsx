import { count as formatCount } from '../charts/format';
import { accuracy, correct, total, type ConfusionMatrix } from '../../core/metrics/confusion';
import { ClassRecall } from './ClassRecall';
import { Facts } from './Facts';

interface Props {
  readonly matrix: ConfusionMatrix;
  readonly classNames: readonly string[];
  /** What was evaluated, as label/value pairs. */
  readonly facts: readonly (readonly [string, string])[];
}

/** The headline: overall accuracy, the count behind it, what was evaluated, and accuracy per class. */
export function AccuracyCard({ matrix, classNames, facts }: Props) {
  const acc = accuracy(matrix);
  const n = total(matrix);
  const right = correct(matrix);
  return (
    <section className="card accuracy-card" aria-labelledby="accuracy-title">
      <h2 id="accuracy-title">Accuracy</h2>
      <p className="accuracy" data-testid="accuracy" data-value={String(acc)}>
        {(acc * 100).toFixed(2)}
        <span className="accuracy-unit">%</span>
      </p>
      <p className="accuracy-count">
        <strong>{formatCount(right)}</strong> of {formatCount(n)} test images correct ·{' '}
        <strong>{formatCount(n - right)}</strong> wrong
      </p>
      <Facts facts={facts} />
      <ClassRecall matrix={matrix} classNames={classNames} />
    </section>
  );
}

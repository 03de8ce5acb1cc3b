import type { Evaluation } from '../state';
import { accuracy, correct, total } from '../../core/metrics/confusion';
import { ClassRecall } from './ClassRecall';

/** The headline: overall accuracy, the count behind it, and what was evaluated. */
export function AccuracyCard({ evaluation }: { evaluation: Evaluation }) {
  const { matrix } = evaluation;
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
        <strong>{right.toLocaleString('en-US')}</strong> of {n.toLocaleString('en-US')} test images correct ·{' '}
        <strong>{(n - right).toLocaleString('en-US')}</strong> wrong
      </p>
      <dl className="facts">
        <dt>Model</dt>
        <dd>{evaluation.modelName}</dd>
        <dt>Test set</dt>
        <dd>
          {evaluation.datasetName}, {n.toLocaleString('en-US')} images
        </dd>
        <dt>Input</dt>
        <dd>{evaluation.preprocessing}</dd>
      </dl>
      <ClassRecall matrix={matrix} classNames={evaluation.classNames} />
    </section>
  );
}

import { percent } from '../charts/format';
import './draw.css';

interface Props {
  /** One probability per class, 0 … 1. */
  readonly probabilities: ArrayLike<number>;
  readonly classNames: readonly string[];
  /** The class to mark as the prediction. */
  readonly top: number;
  readonly label: string;
  readonly testId?: string;
}

/** A small bar per class with its probability; the top class marked. A list, so screen readers read it as one. */
export function ProbabilityList({ probabilities, classNames, top, label, testId }: Props) {
  return (
    <ol className="prob-list" aria-label={label} data-testid={testId}>
      {Array.from({ length: probabilities.length }, (_, k) => {
        const p = probabilities[k]!;
        const width = Number.isFinite(p) ? Math.max(0, Math.min(1, p)) * 100 : 0;
        return (
          <li key={k} className={k === top ? 'prob-row prob-row--top' : 'prob-row'} data-class={k} data-p={p}>
            <span className="prob-name">{classNames[k] ?? k}</span>
            <span className="prob-track" aria-hidden="true">
              <span className="prob-bar" style={{ width: `${width}%` }} />
            </span>
            <span className="prob-value">{percent(p)}</span>
          </li>
        );
      })}
    </ol>
  );
}

import { useMemo } from 'react';
import type { Mistake } from '../../core/metrics/mistakes';
import type { ImageSet } from '../../core/types';
import { DigitCanvas } from '../strip/DigitCanvas';
import { mistakeViews } from './mistakesModel';

export interface MistakesListProps {
  readonly images: ImageSet;
  /** The most confident mistakes, most confident first (DeepEvaluation.mistakes). */
  readonly mistakes: readonly Mistake[];
  readonly classNames: readonly string[];
  /** Called with the test-set index of the image chosen. */
  readonly onSelect?: ((index: number) => void) | undefined;
  readonly selected?: number | null | undefined;
}

/**
 * The mistakes the model was surest of, across the whole test set: often mislabelled or truly ambiguous
 * images, sometimes a systematic confusion. Each shows the digit, the true label, the prediction with its
 * confidence and the runner-up class.
 */
export function MistakesList({ images, mistakes, classNames, onSelect, selected }: MistakesListProps) {
  const views = useMemo(() => mistakeViews(mistakes, classNames), [mistakes, classNames]);
  const name = (k: number) => classNames[k] ?? String(k);
  return (
    <section className="card mistakes-card" aria-labelledby="mistakes-title">
      <header className="card-header">
        <div>
          <h2 id="mistakes-title">Most confident mistakes</h2>
          <p className="card-sub">
            {views.length === 0 ? 'No mistakes: every test image was classified correctly.' : `The ${views.length} misclassified test images with the highest confidence in the wrong class, surest first.`}
          </p>
        </div>
      </header>
      <ol className="mistakes" data-testid="mistakes">
        {views.map((v, rank) => (
          <li key={v.index}>
            <button
              type="button"
              className={`mistake${selected === v.index ? ' mistake--selected' : ''}`}
              aria-label={v.description}
              aria-pressed={selected === v.index}
              data-testid="mistake"
              data-index={v.index}
              data-label={v.label}
              data-pred={v.predicted}
              onClick={() => onSelect?.(v.index)}
            >
              <span className="mistake-rank" aria-hidden="true">
                {rank + 1}
              </span>
              <span aria-hidden="true">
                <DigitCanvas images={images} index={v.index} inverted label={`Test image ${v.index}`} />
              </span>
              <span className="mistake-text" aria-hidden="true">
                <span className="mistake-pred">
                  {name(v.predicted)} <small>{v.confidence}</small>
                </span>
                <span className="mistake-true">true {name(v.label)}</span>
                <span className={`mistake-second${v.secondIsTrue ? ' mistake-second--true' : ''}`}>{v.second}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

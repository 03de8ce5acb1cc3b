import { useMemo, useState } from 'react';
import { nextSeed, sampleIndices } from '../../core/sampling';
import type { Evaluation } from '../state';
import { DigitCanvas } from './DigitCanvas';

export const STRIP_SIZE = 30;

interface Props {
  readonly evaluation: Evaluation;
  readonly seed: number;
  readonly onSeedChange: (seed: number) => void;
}

/** The seed tutorial's 30 random test digits with their predictions; mistakes in red, drawn inverted. */
export function SampleStrip({ evaluation, seed, onSeedChange }: Props) {
  const { testSet, predictions, classNames } = evaluation;
  const indices = useMemo(() => sampleIndices(testSet.images.count, STRIP_SIZE, seed), [testSet, seed]);
  const wrong = indices.filter((i) => predictions.predicted[i] !== testSet.labels.labels[i]).length;
  const [draft, setDraft] = useState<string | null>(null);

  const commitDraft = () => {
    if (draft === null) return;
    const value = Number(draft);
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) onSeedChange(value);
    setDraft(null);
  };

  return (
    <section className="card strip-card" aria-labelledby="strip-title">
      <header className="card-header">
        <div>
          <h2 id="strip-title">Sample predictions</h2>
          <p className="card-sub">
            {STRIP_SIZE} random test images, {wrong === 0 ? 'none' : wrong} misclassified. Mistakes are red and drawn white on black.
          </p>
        </div>
        <div className="seed-controls">
          <label htmlFor="seed-input">Seed</label>
          <input
            id="seed-input"
            data-testid="seed"
            inputMode="numeric"
            value={draft ?? String(seed)}
            onChange={(e) => setDraft(e.target.value.replace(/\D/g, ''))}
            onBlur={commitDraft}
            onKeyDown={(e) => e.key === 'Enter' && commitDraft()}
            size={6}
          />
          <button type="button" className="button" data-testid="redraw" onClick={() => onSeedChange(nextSeed(seed))}>
            Draw another {STRIP_SIZE}
          </button>
        </div>
      </header>
      <ol className="strip" data-testid="sample-strip" data-seed={seed}>
        {indices.map((index) => {
          const label = testSet.labels.labels[index]!;
          const pred = predictions.predicted[index]!;
          const correct = label === pred;
          return (
            <li
              key={index}
              className={`sample ${correct ? 'sample--correct' : 'sample--error'}`}
              data-testid="sample"
              data-index={index}
              data-label={label}
              data-pred={pred}
              data-correct={String(correct)}
            >
              <span className="sample-pred">{classNames[pred]}</span>
              <DigitCanvas
                images={testSet.images}
                index={index}
                inverted={!correct}
                label={`Test image ${index}: ${correct ? `a ${classNames[label]}, predicted correctly` : `a ${classNames[label]}, predicted ${classNames[pred]}`}`}
              />
              <span className="sample-meta">{correct ? `#${index}` : `true ${classNames[label]}`}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

import { useState } from 'react';
import { nextSeed } from '../../core/sampling';
import type { ImageSet } from '../../core/types';
import { DigitCanvas } from './DigitCanvas';
import { STRIP_SIZE } from './stripSize';

export interface StripSample {
  /** Position in the test set. */
  readonly index: number;
  /** Null in an unlabelled set: nothing is marked wrong. */
  readonly label: number | null;
  readonly predicted: number;
}

interface Props {
  readonly images: ImageSet;
  readonly samples: readonly StripSample[];
  readonly classNames: readonly string[];
  readonly seed: number;
  /** Absent for a read-only strip (a shared report): the seed is shown but cannot be changed. */
  readonly onSeedChange?: (seed: number) => void;
  /** Click or Enter on a digit inspects it. */
  readonly onSelect?: (index: number) => void;
  readonly selected?: number | null;
}

/** The seed tutorial's 30 random test digits with their predictions; mistakes in red, drawn inverted. */
export function SampleStrip({ images, samples, classNames, seed, onSeedChange, onSelect, selected }: Props) {
  const unlabelled = samples.some((s) => s.label === null);
  const wrong = samples.filter((s) => s.label !== null && s.predicted !== s.label).length;
  const [draft, setDraft] = useState<string | null>(null);

  const commitDraft = () => {
    if (draft === null || !onSeedChange) return;
    const value = Number(draft);
    if (draft !== '' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) onSeedChange(value);
    setDraft(null);
  };

  return (
    <section className="card strip-card" aria-labelledby="strip-title">
      <header className="card-header">
        <div>
          <h2 id="strip-title">Sample predictions</h2>
          <p className="card-sub">
            {unlabelled
              ? `${samples.length} random images with what the model predicts (no labels, so none can be marked wrong).`
              : `${samples.length} random test images, ${wrong === 0 ? 'none' : wrong} misclassified. Mistakes are red and drawn white on black.`}
          </p>
        </div>
        <div className="seed-controls">
          <label htmlFor="seed-input">Seed</label>
          <input
            id="seed-input"
            data-testid="seed"
            inputMode="numeric"
            value={draft ?? String(seed)}
            readOnly={!onSeedChange}
            onChange={(e) => setDraft(e.target.value.replace(/\D/g, ''))}
            onBlur={commitDraft}
            onKeyDown={(e) => e.key === 'Enter' && commitDraft()}
            size={6}
          />
          {onSeedChange && (
            <button type="button" className="button" data-testid="redraw" onClick={() => onSeedChange(nextSeed(seed))}>
              Draw another {STRIP_SIZE}
            </button>
          )}
        </div>
      </header>
      <ol className="strip" data-testid="sample-strip" data-seed={seed}>
        {samples.map(({ index, label, predicted }) => {
          const correct = label === null || label === predicted;
          return (
            <li
              key={index}
              className={`sample ${correct ? 'sample--correct' : 'sample--error'}${onSelect ? ' sample--clickable' : ''}${selected === index ? ' sample--selected' : ''}`}
              tabIndex={onSelect ? 0 : undefined}
              aria-current={selected === index ? 'true' : undefined}
              onClick={onSelect ? () => onSelect(index) : undefined}
              onKeyDown={onSelect ? (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(index)) : undefined}
              data-testid="sample"
              data-index={index}
              data-label={label ?? undefined}
              data-pred={predicted}
              data-correct={String(correct)}
            >
              <span className="sample-pred">{classNames[predicted]}</span>
              <DigitCanvas
                images={images}
                index={index}
                inverted={!correct}
                label={`Test image ${index}: ${label === null ? `predicted ${classNames[predicted]}` : correct ? `a ${classNames[label]}, predicted correctly` : `a ${classNames[label]}, predicted ${classNames[predicted]}`}`}
              />
              <span className="sample-meta">{correct || label === null ? `#${index}` : `true ${classNames[label]}`}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

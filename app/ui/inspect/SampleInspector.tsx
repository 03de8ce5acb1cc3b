import { useMemo } from 'react';
import { useReducedMotion } from '../charts/motion';
import { Bar, BarChart, CartesianGrid, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import type { ImageSet } from '../../core/types';
import { percent } from '../charts/format';
import { SERIES, TICK } from '../charts/palette';
import { DigitCanvas } from '../strip/DigitCanvas';
import { OriginalImage } from './OriginalImage';
import { describeRank, describeSample, probabilityBars, trueClassRank, type BarRole } from './inspectModel';

export interface SampleInspectorProps {
  readonly images: ImageSet;
  /** Position in the test set. */
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** This image's class probabilities (a row of DeepEvaluation.probabilities.values). */
  readonly probabilities: ArrayLike<number>;
  readonly classNames: readonly string[];
  /** True when the probabilities are a softmax of the model's logits. */
  readonly softmaxApplied: boolean;
  readonly onClose?: (() => void) | undefined;
  /** The file this image was converted from (a photo, another size), shown beside it. */
  readonly original?: Blob | Uint8Array | null | undefined;
}

const FILL: Record<BarRole, string> = {
  correct: SERIES.correct,
  true: SERIES.correct,
  predicted: SERIES.wrong,
  other: SERIES.neutral,
};

/**
 * One test image up close: the digit, its true label and prediction, the probability of every class as a bar
 * (true class blue, a wrong prediction orange) and the rank of the true class.
 */
export function SampleInspector({ images, index, label, predicted, probabilities, classNames, softmaxApplied, onClose, original }: SampleInspectorProps) {
  const animate = !useReducedMotion();
  const bars = useMemo(() => probabilityBars(probabilities, label, predicted, classNames), [probabilities, label, predicted, classNames]);
  const rank = trueClassRank(probabilities, label);
  const correct = label === predicted;
  const name = (k: number) => classNames[k] ?? String(k);
  return (
    <section
      className="card inspector"
      aria-labelledby="inspector-title"
      data-testid="sample-inspector"
      data-index={index}
      data-label={label}
      data-pred={predicted}
      data-rank={rank}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onClose) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="card-header">
        <div>
          <h2 id="inspector-title">Test image #{index}</h2>
          <p className="card-sub">
            Class probabilities{softmaxApplied ? ' (softmax applied to the model’s logits)' : ''}. The true class is {describeRank(rank, probabilities.length)}.
          </p>
        </div>
        {onClose && (
          <button type="button" className="button" onClick={onClose} aria-label="Close the image inspector">
            Close
          </button>
        )}
      </header>
      <div className="inspector-body">
        <div className={`inspector-digit ${correct ? 'inspector-digit--correct' : 'inspector-digit--error'}`}>
          <DigitCanvas images={images} index={index} inverted={!correct} label={describeSample(index, probabilities, label, predicted, classNames)} />
          {original && <OriginalImage source={original} />}
          <dl className="facts inspector-facts">
            <dt>True label</dt>
            <dd className="inspector-true">{name(label)}</dd>
            <dt>Predicted</dt>
            <dd className={correct ? 'inspector-ok' : 'inspector-wrong'}>
              {name(predicted)} <span className="muted">({percent(probabilities[predicted]!)})</span>
            </dd>
            <dt>True class</dt>
            <dd>
              {percent(probabilities[label]!)}, {describeRank(rank, probabilities.length).replace('ranked ', '')}
            </dd>
          </dl>
        </div>
        <figure className="chart inspector-chart">
          <BarChart responsive data={bars} style={{ width: '100%', height: 230 }} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
            <CartesianGrid vertical={false} stroke={SERIES.grid} />
            <XAxis dataKey="name" tick={TICK} tickLine={false} axisLine={{ stroke: SERIES.grid }} />
            <YAxis domain={[0, 1]} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(v: number) => percent(v, 0)} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? percent(v, 2) : String(v))} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 7 }} cursor={{ fill: 'var(--accent-soft)' }} />
            <Bar isAnimationActive={animate} dataKey="probability" name="Probability" shape={(props: BarShapeProps) => <Rectangle {...props} fill={FILL[bars[props.index]?.highlight ?? 'other']} />} />
          </BarChart>
          <figcaption className="legend">
            <span className="legend-item">
              <i className="swatch swatch--correct" aria-hidden="true" /> true class
            </span>
            {!correct && (
              <span className="legend-item">
                <i className="swatch swatch--wrong" aria-hidden="true" /> predicted (wrong)
              </span>
            )}
          </figcaption>
        </figure>
      </div>
    </section>
  );
}

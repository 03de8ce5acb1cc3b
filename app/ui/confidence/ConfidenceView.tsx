import { count as formatCount } from '../charts/format';
import { ChartLegend } from '../charts/ChartLegend';
import { ChartFrame } from '../charts/ChartFrame';
import { noVerticalLines } from '../charts/gridLines';
import { useMemo, useState } from 'react';
import { useReducedMotion } from '../charts/motion';
import { Bar, BarChart, CartesianGrid, ComposedChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { ConfidenceHistogram, Reliability } from '../../core/metrics/calibration';
import { RELIABILITY_BINS } from '../../core/metrics/calibration';
import { images, percent } from '../charts/format';
import { SERIES, TICK } from '../charts/palette';
import { calibrationVerdict, histogramRows, reliabilityRows, type HistogramMode, type HistogramRow, type ReliabilityRow } from './confidenceModel';

export interface ConfidenceViewProps {
  /** Correct vs wrong confidence histogram (DeepEvaluation.histogram). */
  readonly histogram: ConfidenceHistogram;
  /** Reliability bins and ECE (DeepEvaluation.reliability). */
  readonly reliability: Reliability;
  /** Top-k accuracies (DeepEvaluation.topK). */
  readonly topK: readonly { readonly k: number; readonly accuracy: number }[];
  /** True when the model output logits and softmax was applied (DeepEvaluation.probabilities.softmaxApplied). */
  readonly softmaxApplied: boolean;
}

const MODES: readonly { readonly id: HistogramMode; readonly label: string }[] = [
  { id: 'share', label: 'Share of group' },
  { id: 'count', label: 'Counts' },
];

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 7, fontSize: 13 } as const;

/**
 * How far the model's confidence can be trusted: top-1/2/3 accuracy, the distribution of confidence (the maximum
 * class probability) for correct and wrong predictions, and a reliability diagram with the expected calibration
 * error over 15 equal-width bins.
 */
export function ConfidenceView({ histogram, reliability, topK, softmaxApplied }: ConfidenceViewProps) {
  const animate = !useReducedMotion();
  const [mode, setMode] = useState<HistogramMode>('share');
  const histRows = useMemo(() => histogramRows(histogram, mode), [histogram, mode]);
  const relRows = useMemo(() => reliabilityRows(reliability), [reliability]);
  const verdict = calibrationVerdict(reliability);
  // Bars sit on their bin centres over a numeric axis, so tick 0.5 is at confidence 0.5, not under a bar.
  const histDomainStart = Math.floor((histRows[0]?.lower ?? 0) * 10) / 10;
  const histTicks = Array.from({ length: Math.round((1 - histDomainStart) * 10) + 1 }, (_, i) => Math.round((histDomainStart + i / 10) * 10) / 10);
  const format = (v: number) => (mode === 'share' ? percent(v, 0) : formatCount(v));

  return (
    <section
      className="card confidence-card"
      aria-labelledby="confidence-title"
      data-testid="confidence"
      data-ece={reliability.ece}
      data-softmax={String(softmaxApplied)}
      {...Object.fromEntries(topK.map(({ k, accuracy }) => [`data-top${k}`, accuracy]))}
    >
      <header className="card-header">
        <div>
          <h2 id="confidence-title">Confidence and calibration</h2>
          <p className="card-sub">Confidence is the probability of the predicted class.</p>
        </div>
      </header>
      {softmaxApplied && (
        <p className="confidence-note" data-testid="softmax-note" role="note">
          The model outputs logits, not probabilities: softmax applied to logits for confidence, calibration and the exported probabilities.
        </p>
      )}
      <dl className="stat-tiles">
        {topK.map(({ k, accuracy }) => (
          <div className="stat-tile" key={k}>
            <dt>Top-{k} accuracy</dt>
            <dd>{percent(accuracy, 2)}</dd>
          </div>
        ))}
        <div className="stat-tile" data-testid="ece">
          <dt>
            <abbr title="Expected calibration error">ECE</abbr>
          </dt>
          <dd>{percent(reliability.ece, 2)}</dd>
          <dd className="stat-note">
            {RELIABILITY_BINS} equal-width bins; {verdict}
          </dd>
        </div>
      </dl>
      <div className="confidence-charts">
        <figure className="chart">
          <div className="chart-head">
            <figcaption>
              <strong>Confidence, correct vs wrong</strong>
              <span className="card-sub">{mode === 'share' ? 'Each group as a share of itself, so both shapes show.' : 'Images per bin.'}</span>
            </figcaption>
            <div className="segmented" role="radiogroup" aria-label="Histogram scale">
              {MODES.map((m) => (
                <button key={m.id} type="button" role="radio" aria-checked={mode === m.id} className={mode === m.id ? 'on' : ''} onClick={() => setMode(m.id)}>
                  {m.label}
                </button>
              ))}
            </div>
          </div>
          <ChartFrame height={250}>
          {(width) => (
          <BarChart width={width} height={250} data={histRows} margin={{ top: 8, right: 8, bottom: 0, left: -4 }} barGap={1} barCategoryGap="12%">
            <CartesianGrid vertical={false} verticalCoordinatesGenerator={noVerticalLines} stroke={SERIES.grid} />
            <XAxis type="number" dataKey="mid" domain={[histDomainStart, 1]} ticks={histTicks} tick={TICK} tickLine={false} axisLine={{ stroke: SERIES.grid }} />
            <YAxis tick={TICK} tickLine={false} axisLine={false} tickFormatter={format} />
            <Tooltip content={(props) => <HistogramTip {...props} />} cursor={{ fill: 'var(--accent-soft)' }} />
            <Bar isAnimationActive={animate} dataKey="correct" name="Correct" fill={SERIES.correct} />
            <Bar isAnimationActive={animate} dataKey="wrong" name="Wrong" fill={SERIES.wrong} />
          </BarChart>
          )}
          </ChartFrame>
          <ChartLegend items={[{ label: 'Correct', color: SERIES.correct }, { label: 'Wrong', color: SERIES.wrong }]} />
        </figure>
        <figure className="chart">
          <div className="chart-head">
            <figcaption>
              <strong>Reliability diagram</strong>
              <span className="card-sub">
                Accuracy per confidence bin ({RELIABILITY_BINS} equal-width bins); the dashed diagonal is perfect calibration. ECE {percent(reliability.ece, 2)}.
              </span>
            </figcaption>
          </div>
          <ChartFrame height={250}>
          {(width) => (
          <ComposedChart width={width} height={250} data={relRows} margin={{ top: 8, right: 12, bottom: 0, left: -4 }}>
            <CartesianGrid stroke={SERIES.grid} />
            <XAxis type="number" dataKey="mid" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tick={TICK} tickLine={false} axisLine={{ stroke: SERIES.grid }} />
            <YAxis type="number" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(v: number) => percent(v, 0)} />
            <Tooltip content={(props) => <ReliabilityTip {...props} />} cursor={{ fill: 'var(--accent-soft)' }} />
            <Bar isAnimationActive={animate} dataKey="accuracy" name="Accuracy" fill={SERIES.correct} />
            <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke={SERIES.axis} strokeDasharray="4 4" ifOverflow="visible" />
          </ComposedChart>
          )}
          </ChartFrame>
        </figure>
      </div>
      <table className="visually-hidden">
        <caption>Reliability bins</caption>
        <thead>
          <tr>
            <th scope="col">Confidence</th>
            <th scope="col">Images</th>
            <th scope="col">Mean confidence</th>
            <th scope="col">Accuracy</th>
          </tr>
        </thead>
        <tbody>
          {relRows.map((r) => (
            <tr key={r.range}>
              <th scope="row">{r.range}</th>
              <td>{r.count}</td>
              <td>{r.confidence === null ? '—' : percent(r.confidence)}</td>
              <td>{r.accuracy === null ? '—' : percent(r.accuracy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function HistogramTip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as HistogramRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tip" style={tooltipStyle}>
      <strong>Confidence {row.range}</strong>
      <span>Correct: {images(row.correctCount)}</span>
      <span>Wrong: {images(row.wrongCount)}</span>
    </div>
  );
}

function ReliabilityTip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as ReliabilityRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tip" style={tooltipStyle}>
      <strong>Confidence {row.range}</strong>
      <span>{images(row.count)}</span>
      {row.accuracy !== null && row.confidence !== null && (
        <>
          <span>Accuracy {percent(row.accuracy)}</span>
          <span>Mean confidence {percent(row.confidence)}</span>
        </>
      )}
    </div>
  );
}

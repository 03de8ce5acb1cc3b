import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { CORRUPTIONS } from '../../core/corruptions/table';
import { DEFAULT_STRESS_IMAGES, DEFAULT_STRESS_SEED } from '../../core/stress';
import type { InferenceClient } from '../../inference/client';
import { ChartFrame } from '../charts/ChartFrame';
import { ChartLegend } from '../charts/ChartLegend';
import { count as formatCount, percent } from '../charts/format';
import { useReducedMotion } from '../charts/motion';
import { SERIES, TICK } from '../charts/palette';
import type { LabelledEvaluation as Evaluation } from '../evaluation';
import { DigitCanvas } from '../strip/DigitCanvas';
import { cellShade, chartLines, chartRows, severityGrid, summaries, tableRows, type ChartRow, type ModelStress } from './stressModel';
import { Flipped } from './FlippedGallery';
import { cancelStress, runStress, useStressState } from './stressRunner';
import './stress.css';

export interface StressViewProps {
  readonly evaluation: Evaluation;
  /** The comparison's model B when it has run: compare mode draws both. */
  readonly second: Evaluation | null;
  /** The dashboard's inference client (null before it exists). */
  readonly inference: () => InferenceClient | null;
}

const tooltipStyle = { background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 7, fontSize: 13 } as const;
const NO_RUNS: readonly ModelStress[] = [];
/** The digit shown at every severity in the table: the first test image. */
const GRID_IMAGE = 0;

/**
 * The stress test: accuracy on the first images under fifteen corruptions at severities 1…5 (MNIST-C's and a few
 * more), one line per corruption, the clean accuracy for reference; a table of every point with one digit at
 * each severity; click a point for the images the corruption flipped from right to wrong.
 */
export function StressView({ evaluation, second, inference }: StressViewProps) {
  const stress = useStressState();
  const animate = !useReducedMotion();
  const [chosen, setChosen] = useState<readonly string[]>(() => CORRUPTIONS.map((c) => c.id));
  const [images, setImages] = useState(DEFAULT_STRESS_IMAGES);
  const [point, setPoint] = useState<{ corruption: string; severity: number } | null>(null);
  const total = evaluation.testSet.images.count;
  const mine = stress.evaluation === evaluation;
  // The chart and the table of 90 digits are drawn in a deferred render that React splits into short tasks, so the
  // end of a run does not block the page.
  const runs = useDeferredValue(mine ? stress.runs : NO_RUNS);
  const running = mine && stress.phase === 'running';
  const comparable = second && second.testSet.images === evaluation.testSet.images ? second : null;

  // A run for results no longer on screen (another model or test set was evaluated since) is stopped.
  useEffect(() => {
    if (stress.phase === 'running' && stress.evaluation !== evaluation) cancelStress();
  }, [stress.phase, stress.evaluation, evaluation]);

  const rows = useMemo(() => chartRows(runs), [runs]);
  const lines = useMemo(() => chartLines(runs), [runs]);
  const table = useMemo(() => tableRows(runs), [runs]);
  const tiles = useMemo(() => summaries(runs), [runs]);
  const shownIds = useMemo(() => table.map((r) => r.corruption), [table]);
  const grid = useMemo(() => severityGrid(evaluation.testSet.images, shownIds, GRID_IMAGE, DEFAULT_STRESS_SEED), [evaluation, shownIds]);
  const clean = runs[0]?.report.clean.accuracy ?? null;

  const start = () => {
    const client = inference();
    if (!client || chosen.length === 0) return;
    setPoint(null);
    void runStress({ inference: client, evaluation, second: comparable, corruptions: chosen, images });
  };
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : CORRUPTIONS.map((x) => x.id).filter((x) => x === id || c.includes(x))));
  const fraction = stress.total > 0 ? stress.done / stress.total : 0;
  // `done` once the results are drawn (the deferred render above has caught up), so tests read the points then.
  const drawn = runs === (mine ? stress.runs : NO_RUNS);
  const state = !mine || stress.phase === 'idle' ? 'idle' : stress.phase === 'done' && !drawn ? 'running' : stress.phase;

  return (
    <section className="card stress-card" aria-labelledby="stress-title" data-testid="stress" data-state={state} data-images={mine ? stress.images : undefined} data-elapsed-ms={mine && stress.phase === 'done' ? Math.round(stress.elapsedMs) : undefined}>
      <header className="card-header">
        <div>
          <h2 id="stress-title">Stress test</h2>
          <p className="card-sub">
            Accuracy on the first test images when they are rotated, shifted, blurred, noised, thickened… at severities 1 to 5 (0 is the clean image). Parameters follow MNIST-C (Mu &amp; Gilmer 2019)
            where it defines them; the same seed ({DEFAULT_STRESS_SEED}) always corrupts an image the same way, here and in <code>npm run eval -- --stress</code>.
          </p>
        </div>
      </header>

      <div className="stress-controls">
        <fieldset className="stress-choice">
          <legend>
            Corruptions ({chosen.length} of {CORRUPTIONS.length}){' '}
            <button type="button" className="link-button" onClick={() => setChosen(CORRUPTIONS.map((c) => c.id))} disabled={running}>
              all
            </button>{' '}
            <button type="button" className="link-button" onClick={() => setChosen([])} disabled={running}>
              none
            </button>
          </legend>
          {CORRUPTIONS.map((c) => (
            <label key={c.id} className="stress-check">
              <input type="checkbox" checked={chosen.includes(c.id)} onChange={() => toggle(c.id)} disabled={running} data-testid={`stress-corruption-${c.id}`} />
              {c.name}
            </label>
          ))}
        </fieldset>
        <div className="stress-run">
          <label className="field">
            <span>Images</span>
            <select value={images} onChange={(e) => setImages(Number(e.target.value))} disabled={running} data-testid="stress-images">
              <option value={DEFAULT_STRESS_IMAGES}>first {formatCount(Math.min(DEFAULT_STRESS_IMAGES, total))}</option>
              {total > DEFAULT_STRESS_IMAGES && <option value={total}>all {formatCount(total)}</option>}
            </select>
          </label>
          {running ? (
            <button type="button" className="button" onClick={cancelStress} data-testid="stress-cancel">
              Cancel
            </button>
          ) : (
            <button type="button" className="button button--primary" onClick={start} disabled={chosen.length === 0} data-testid="stress-run">
              {runs.length > 0 ? 'Run again' : 'Run the stress test'}
            </button>
          )}
          <p className="card-sub stress-cost">
            {formatCount(chosen.length * 5 * Math.min(images, total) * (comparable ? 2 : 1))} inferences{comparable ? `, for ${evaluation.model.name} and ${comparable.model.name}` : ''}
          </p>
        </div>
      </div>
      <div className="stress-status" role="status" aria-live="polite">
        {running && (
          <>
            <progress className="status-progress" max={1} value={fraction} aria-label="Stress test progress" />
            <span>
              {formatCount(stress.done)} of {formatCount(stress.total)} corrupted images evaluated
            </span>
          </>
        )}
        {mine && stress.phase === 'cancelled' && <span>Cancelled.{runs.length > 0 ? ' The previous results stay below.' : ''}</span>}
        {mine && stress.phase === 'error' && (
          <span className="status-error" data-testid="stress-error">
            The stress test failed: {stress.error}
            {runs.length > 0 ? ' The previous results stay below.' : ''}
          </span>
        )}
        {mine && stress.phase === 'done' && (
          <span>
            Done in {(stress.elapsedMs / 1000).toFixed(1)} s: {formatCount(stress.total)} images.
          </span>
        )}
      </div>

      {runs.length > 0 && clean !== null && (
        <>
          <div className="stress-tiles">
            {tiles.map((t) => (
              <dl key={t.model} className="stat-tiles stress-tile-group">
                <div className="stat-tile">
                  <dt>{runs.length > 1 ? `${t.model}: ${t.name}` : 'Clean accuracy'}</dt>
                  <dd data-testid={`stress-clean-${t.model}`} data-value={t.clean}>
                    {runs.length > 1 ? `clean ${percent(t.clean, 1)}` : percent(t.clean, 1)}
                  </dd>
                </div>
                <div className="stat-tile">
                  <dt>Mean corrupted</dt>
                  <dd data-testid={`stress-mean-${t.model}`} data-value={t.meanCorrupted}>
                    {percent(t.meanCorrupted, 1)}
                  </dd>
                  {t.shifts !== null && <dd className="stat-note">geometric shifts {percent(t.shifts, 1)}</dd>}
                </div>
                <div className="stat-tile stat-tile--down">
                  <dt>Worst corruption</dt>
                  <dd data-testid={`stress-worst-${t.model}`}>{t.worst ? t.worst.name : '—'}</dd>
                  {t.worst && <dd className="stat-note">mean {percent(t.worst.mean, 1)}</dd>}
                </div>
              </dl>
            ))}
          </div>

          <figure className="chart stress-chart">
            <figcaption>
              <strong>Accuracy by severity</strong>
              <span className="card-sub">
                One line per corruption{runs.length > 1 ? `; ${runs[0]!.name} solid, ${runs[1]!.name} dashed` : ''}; the dashed grey line is the clean accuracy. Click a point for the images it
                broke.
              </span>
            </figcaption>
            <ChartFrame height={340}>
              {(width) => (
                <LineChart width={width} height={340} data={rows} margin={{ top: 8, right: 16, bottom: 4, left: -4 }}>
                  <CartesianGrid stroke={SERIES.grid} />
                  <XAxis type="number" dataKey="severity" domain={[0, 5]} ticks={[0, 1, 2, 3, 4, 5]} tick={TICK} tickLine={false} axisLine={{ stroke: SERIES.grid }} />
                  <YAxis type="number" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(v: number) => percent(v, 0)} />
                  <Tooltip content={(props) => <StressTip {...props} />} />
                  <ReferenceLine y={clean} stroke={SERIES.axis} strokeDasharray="4 4" ifOverflow="visible" />
                  {lines.map((line) => (
                    <Line
                      key={line.key}
                      isAnimationActive={animate}
                      dataKey={line.key}
                      name={line.name}
                      stroke={line.colour}
                      strokeWidth={point?.corruption === line.corruption ? 3 : 1.6}
                      strokeDasharray={line.dashed ? '5 4' : undefined}
                      dot={(props: { cx?: number; cy?: number; payload?: ChartRow; index?: number }) => (
                        <circle
                          key={`${line.key}-${props.index}`}
                          cx={props.cx}
                          cy={props.cy}
                          r={3}
                          fill={line.colour}
                          className="stress-dot"
                          onClick={() => props.payload && props.payload.severity > 0 && setPoint({ corruption: line.corruption, severity: props.payload.severity })}
                        />
                      )}
                      activeDot={false}
                    />
                  ))}
                </LineChart>
              )}
            </ChartFrame>
            <ChartLegend items={lines.filter((l) => l.model === 'A').map((l) => ({ label: l.name.replace(/ \(A\)$/, ''), color: l.colour }))} />
          </figure>

          <p className="card-sub stress-table-note" aria-hidden="true">
            Accuracy at each severity, with the first test image at that severity; shaded by the drop from the clean accuracy. Select a point to see the images it flipped from right to
            wrong.
          </p>
          <div className="stress-table-frame">
            <table className="stress-table">
              <caption className="visually-hidden">
                Accuracy at each severity{runs.length > 1 ? ` (A: ${runs[0]!.name}; B: ${runs[1]!.name})` : ''}, with the first test image at that severity; shaded by the drop from the clean accuracy.
                Select a point to see the images it flipped from right to wrong.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Corruption</th>
                  {[0, 1, 2, 3, 4, 5].map((s) => (
                    <th scope="col" key={s}>
                      {s === 0 ? 'clean' : `severity ${s}`}
                    </th>
                  ))}
                  <th scope="col">mean</th>
                </tr>
              </thead>
              <tbody>
                {table.map((row, k) => (
                  <tr key={row.corruption}>
                    <th scope="row">
                      <span className="swatch swatch--square" style={{ background: lines.find((l) => l.corruption === row.corruption)?.colour }} aria-hidden="true" /> {row.name}
                    </th>
                    {row.cells.map((cell) => {
                      const open = point?.corruption === row.corruption && point.severity === cell.severity;
                      const a = cell.values[0]!;
                      return (
                        <td key={cell.severity} style={{ background: `color-mix(in srgb, var(--series-wrong) ${Math.round(cellShade(a.accuracy, clean) * 38)}%, transparent)` }}>
                          <button
                            type="button"
                            className={`stress-cell${open ? ' stress-cell--open' : ''}`}
                            aria-pressed={open}
                            disabled={cell.severity === 0}
                            onClick={() => setPoint(open ? null : { corruption: row.corruption, severity: cell.severity })}
                            title={`${row.name}, ${cell.parameter}`}
                          >
                            <span className="stress-digit" aria-hidden="true">
                              <DigitCanvas images={grid} index={k * 6 + cell.severity} inverted={false} label={`${row.name} at severity ${cell.severity}`} />
                            </span>
                            {cell.values.map((v) => (
                              <span
                                key={v.model}
                                className="stress-value"
                                data-testid="stress-point"
                                data-model={v.model}
                                data-corruption={row.corruption}
                                data-severity={cell.severity}
                                data-accuracy={v.accuracy}
                                data-correct={v.correct}
                                data-images={v.images}
                              >
                                {cell.values.length > 1 ? `${v.model} ` : ''}
                                {percent(v.accuracy, 1)}
                              </span>
                            ))}
                            <span className="visually-hidden">
                              {row.name}, {cell.severity === 0 ? 'clean' : `severity ${cell.severity} (${cell.parameter})`}
                            </span>
                          </button>
                        </td>
                      );
                    })}
                    <td className="stress-mean">
                      {row.means.map((m) => (
                        <span key={m.model} className="stress-value">
                          {row.means.length > 1 ? `${m.model} ` : ''}
                          {percent(m.mean, 1)}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {point && <Flipped evaluation={evaluation} runs={runs} blocks={stress.blocks} point={point} count={stress.images} onClose={() => setPoint(null)} />}
        </>
      )}
    </section>
  );
}

function StressTip({ active, payload, label }: TooltipContentProps) {
  if (!active || !payload || payload.length === 0) return null;
  const sorted = [...payload].sort((a, b) => Number(a.value) - Number(b.value));
  return (
    <div className="chart-tip" style={tooltipStyle}>
      <strong>{Number(label) === 0 ? 'Clean' : `Severity ${String(label)}`}</strong>
      {sorted.slice(0, 8).map((p) => (
        <span key={String(p.dataKey)}>
          {p.name}: {percent(Number(p.value), 1)}
        </span>
      ))}
      {sorted.length > 8 && <span>… the {sorted.length - 8} others higher</span>}
    </div>
  );
}

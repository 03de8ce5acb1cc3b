import { count as formatCount } from '../charts/format';
import { ChartLegend } from '../charts/ChartLegend';
import { ChartFrame } from '../charts/ChartFrame';
import { noVerticalLines } from '../charts/gridLines';
import { useMemo, useState } from 'react';
import { useReducedMotion } from '../charts/motion';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { ClassificationReport, ClassScores } from '../../core/metrics/classificationReport';
import { decimal3, percent } from '../charts/format';
import { SERIES, TICK } from '../charts/palette';
import { axisFloor, axisTicks, chartRows, DEFAULT_SORT, labelInterval, nextSort, sortRows, zeroDivisionNote, type Sort, type SortKey } from './perClassModel';

export interface PerClassTableProps {
  readonly report: ClassificationReport;
  readonly classNames: readonly string[];
}

const COLUMNS: readonly { readonly key: SortKey; readonly label: string; readonly numeric: boolean }[] = [
  { key: 'class', label: 'Class', numeric: false },
  { key: 'precision', label: 'Precision', numeric: true },
  { key: 'recall', label: 'Recall', numeric: true },
  { key: 'f1', label: 'F1', numeric: true },
  { key: 'support', label: 'Support', numeric: true },
];

/**
 * Per-class precision, recall, F1 and support as scikit-learn's classification_report, sortable by any column
 * (click or Enter on a header), with macro and weighted averages, and a grouped bar chart of the same numbers.
 */
export function PerClassTable({ report, classNames }: PerClassTableProps) {
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const rows = useMemo(() => sortRows(report.rows, sort), [report, sort]);
  const note = zeroDivisionNote(report, classNames);
  const zeroP = new Set(report.zeroDivision.precision);
  const zeroR = new Set(report.zeroDivision.recall);
  const worstF1 = Math.min(...report.rows.filter((r) => r.support > 0).map((r) => r.f1));
  // Header buttons: Enter and Space activate them natively.
  const activate = (key: SortKey) => setSort((s) => nextSort(s, key));

  return (
    <section className="card perclass-card" aria-labelledby="perclass-title">
      <header className="card-header">
        <div>
          <h2 id="perclass-title">Per-class metrics</h2>
          <p className="card-sub">Precision, recall and F1 as scikit-learn's classification_report. Click a column header to sort.</p>
        </div>
      </header>
      <div className="perclass-body">
        <div className="perclass-table-wrap">
          <table className="perclass-table" data-testid="per-class-table">
            <caption className="visually-hidden">
              Per-class precision, recall, F1 and support, sorted by {COLUMNS.find((c) => c.key === sort.key)!.label.toLowerCase()} {sort.direction}
            </caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.direction : 'none'} className={c.numeric ? 'num' : ''}>
                    <button type="button" className="sort-button" onClick={() => activate(c.key)}>
                      {c.label}
                      <span className="sort-mark" aria-hidden="true">
                        {sort.key === c.key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.classIndex}
                  data-class={r.classIndex}
                  data-precision={r.precision}
                  data-recall={r.recall}
                  data-f1={r.f1}
                  data-support={r.support}
                  className={r.support > 0 && r.f1 === worstF1 ? 'worst' : undefined}
                >
                  <th scope="row">{classNames[r.classIndex] ?? r.classIndex}</th>
                  <td className="num">
                    {decimal3(r.precision)}
                    {zeroP.has(r.classIndex) && <sup title="0/0: never predicted">*</sup>}
                  </td>
                  <td className="num">
                    {decimal3(r.recall)}
                    {zeroR.has(r.classIndex) && <sup title="0/0: no test images">*</sup>}
                  </td>
                  <td className="num">
                    {decimal3(r.f1)}
                  </td>
                  <td className="num">{formatCount(r.support)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="accuracy-row" data-average="accuracy">
                <th scope="row">accuracy</th>
                <td className="num" />
                <td className="num" />
                <td className="num">{decimal3(report.accuracy)}</td>
                <td className="num">{formatCount(report.support)}</td>
              </tr>
              <AverageRow name="macro avg" kind="macro" scores={report.macro} support={report.support} />
              <AverageRow name="weighted avg" kind="weighted" scores={report.weighted} support={report.support} />
            </tfoot>
          </table>
          {note && (
            <p className="perclass-note" data-testid="zero-division-note">
              <span aria-hidden="true">* </span>
              {note}
            </p>
          )}
        </div>
        <PerClassChart report={report} classNames={classNames} />
      </div>
    </section>
  );
}

function AverageRow({ name, kind, scores, support }: { name: string; kind: 'macro' | 'weighted'; scores: ClassScores; support: number }) {
  return (
    <tr data-average={kind} data-precision={scores.precision} data-recall={scores.recall} data-f1={scores.f1}>
      <th scope="row">{name}</th>
      <td className="num">{decimal3(scores.precision)}</td>
      <td className="num">{decimal3(scores.recall)}</td>
      <td className="num">{decimal3(scores.f1)}</td>
      <td className="num">{formatCount(support)}</td>
    </tr>
  );
}

/** recharts' default value-axis width, which the class names' axis does not get. */
const Y_AXIS_WIDTH = 60;

function PerClassChart({ report, classNames }: PerClassTableProps) {
  const animate = !useReducedMotion();
  const data = useMemo(() => chartRows(report, classNames), [report, classNames]);
  const floor = axisFloor(data);
  return (
    <figure className="chart perclass-chart">
      {/* Four stages, each its own task: the axes and grid, then one series at a time. */}
      <ChartFrame height={260} stages={4}>
      {(width, stage) => (
      <BarChart width={width} height={260} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} barCategoryGap="18%">
        <CartesianGrid vertical={false} verticalCoordinatesGenerator={noVerticalLines} stroke={SERIES.grid} />
        {/* Numeric intervals: recharts then places the ticks without measuring each label in the DOM. */}
        <XAxis dataKey="name" tick={TICK} tickLine={false} axisLine={{ stroke: SERIES.grid }} interval={labelInterval(data.map((d) => d.name), width - Y_AXIS_WIDTH)} />
        <YAxis domain={[floor, 1]} ticks={axisTicks(floor)} interval={0} allowDataOverflow tick={TICK} tickLine={false} axisLine={false} tickFormatter={(v: number) => percent(v, 0)} />
        {stage >= 1 && <Bar isAnimationActive={animate} dataKey="precision" name="Precision" fill={SERIES.precision} />}
        {stage >= 2 && <Bar isAnimationActive={animate} dataKey="recall" name="Recall" fill={SERIES.recall} />}
        {stage >= 3 && <Bar isAnimationActive={animate} dataKey="f1" name="F1" fill={SERIES.f1} />}
      </BarChart>
      )}
      </ChartFrame>
      <ChartLegend items={[{ label: 'Precision', color: SERIES.precision }, { label: 'Recall', color: SERIES.recall }, { label: 'F1', color: SERIES.f1 }]} />
      <figcaption className="card-sub">Precision, recall and F1 by class{floor > 0 ? `; the axis starts at ${percent(floor, 0)}` : ''}. The table has the exact values.</figcaption>
    </figure>
  );
}

import { count as formatCount } from '../charts/format';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { rowTotals, type ConfusionMatrix as Matrix } from '../../core/metrics/confusion';
import type { MatrixView } from '../state';
import { ColumnHeads, RowHead } from './ClassHeads';
import { formatPercent, heatmapCells, type HeatmapCell } from './heatmap';

interface Props {
  readonly matrix: Matrix;
  readonly classNames: readonly string[];
  readonly view: MatrixView;
  readonly onViewChange: (view: MatrixView) => void;
  /** The cell whose samples are shown (click or Enter on a cell selects it); absent for a read-only matrix. */
  readonly selected?: { readonly t: number; readonly p: number } | null;
  readonly onSelect?: (cell: { t: number; p: number }) => void;
  /** The cell holding the image being inspected (picked in the strip, a gallery or on the map), outlined. */
  readonly marked?: { readonly t: number; readonly p: number } | null;
}

const VIEWS: readonly { readonly id: MatrixView; readonly label: string; readonly hint: string }[] = [
  { id: 'counts', label: 'Counts', hint: 'Images per true and predicted label' },
  { id: 'errors', label: 'Errors', hint: 'Each row divided by its total, diagonal set to zero' },
];

function describe(cell: HeatmapCell, classNames: readonly string[], rowTotal: number): string {
  const t = classNames[cell.trueClass];
  const p = classNames[cell.predictedClass];
  const images = `${formatCount(cell.count)} image${cell.count === 1 ? '' : 's'}`;
  return cell.diagonal
    ? `True ${t}, predicted ${p}: ${images} correct, ${formatPercent(cell.shareOfRow)} of the ${formatCount(rowTotal)} true ${t}`
    : `True ${t}, predicted ${p}: ${images}, ${formatPercent(cell.shareOfRow)} of the ${formatCount(rowTotal)} true ${t}`;
}

/** The confusion matrix as an accessible table heatmap: arrow keys move between cells, hover or focus shows detail. */
export function ConfusionMatrix({ matrix, classNames, view, onViewChange, selected, onSelect, marked }: Props) {
  const cells = useMemo(() => heatmapCells(matrix, view), [matrix, view]);
  const totals = useMemo(() => rowTotals(matrix), [matrix]);
  const [active, setActive] = useState<{ t: number; p: number } | null>(null);
  const [focus, setFocus] = useState({ t: 0, p: 0 });
  const refs = useRef<(HTMLTableCellElement | null)[]>([]);
  const n = matrix.classes;

  const move = (event: KeyboardEvent, t: number, p: number) => {
    const steps: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    let next: [number, number] | null = null;
    if (event.key in steps) {
      const [dt, dp] = steps[event.key]!;
      next = [Math.min(n - 1, Math.max(0, t + dt)), Math.min(n - 1, Math.max(0, p + dp))];
    } else if (event.key === 'Home') next = [t, 0];
    else if (event.key === 'End') next = [t, n - 1];
    else if (event.key === 'Escape') setActive(null);
    else if ((event.key === 'Enter' || event.key === ' ') && onSelect) {
      event.preventDefault();
      onSelect({ t, p });
      return;
    }
    if (!next) return;
    event.preventDefault();
    setFocus({ t: next[0], p: next[1] });
    refs.current[next[0] * n + next[1]]?.focus();
  };

  return (
    <section className="card matrix-card" aria-labelledby="matrix-title">
      <header className="card-header">
        <div>
          <h2 id="matrix-title">Confusion matrix</h2>
          <p className="card-sub">{VIEWS.find((v) => v.id === view)!.hint}</p>
        </div>
        <div className="segmented" role="radiogroup" aria-label="Matrix view">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" role="radio" aria-checked={view === v.id} className={view === v.id ? 'on' : ''} onClick={() => onViewChange(v.id)} data-testid={`matrix-view-${v.id}`}>
              {v.label}
            </button>
          ))}
        </div>
      </header>
      <div className="matrix-frame">
        <div className="axis-title axis-title--y" aria-hidden="true">
          True label
        </div>
        <table className={`matrix matrix--${view}`} data-testid="confusion-matrix" data-view={view} onMouseLeave={() => setActive(null)} role={onSelect ? 'grid' : undefined}>
          <caption className="visually-hidden">
            Confusion matrix: rows are true labels, columns are predicted labels. {view === 'errors' ? 'Cells show the share of each true label predicted as another.' : 'Cells show image counts.'}
          </caption>
          <thead>
            <tr>
              <td />
              <th colSpan={n} scope="colgroup" className="axis-title axis-title--x">
                Predicted label
              </th>
            </tr>
            <ColumnHeads classNames={classNames} />
          </thead>
          <tbody>
            {cells.map((row, t) => (
              <tr key={t}>
                <RowHead name={classNames[t]} />
                {row.map((cell) => {
                  const label = describe(cell, classNames, totals[t]!);
                  const isActive = active?.t === t && active.p === cell.predictedClass;
                  const isSelected = selected?.t === t && selected.p === cell.predictedClass;
                  const isMarked = marked?.t === t && marked.p === cell.predictedClass;
                  return (
                    <td
                      key={cell.predictedClass}
                      ref={(el) => {
                        refs.current[t * n + cell.predictedClass] = el;
                      }}
                      data-testid="cm-cell"
                      data-true={t}
                      data-pred={cell.predictedClass}
                      data-count={cell.count}
                      data-marked={isMarked ? 'true' : undefined}
                      className={`cell${cell.diagonal ? ' cell--diagonal' : ''}${cell.count === 0 ? ' cell--zero' : ''}${isSelected ? ' cell--selected' : ''}${isMarked ? ' cell--marked' : ''}${cell.neutral ? ' cell--neutral' : ''}${onSelect ? ' cell--clickable' : ''}`}
                      aria-selected={onSelect ? isSelected : undefined}
                      onClick={onSelect ? () => onSelect({ t, p: cell.predictedClass }) : undefined}
                      style={cell.neutral ? undefined : { background: cell.background, color: cell.foreground }}
                      tabIndex={focus.t === t && focus.p === cell.predictedClass ? 0 : -1}
                      aria-label={isMarked ? `${label} Holds the image being inspected.` : label}
                      onMouseEnter={() => setActive({ t, p: cell.predictedClass })}
                      onFocus={() => {
                        setFocus({ t, p: cell.predictedClass });
                        setActive({ t, p: cell.predictedClass });
                      }}
                      onBlur={() => setActive(null)}
                      onKeyDown={(e) => move(e, t, cell.predictedClass)}
                    >
                      <span aria-hidden="true">{cell.text}</span>
                      {isActive && (
                        <div className="tooltip" role="tooltip" data-testid="cm-tooltip">
                          <strong>
                            True {classNames[t]} → predicted {classNames[cell.predictedClass]}
                          </strong>
                          <span>
                            {formatCount(cell.count)} image{cell.count === 1 ? '' : 's'}
                            {cell.diagonal ? ' correct' : ''}
                          </span>
                          <span>
                            {formatPercent(cell.shareOfRow)} of {formatCount(totals[t]!)} true {classNames[t]}
                          </span>
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MatrixLegend view={view} />
      {onSelect && <p className="card-sub matrix-hint">Click a cell, or press Enter on it, to see its images.</p>}
    </section>
  );
}

function MatrixLegend({ view }: { view: MatrixView }) {
  return view === 'counts' ? (
    <div className="legend" aria-hidden="true">
      <span className="legend-item">
        <i className="swatch swatch--blues" /> correct (diagonal)
      </span>
      <span className="legend-item">
        <i className="swatch swatch--oranges" /> errors (off-diagonal)
      </span>
      <span className="legend-note">each on its own scale, darker = more</span>
    </div>
  ) : (
    <div className="legend" aria-hidden="true">
      <span className="legend-item">
        <i className="swatch swatch--orrd" /> share of the true label, 0 → highest
      </span>
    </div>
  );
}

import { useMemo } from 'react';
import { cellCount, rowTotals, type ConfusionMatrix } from '../../core/metrics/confusion';

/**
 * Accuracy within each true class (recall), as bars on a shared axis starting at the lowest class,
 * so the weak classes stand out. The weakest is marked.
 */
export function ClassRecall({ matrix, classNames }: { matrix: ConfusionMatrix; classNames: readonly string[] }) {
  const rows = useMemo(() => {
    const totals = rowTotals(matrix);
    return classNames.map((name, k) => ({ name, recall: totals[k] ? cellCount(matrix, k, k) / totals[k]! : 0, total: totals[k]! }));
  }, [matrix, classNames]);
  const present = rows.filter((r) => r.total > 0);
  const worst = Math.min(...present.map((r) => r.recall));
  // Bars start a little below the weakest class: differences of a few points must be visible.
  const floor = Math.max(0, Math.floor((worst - 0.05) * 10) / 10);
  return (
    <div className="by-class">
      <h3 id="by-class-title">Accuracy by true class</h3>
      <ol aria-labelledby="by-class-title" data-testid="class-recall">
        {rows.map((r) => (
          <li key={r.name} className={r.total > 0 && r.recall === worst ? 'worst' : ''} data-class={r.name} data-recall={r.recall}>
            <span className="name">{r.name}</span>
            <span className="bar" aria-hidden="true">
              <i style={{ width: `${Math.max(0, ((r.recall - floor) / (1 - floor)) * 100)}%` }} />
            </span>
            <span className="value">{r.total > 0 ? `${(r.recall * 100).toFixed(1)}%` : '—'}</span>
          </li>
        ))}
      </ol>
      <p className="card-sub">Bars start at {Math.round(floor * 100)}%.</p>
    </div>
  );
}

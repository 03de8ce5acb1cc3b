import { count as formatCount } from '../charts/format';
import { useMemo, useState } from 'react';
import type { Comparison, DisagreementGroup } from '../../core/metrics/compare';
import type { ImageSet } from '../../core/types';
import { images as imageCount, percent, points, pValue } from '../charts/format';
import { SampleGallery } from '../gallery/SampleGallery';
import { ColumnHeads, RowHead } from '../matrix/ClassHeads';
import { deltaRows, differenceCells, groupItems, groupSummaries, mcnemarReading, type DifferenceCell } from './compareModel';

export interface ComparePanelProps {
  readonly images: ImageSet;
  readonly labels: ArrayLike<number>;
  readonly predictedA: ArrayLike<number>;
  readonly predictedB: ArrayLike<number>;
  /** compareModels(labels, predictedA, predictedB, classes). */
  readonly comparison: Comparison;
  readonly nameA: string;
  readonly nameB: string;
  readonly classNames: readonly string[];
  /** Each model's per-image confidence (DeepEvaluation.confidence), to order galleries; optional. */
  readonly confidenceA?: ArrayLike<number> | null | undefined;
  readonly confidenceB?: ArrayLike<number> | null | undefined;
  /** The disagreement group whose gallery is open. Leave undefined to let the panel keep it itself. */
  readonly group?: DisagreementGroup | null | undefined;
  readonly onGroupChange?: ((group: DisagreementGroup | null) => void) | undefined;
  /** Called with the test-set index of an image chosen in a gallery. */
  readonly onSelect?: ((index: number) => void) | undefined;
  readonly selected?: number | null | undefined;
}

/**
 * Model A against model B on the same test set: both accuracies and the difference with McNemar's exact test,
 * per-class recall deltas, the difference matrix (B − A), and the disagreement groups, each opening a gallery.
 */
export function ComparePanel(props: ComparePanelProps) {
  const { images, labels, predictedA, predictedB, comparison: c, nameA, nameB, classNames, confidenceA, confidenceB, onSelect, selected } = props;
  const [ownGroup, setOwnGroup] = useState<DisagreementGroup | null>(null);
  const group = props.group !== undefined ? props.group : ownGroup;
  const setGroup = (g: DisagreementGroup | null) => {
    setOwnGroup(g);
    props.onGroupChange?.(g);
  };
  const cells = useMemo(() => differenceCells(c), [c]);
  const deltas = useMemo(() => deltaRows(c, classNames), [c, classNames]);
  const groups = groupSummaries(c);
  const items = useMemo(
    () => (group ? groupItems(c, group, labels, predictedA, predictedB, classNames, confidenceA, confidenceB) : []),
    [c, group, labels, predictedA, predictedB, classNames, confidenceA, confidenceB],
  );
  const openGroup = groups.find((g) => g.id === group);
  const maxDelta = Math.max(0.005, ...deltas.map((d) => Math.abs(d.delta)));
  const significant = c.mcnemar.pValue < 0.05;

  return (
    <section className="card compare-card" aria-labelledby="compare-title" data-testid="compare" data-acc-a={c.accuracyA} data-acc-b={c.accuracyB} data-mcnemar-p={c.mcnemar.pValue}>
      <header className="card-header">
        <div>
          <h2 id="compare-title">Compare models</h2>
          <p className="card-sub">
            A: <strong>{nameA}</strong> · B: <strong>{nameB}</strong> · the same {imageCount(c.count)}
          </p>
        </div>
      </header>

      <dl className="stat-tiles compare-tiles">
        <div className="stat-tile">
          <dt>A accuracy</dt>
          <dd>{percent(c.accuracyA, 2)}</dd>
        </div>
        <div className="stat-tile">
          <dt>B accuracy</dt>
          <dd>{percent(c.accuracyB, 2)}</dd>
        </div>
        <div className={`stat-tile ${c.difference > 0 ? 'stat-tile--up' : c.difference < 0 ? 'stat-tile--down' : ''}`}>
          <dt>B − A</dt>
          <dd>{points(c.difference, 2)}</dd>
        </div>
        <div className={`stat-tile${significant ? ' stat-tile--strong' : ''}`} data-testid="mcnemar">
          <dt>McNemar p</dt>
          <dd>{pValue(c.mcnemar.pValue)}</dd>
          <dd className="stat-note">
            b = {c.mcnemar.b}, c = {c.mcnemar.c}
          </dd>
        </div>
      </dl>
      <p className="compare-reading">{mcnemarReading(c)}</p>

      <div className="compare-grid">
        <div>
          <h3 className="compare-h3">Disagreements</h3>
          <ul className="disagreements" aria-label="Disagreement groups">
            <li className="disagreement disagreement--static">
              <span>Both right</span>
              <strong>{formatCount(c.bothRight)}</strong>
            </li>
            {groups.map((g) => (
              <li key={g.id}>
                <button
                  type="button"
                  className={`disagreement${group === g.id ? ' disagreement--open' : ''}`}
                  aria-expanded={group === g.id}
                  aria-controls="compare-gallery"
                  data-testid={`disagreement-${g.id}`}
                  data-count={g.count}
                  disabled={g.count === 0}
                  onClick={() => setGroup(group === g.id ? null : g.id)}
                >
                  <span>{g.label}</span>
                  <strong>{formatCount(g.count)}</strong>
                </button>
              </li>
            ))}
            <li className="disagreement disagreement--static disagreement--sum">
              <span>Both wrong</span>
              <strong>{formatCount(c.bothWrong)}</strong>
            </li>
          </ul>
        </div>
        <div>
          <h3 className="compare-h3">Recall by class</h3>
          <table className="delta-table">
            <thead>
              <tr>
                <th scope="col">Class</th>
                <th scope="col" className="num">
                  A
                </th>
                <th scope="col" className="num">
                  B
                </th>
                <th scope="col">B − A</th>
              </tr>
            </thead>
            <tbody>
              {deltas.map((d) => (
                <tr key={d.classIndex} data-class={d.classIndex} data-delta={d.delta}>
                  <th scope="row">{d.name}</th>
                  <td className="num">{percent(d.recallA)}</td>
                  <td className="num">{percent(d.recallB)}</td>
                  <td>
                    <span className="delta">
                      <span className="delta-track" aria-hidden="true">
                        <i className={d.delta >= 0 ? 'delta-up' : 'delta-down'} style={{ width: `${(Math.abs(d.delta) / maxDelta) * 50}%` }} />
                      </span>
                      <span className={`delta-text ${d.delta > 0 ? 'delta-text--up' : d.delta < 0 ? 'delta-text--down' : ''}`}>{d.deltaText}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3 className="compare-h3">Difference matrix (B − A)</h3>
          <DifferenceMatrix cells={cells} classNames={classNames} />
        </div>
      </div>

      {openGroup && (
        <div id="compare-gallery" className="compare-gallery" data-testid="compare-gallery" data-group={openGroup.id} data-count={openGroup.count}>
          <div className="compare-gallery-head">
            <h3 className="compare-h3">
              {openGroup.label}: {imageCount(openGroup.count)}
              <span className="card-sub"> — showing {openGroup.shows === 'A' ? 'A' : 'B'}’s prediction{(openGroup.shows === 'A' ? confidenceA : confidenceB) ? ', most confident first' : ''}</span>
            </h3>
            <button type="button" className="button button--quiet" onClick={() => setGroup(null)}>
              Close
            </button>
          </div>
          <SampleGallery images={images} items={items} classNames={classNames} label={`${openGroup.label}: images`} onSelect={onSelect} selected={selected} height={300} />
        </div>
      )}
    </section>
  );
}

function DifferenceMatrix({ cells, classNames }: { cells: DifferenceCell[][]; classNames: readonly string[] }) {
  const name = (k: number) => classNames[k] ?? String(k);
  return (
    <div className="diff-frame">
      <table className="matrix diff-matrix" data-testid="difference-matrix">
        <caption className="visually-hidden">Difference matrix: B's count minus A's for each true (row) and predicted (column) label.</caption>
        <thead>
          <ColumnHeads classNames={cells.map((_, k) => name(k))} />
        </thead>
        <tbody>
          {cells.map((row, t) => (
            <tr key={t}>
              <RowHead name={name(t)} />
              {row.map((cell) => (
                <td
                  key={cell.predictedClass}
                  className={`diff-cell${cell.diagonal ? ' cell--diagonal' : ''}${cell.difference === 0 ? ' cell--zero' : ''}`}
                  style={{ background: cell.background, color: cell.foreground }}
                  data-true={t}
                  data-pred={cell.predictedClass}
                  data-diff={cell.difference}
                  title={`True ${name(t)} → predicted ${name(cell.predictedClass)}: A ${cell.countA}, B ${cell.countB} (${cell.text})`}
                >
                  <span className="visually-hidden">
                    True {name(t)}, predicted {name(cell.predictedClass)}: A {cell.countA}, B {cell.countB},
                  </span>
                  {cell.difference === 0 ? '·' : cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="legend" aria-hidden="true">
        <span className="legend-item">
          <i className="swatch swatch--rdbu" /> red: better for A · blue: better for B
        </span>
        <span className="diff-legend-note">rows true, columns predicted; diagonal and errors on separate scales</span>
      </div>
    </div>
  );
}

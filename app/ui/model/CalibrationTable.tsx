import type { Calibration } from '../../core/calibration';
import { formatChoice, samePreprocessing } from '../../core/preprocessChoice';
import { PRESETS } from '../../core/preprocess';

/** The accuracy of every preprocessing `auto` tried, best first marked, with a warning when all are poor. */
export function CalibrationTable({ calibration }: { calibration: Calibration }) {
  const { rows, best, nearChance } = calibration;
  return (
    <div className="calibration" data-testid="calibration" data-best={formatChoice({ kind: 'fixed', pre: best.pre })}>
      <h3>Auto preprocessing: accuracy on the first {best.total} images</h3>
      {nearChance && (
        <p className="warning" role="alert" data-testid="near-chance">
          Even the best preprocessing is close to guessing ({(best.accuracy * 100).toFixed(1)}%). The usual causes: the model expects another
          input layout or scaling, or it was trained on other data.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Preprocessing</th>
            <th scope="col">Formula</th>
            <th scope="col" className="num">
              Accuracy
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const chosen = samePreprocessing(r.pre, best.pre);
            const name = formatChoice({ kind: 'fixed', pre: r.pre });
            return (
              <tr key={name} className={chosen ? 'chosen' : ''} data-pre={name} data-accuracy={r.accuracy}>
                <td className="mono">
                  {name}
                  {chosen && <span className="badge">chosen</span>}
                </td>
                <td className="muted">
                  {r.pre.invert ? 'inverted, ' : ''}
                  {PRESETS[r.pre.preset].formula}
                </td>
                <td className="num">{(r.accuracy * 100).toFixed(1)}%</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

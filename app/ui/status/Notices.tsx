import type { DashboardState } from '../state';

interface Props {
  readonly state: DashboardState;
  /** Offered beside a lone image file: evaluate it without labels (predictions only). */
  readonly onEvaluateWithoutLabels?: (images: File) => void;
}

/** Things worth knowing that are not failures: ignored URL parameters, skipped files, files waiting for a partner, caveats. */
export function Notices({ state, onEvaluateWithoutLabels }: Props) {
  const { pending, notices, evaluation } = state;
  const items = [...notices];
  const loneImages = pending.images && !pending.labels ? pending.images : null;
  if (loneImages) items.push(`${loneImages.name} holds the images; drop the matching label file to evaluate them${onEvaluateWithoutLabels ? ', or evaluate them without labels (predictions only, no accuracy)' : ''}.`);
  if (pending.labels && !pending.images) items.push(`${pending.labels.name} holds the labels; drop the matching image file to evaluate them.`);
  if (evaluation) items.push(...evaluation.notes.filter((n) => !evaluation.model.notes.includes(n)));
  if (items.length === 0) return null;
  return (
    <ul className="notices" data-testid="notices">
      {items.map((n) => (
        <li key={n}>{n}</li>
      ))}
      {loneImages && onEvaluateWithoutLabels && (
        <li>
          <button type="button" className="button" data-testid="evaluate-unlabelled" onClick={() => onEvaluateWithoutLabels(loneImages)}>
            Evaluate without labels
          </button>
        </li>
      )}
    </ul>
  );
}

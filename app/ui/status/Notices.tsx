import type { DashboardState } from '../state';

/** Things worth knowing that are not failures: ignored URL parameters, skipped files, files waiting for a partner, caveats. */
export function Notices({ state }: { state: DashboardState }) {
  const { pending, notices, evaluation } = state;
  const items = [...notices];
  if (pending.images && !pending.labels) items.push(`${pending.images.name} holds the images; drop the matching label file to evaluate them.`);
  if (pending.labels && !pending.images) items.push(`${pending.labels.name} holds the labels; drop the matching image file to evaluate them.`);
  if (evaluation) items.push(...evaluation.notes.filter((n) => !evaluation.model.notes.includes(n)));
  if (items.length === 0) return null;
  return (
    <ul className="notices" data-testid="notices">
      {items.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/**
 * The class labels around a class-by-class table (the confusion matrix, the comparison's difference matrix).
 * Names longer than a digit or two (Fashion-MNIST's "Ankle boot") stand upright above their columns.
 */
export const hasLongNames = (classNames: readonly string[]): boolean => classNames.some((name) => name.length > 3);

/** The header row: an empty corner, then one column head per class. */
export function ColumnHeads({ classNames }: { classNames: readonly string[] }) {
  const upright = hasLongNames(classNames);
  return (
    <tr>
      <td />
      {classNames.map((name, p) => (
        <th key={p} scope="col" className={`class-head${upright ? ' class-head--upright' : ''}`}>
          <span>{name}</span>
        </th>
      ))}
    </tr>
  );
}

/** A row's head: its true class. */
export const RowHead = ({ name }: { name: string | undefined }) => (
  <th scope="row" className="class-head class-head--row">
    {name}
  </th>
);

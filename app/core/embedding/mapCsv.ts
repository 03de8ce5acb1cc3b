/** The map's coordinates as a file: shared by the page's export and the CLI's `--map`. */

/** The coordinates as CSV: `index,x,y,label,pred`, one row per point, test-set indices from 0. */
export function coordinatesCsv(indices: Uint32Array, coordinates: Float32Array, labels: ArrayLike<number>, predicted: ArrayLike<number>): string {
  const rows = ['index,x,y,label,pred'];
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i]!;
    rows.push(`${index},${coordinates[2 * i]!.toFixed(5)},${coordinates[2 * i + 1]!.toFixed(5)},${labels[index]!},${predicted[index]!}`);
  }
  return `${rows.join('\n')}\n`;
}

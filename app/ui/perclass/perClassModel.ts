/** Shapes a classification report for the per-class table and chart: sorting, the zero-division note, chart rows. */
import type { ClassificationReport, ClassRow } from '../../core/metrics/classificationReport';

export type SortKey = 'class' | 'precision' | 'recall' | 'f1' | 'support';
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

export const DEFAULT_SORT: Sort = { key: 'class', direction: 'ascending' };

/**
 * The sort after activating column `key`: the same column flips direction; a new column starts descending
 * for metrics and support (the best first) and ascending for the class.
 */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'class' ? 'ascending' : 'descending' };
}

const value = (row: ClassRow, key: SortKey): number => (key === 'class' ? row.classIndex : row[key]);

/** Rows in the requested order; ties keep class order, whatever the direction. */
export function sortRows(rows: readonly ClassRow[], sort: Sort): ClassRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * (value(a, sort.key) - value(b, sort.key)) || a.classIndex - b.classIndex);
}

/** Names a list of classes for a sentence: "7", "2 and 7", "1, 2 and 7". */
function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A sentence explaining the 0/0 ratios reported as 0, or null when there were none. Precision is 0/0 for a
 * class never predicted, recall for a class absent from the labels.
 */
export function zeroDivisionNote(report: ClassificationReport, classNames: readonly string[]): string | null {
  const name = (k: number) => classNames[k] ?? String(k);
  const parts: string[] = [];
  const { precision, recall } = report.zeroDivision;
  if (precision.length > 0) {
    parts.push(`precision of ${precision.length === 1 ? 'class' : 'classes'} ${list(precision.map(name))} (never predicted)`);
  }
  if (recall.length > 0) parts.push(`recall of ${recall.length === 1 ? 'class' : 'classes'} ${list(recall.map(name))} (no test images)`);
  if (parts.length === 0) return null;
  return `The ${parts.join(' and the ')} ${parts.length === 1 && precision.length + recall.length === 1 ? 'is' : 'are'} 0/0, reported as 0 (scikit-learn's zero_division=0); F1 follows.`;
}

export interface ChartRow {
  readonly name: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export const chartRows = (report: ClassificationReport, classNames: readonly string[]): ChartRow[] =>
  report.rows.map((r) => ({ name: classNames[r.classIndex] ?? String(r.classIndex), precision: r.precision, recall: r.recall, f1: r.f1 }));

/**
 * Where the chart's value axis starts: 0.1 steps below the lowest value with 0.05 room, so that differences
 * of a few points between good classes stay visible (the chart says where the axis starts). 0 when any
 * value is below 0.35 (then the whole range matters).
 */
export function axisFloor(rows: readonly ChartRow[]): number {
  const lowest = Math.min(1, ...rows.flatMap((r) => [r.precision, r.recall, r.f1]));
  if (lowest < 0.35) return 0;
  return Math.max(0, Math.floor((lowest - 0.05) * 10) / 10);
}

/** Ticks from `floor` to 1 at a round step: 0.02 up to a 0.1 range, 0.05 to 0.3, 0.1 to 0.6, else 0.2. */
export function axisTicks(floor: number): number[] {
  const range = 1 - floor;
  const step = range <= 0.1 + 1e-9 ? 0.02 : range <= 0.3 + 1e-9 ? 0.05 : range <= 0.6 + 1e-9 ? 0.1 : 0.2;
  const count = Math.round(range / step);
  // Rounded to 2 decimals so that 0.8 + 3 × 0.05 is 0.95, not 0.9500000000000001.
  return Array.from({ length: count + 1 }, (_, i) => Math.round((floor + i * step) * 100) / 100);
}

/** Pixels per character of a class name at the chart's tick size, and between two names. */
const CHAR_PX = 7.5;
const GAP_PX = 8;

/**
 * Which class names the chart's axis shows: every (interval + 1)-th, so that they do not overlap at this width.
 * Worked out here from the names' lengths: left to recharts, it measures every name in the DOM, which made the
 * chart's first drawing the page's longest task.
 */
export function labelInterval(names: readonly string[], plotWidth: number): number {
  if (names.length === 0 || plotWidth <= 0) return 0;
  const widest = Math.max(...names.map((n) => n.length)) * CHAR_PX + GAP_PX;
  return Math.max(0, Math.ceil((names.length * widest) / plotWidth) - 1);
}

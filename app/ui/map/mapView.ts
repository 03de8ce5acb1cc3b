/**
 * The map's pure logic: where each point lands on the canvas (fit, zoom, pan), its colour, which point is under
 * the pointer, which points a box holds, and the CSV export. The component (EmbeddingMap.tsx) only wires events.
 */
export { coordinatesCsv } from '../../core/embedding/mapCsv';

/** Screen position of data point (x, y): (x·scale + tx, y·scale + ty), in CSS pixels. */
export interface View {
  readonly scale: number;
  readonly tx: number;
  readonly ty: number;
}

export type ColourMode = 'label' | 'predicted' | 'correct';

export const COLOUR_MODES: readonly { readonly id: ColourMode; readonly label: string }[] = [
  { id: 'label', label: 'True label' },
  { id: 'predicted', label: 'Predicted label' },
  { id: 'correct', label: 'Right / wrong' },
];

/** Ten colours told apart on light and dark backgrounds (Tableau 10); more classes get evenly spaced hues. */
const CATEGORICAL = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
export const RIGHT_COLOUR = '#3b8fd9';
export const WRONG_COLOUR = '#e8590c';

export const classColour = (c: number, classes: number): string => (classes <= CATEGORICAL.length ? CATEGORICAL[c]! : `hsl(${Math.round((360 * c) / classes)} 65% 55%)`);

/** The view that shows every point with `padding` px to spare. */
export function fitView(coordinates: Float32Array, width: number, height: number, padding = 16): View {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < coordinates.length; i += 2) {
    minX = Math.min(minX, coordinates[i]!);
    maxX = Math.max(maxX, coordinates[i]!);
    minY = Math.min(minY, coordinates[i + 1]!);
    maxY = Math.max(maxY, coordinates[i + 1]!);
  }
  if (!Number.isFinite(minX)) return { scale: 1, tx: width / 2, ty: height / 2 };
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  return { scale, tx: width / 2 - ((minX + maxX) / 2) * scale, ty: height / 2 - ((minY + maxY) / 2) * scale };
}

/** Zooms by `factor` keeping the screen point (sx, sy) where it is. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const scale = view.scale * factor;
  return { scale, tx: sx - (sx - view.tx) * factor, ty: sy - (sy - view.ty) * factor };
}

export const panBy = (view: View, dx: number, dy: number): View => ({ ...view, tx: view.tx + dx, ty: view.ty + dy });

export const toScreen = (view: View, x: number, y: number): readonly [number, number] => [x * view.scale + view.tx, y * view.scale + view.ty];

/** How each point is drawn: its colour and opacity, 0…1. */
export interface PointStyle {
  readonly colour: string;
  readonly alpha: number;
}

/**
 * The style of point `i` (test image `index`): by true label, by prediction, or right (blue) / wrong (orange) with
 * the model's confidence as opacity, so confident mistakes stand out and hesitant ones fade.
 */
export function pointStyle(mode: ColourMode, label: number, predicted: number, confidence: number, classes: number): PointStyle {
  switch (mode) {
    case 'label':
      return { colour: classColour(label, classes), alpha: 0.75 };
    case 'predicted':
      return { colour: classColour(predicted, classes), alpha: 0.75 };
    case 'correct':
      return { colour: label === predicted ? RIGHT_COLOUR : WRONG_COLOUR, alpha: 0.15 + 0.85 * Math.max(0, Math.min(1, confidence)) };
  }
}

/** The point nearest to screen position (sx, sy) within `radius` px, as a position in the point arrays; -1 if none. */
export function nearestPoint(coordinates: Float32Array, view: View, sx: number, sy: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let i = 0; i < coordinates.length / 2; i++) {
    const dx = coordinates[2 * i]! * view.scale + view.tx - sx;
    const dy = coordinates[2 * i + 1]! * view.scale + view.ty - sy;
    const d = dx * dx + dy * dy;
    if (d <= bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}

export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Positions of the points whose screen position lies inside `box` (corners in any order). */
export function pointsInBox(coordinates: Float32Array, view: View, box: Box): number[] {
  const left = Math.min(box.x0, box.x1);
  const right = Math.max(box.x0, box.x1);
  const top = Math.min(box.y0, box.y1);
  const bottom = Math.max(box.y0, box.y1);
  const inside: number[] = [];
  for (let i = 0; i < coordinates.length / 2; i++) {
    const [x, y] = toScreen(view, coordinates[2 * i]!, coordinates[2 * i + 1]!);
    if (x >= left && x <= right && y >= top && y <= bottom) inside.push(i);
  }
  return inside;
}

/** Positions of the points of confusion-matrix cell (t, p). */
export function cellPoints(indices: Uint32Array, labels: ArrayLike<number>, predicted: ArrayLike<number>, t: number, p: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < indices.length; i++) if (labels[indices[i]!] === t && predicted[indices[i]!] === p) found.push(i);
  return found;
}

/** Point radius in CSS px: small for 10 000 points (they overlap less), growing a little as one zooms in. */
export const pointRadius = (points: number, zoom: number): number => Math.min(4, (points > 5000 ? 1.3 : points > 1000 ? 1.8 : 2.5) * Math.sqrt(Math.max(1, zoom)));

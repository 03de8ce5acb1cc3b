/**
 * Drawing the map on a 2-D canvas: 10 000 small squares take a few milliseconds when grouped by style (one
 * fillStyle and globalAlpha change per group rather than per point).
 */
import { pointRadius, pointStyle, toScreen, type Box, type ColourMode, type View } from './mapView';

export interface MapScene {
  readonly indices: Uint32Array;
  readonly coordinates: Float32Array;
  readonly labels: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
  readonly confidence: ArrayLike<number>;
  readonly classes: number;
  readonly mode: ColourMode;
  readonly view: View;
  /** Zoom relative to the fitted view (1 = everything in view). */
  readonly zoom: number;
  /** Positions drawn on top, larger, the others faded (a matrix cell or a box selection); null for none. */
  readonly highlight: ReadonlySet<number> | null;
  readonly hovered: number;
  readonly box: Box | null;
  /** CSS colours for the outline of highlighted points and the selection box. */
  readonly ink: string;
}

/** Opacity steps: points are grouped by colour and one of these, so confidence-as-opacity stays a few groups. */
const ALPHA_STEPS = 8;
/** Highlighted points get a ring up to this many. */
const RINGED_AT_MOST = 300;

export function drawMap(context: CanvasRenderingContext2D, width: number, height: number, scene: MapScene): void {
  const { indices, coordinates, labels, predicted, confidence, classes, mode, view, highlight } = scene;
  context.clearRect(0, 0, width, height);
  const radius = pointRadius(indices.length, scene.zoom);
  const groups = new Map<string, number[]>();
  // Wrong predictions are drawn last so that they are not buried under the right ones.
  const order = (i: number) => (mode === 'correct' && labels[indices[i]!] !== predicted[indices[i]!] ? 1 : 0);
  for (const layer of [0, 1]) {
    for (let i = 0; i < indices.length; i++) {
      if (order(i) !== layer || highlight?.has(i)) continue;
      const index = indices[i]!;
      const style = pointStyle(mode, labels[index]!, predicted[index]!, confidence[index]!, classes);
      const alpha = Math.max(1, Math.round(style.alpha * ALPHA_STEPS)) / ALPHA_STEPS;
      const key = `${layer}|${style.colour}|${alpha}`;
      const group = groups.get(key);
      if (group) group.push(i);
      else groups.set(key, [i]);
    }
  }
  const fade = highlight ? 0.18 : 1;
  const size = radius * 2;
  for (const [key, members] of groups) {
    const [, colour, alpha] = key.split('|');
    context.fillStyle = colour!;
    context.globalAlpha = Number(alpha) * fade;
    for (const i of members) {
      const [x, y] = toScreen(view, coordinates[2 * i]!, coordinates[2 * i + 1]!);
      if (x < -size || y < -size || x > width + size || y > height + size) continue;
      context.fillRect(x - radius, y - radius, size, size);
    }
  }
  if (highlight) {
    // A few highlighted points (a matrix cell of mistakes) get a ring each to be found at a glance; a crowd (a
    // diagonal cell, a large box) is drawn plain at full opacity, where rings would merge into a blot.
    const ringed = highlight.size <= RINGED_AT_MOST;
    const big = ringed ? radius + 1.5 : radius;
    context.globalAlpha = 1;
    context.strokeStyle = scene.ink;
    context.lineWidth = 1;
    // Wrong predictions last here too.
    const ordered = [...highlight].sort((x, y) => order(x) - order(y));
    for (const i of ordered) {
      const index = indices[i]!;
      const [x, y] = toScreen(view, coordinates[2 * i]!, coordinates[2 * i + 1]!);
      context.fillStyle = pointStyle(mode, labels[index]!, predicted[index]!, 1, classes).colour;
      if (!ringed) {
        context.fillRect(x - big, y - big, 2 * big, 2 * big);
        continue;
      }
      context.beginPath();
      context.arc(x, y, big, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
  }
  if (scene.hovered >= 0) {
    const [x, y] = toScreen(view, coordinates[2 * scene.hovered]!, coordinates[2 * scene.hovered + 1]!);
    context.globalAlpha = 1;
    context.strokeStyle = scene.ink;
    context.lineWidth = 2;
    context.beginPath();
    context.arc(x, y, radius + 4, 0, 2 * Math.PI);
    context.stroke();
  }
  if (scene.box) {
    const { x0, y0, x1, y1 } = scene.box;
    context.globalAlpha = 0.12;
    context.fillStyle = scene.ink;
    context.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    context.globalAlpha = 1;
    context.strokeStyle = scene.ink;
    context.lineWidth = 1;
    context.setLineDash([4, 3]);
    context.strokeRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    context.setLineDash([]);
  }
  context.globalAlpha = 1;
}

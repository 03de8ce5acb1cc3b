/**
 * Turns a confusion matrix into what the heatmap draws: per cell a value, its text and its colours.
 *
 * Counts view: the diagonal (correct) and the off-diagonal (errors) get separate scales, blue and orange,
 * because on MNIST the diagonal is ~100× larger and one shared scale would leave every error white.
 * Errors view (the seed tutorial's): each row divided by its total, diagonal set to zero, one orange-red scale.
 * Blue against orange stays distinguishable with the common colour-vision deficiencies.
 */
import { interpolateBlues, interpolateOranges, interpolateOrRd } from 'd3-scale-chromatic';
import { cellCount, errorRates, rowTotals, type ConfusionMatrix } from '../../core/metrics/confusion';
import type { MatrixView } from '../state';

export interface HeatmapCell {
  readonly trueClass: number;
  readonly predictedClass: number;
  readonly count: number;
  /** count / images of the true class. */
  readonly shareOfRow: number;
  readonly text: string;
  readonly background: string;
  readonly foreground: string;
  readonly diagonal: boolean;
  /** An empty cell (or the errors view's diagonal): drawn with the page's neutral colour, light or dark scheme. */
  readonly neutral: boolean;
}

const NEUTRAL = 'rgb(246, 247, 249)';

/** WCAG 2 relative luminance of an sRGB colour given as 0…255 channels. */
const luminance = (r: number, g: number, b: number): number => {
  const linear = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
};

/** Black, not the page's near-black: only black and white together guarantee 4.5:1 on every background. */
const DARK_TEXT = 'rgb(0, 0, 0)';
const DARK_TEXT_LUMINANCE = 0;

/**
 * Black or white text, whichever contrasts more with `background` (an `rgb(r, g, b)` string). Taking the
 * larger WCAG contrast ratio of the two guarantees at least 4.58:1 (AA asks 4.5:1) on any background.
 */
export function textColourOn(background: string): string {
  const [r = 255, g = 255, b = 255] = (background.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const lum = luminance(r, g, b);
  const onWhite = 1.05 / (lum + 0.05);
  const onDark = (lum + 0.05) / (DARK_TEXT_LUMINANCE + 0.05);
  return onDark >= onWhite ? DARK_TEXT : 'rgb(255, 255, 255)';
}

export const formatPercent = (x: number): string => (x === 0 ? '0' : x < 0.001 ? '<0.1%' : `${(x * 100).toFixed(1)}%`);

export function heatmapCells(m: ConfusionMatrix, view: MatrixView): HeatmapCell[][] {
  const totals = rowTotals(m);
  const rates = errorRates(m);
  let maxDiagonal = 0;
  let maxOff = 0;
  let maxRate = 0;
  for (let t = 0; t < m.classes; t++) {
    for (let p = 0; p < m.classes; p++) {
      const c = cellCount(m, t, p);
      if (t === p) maxDiagonal = Math.max(maxDiagonal, c);
      else maxOff = Math.max(maxOff, c);
      maxRate = Math.max(maxRate, rates[t * m.classes + p]!);
    }
  }
  return Array.from({ length: m.classes }, (_, t) =>
    Array.from({ length: m.classes }, (_, p): HeatmapCell => {
      const count = cellCount(m, t, p);
      const diagonal = t === p;
      const shareOfRow = totals[t] ? count / totals[t]! : 0;
      let background = NEUTRAL;
      let text: string;
      if (view === 'counts') {
        text = String(count);
        if (count > 0) {
          // Keep the lightest colours for small counts, never pure white: a non-zero cell must not look empty.
          background = diagonal ? interpolateBlues(0.25 + 0.7 * (count / maxDiagonal)) : interpolateOranges(0.12 + 0.78 * (count / maxOff));
        }
      } else {
        const rate = rates[t * m.classes + p]!;
        text = diagonal ? '—' : formatPercent(rate);
        if (!diagonal && rate > 0) background = interpolateOrRd(0.1 + 0.85 * (rate / maxRate));
      }
      return { trueClass: t, predictedClass: p, count, shareOfRow, text, background, foreground: textColourOn(background), diagonal, neutral: background === NEUTRAL };
    }),
  );
}

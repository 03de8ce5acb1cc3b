/**
 * Shapes a model comparison for its panel: the difference matrix's colours, per-class deltas, the disagreement
 * groups and their galleries, and a plain reading of McNemar's p.
 *
 * Difference matrix colours show which model the cell favours, not the sign of B − A: one more image on the
 * diagonal is good for B, one more off it is bad. Blue = better for B, red = worse (RdBu, a diverging scale
 * that stays readable with red-green colour blindness). As in the counts view, the diagonal and the errors are
 * scaled separately, since diagonal differences are usually much larger.
 */
import { count as formatCount } from '../charts/format';
import { interpolateRdBu } from 'd3-scale-chromatic';
import type { Comparison, DisagreementGroup } from '../../core/metrics/compare';
import { pValue, points, signed } from '../charts/format';
import type { GalleryItem } from '../gallery/galleryModel';

const NEUTRAL = 'rgb(246, 247, 249)';
const DARK_TEXT = 'rgb(23, 27, 33)';
const LIGHT_TEXT = 'rgb(255, 255, 255)';

/** WCAG relative luminance of an `rgb(r, g, b)` colour. */
function luminance(colour: string): number {
  const [r = 255, g = 255, b = 255] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const linear = (c: number) => {
    const x = c / 255;
    return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * Dark or white text, whichever has the higher WCAG contrast on `background`. The mid-tones of RdBu sit where
 * a fixed luminance threshold picks white at 3:1; comparing both contrasts keeps every label at 4.5:1 or more.
 */
export function readableTextOn(background: string): string {
  return contrasts(background).white >= contrasts(background).dark ? LIGHT_TEXT : DARK_TEXT;
}

function contrasts(background: string): { white: number; dark: number } {
  const l = luminance(background);
  return { white: 1.05 / (l + 0.05), dark: (l + 0.05) / (luminance(DARK_TEXT) + 0.05) };
}

/**
 * RdBu at 0.5 ± `strength` (0 … 0.5), nudged darker past the mid-tones where neither white nor dark text
 * reaches 4.5:1 (around ±0.3). The order of shades is kept: a larger difference is never lighter.
 */
export function divergingColour(favours: 1 | -1, strength: number): string {
  let s = strength;
  let colour = interpolateRdBu(0.5 + favours * s);
  while (s < 0.5) {
    const c = contrasts(colour);
    if (Math.max(c.white, c.dark) >= 4.5) break;
    s = Math.min(0.5, s + 0.01);
    colour = interpolateRdBu(0.5 + favours * s);
  }
  return colour;
}

export interface DifferenceCell {
  readonly trueClass: number;
  readonly predictedClass: number;
  /** B's count − A's count. */
  readonly difference: number;
  readonly countA: number;
  readonly countB: number;
  /** +1 when the cell favours B, −1 when it favours A, 0 when equal. */
  readonly favours: 1 | -1 | 0;
  readonly text: string;
  readonly background: string;
  readonly foreground: string;
  readonly diagonal: boolean;
}

export function differenceCells(c: Comparison): DifferenceCell[][] {
  const n = c.classes;
  let maxDiagonal = 0;
  let maxOff = 0;
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < n; p++) {
      const d = Math.abs(c.differenceMatrix[t * n + p]!);
      if (t === p) maxDiagonal = Math.max(maxDiagonal, d);
      else maxOff = Math.max(maxOff, d);
    }
  }
  return Array.from({ length: n }, (_, t) =>
    Array.from({ length: n }, (_, p): DifferenceCell => {
      const difference = c.differenceMatrix[t * n + p]!;
      const diagonal = t === p;
      const benefit = diagonal ? difference : -difference;
      const favours = benefit > 0 ? 1 : benefit < 0 ? -1 : 0;
      let background = NEUTRAL;
      if (favours !== 0) {
        // 0.5 is white in RdBu; start 0.12 away from it so that a difference of one never looks like none.
        const strength = 0.12 + 0.36 * (Math.abs(difference) / (diagonal ? maxDiagonal : maxOff));
        background = divergingColour(favours, strength);
      }
      return {
        trueClass: t,
        predictedClass: p,
        difference,
        countA: c.matrixA.counts[t * n + p]!,
        countB: c.matrixB.counts[t * n + p]!,
        favours,
        text: signed(difference),
        background,
        foreground: readableTextOn(background),
        diagonal,
      };
    }),
  );
}

export interface DeltaRow {
  readonly classIndex: number;
  readonly name: string;
  readonly support: number;
  readonly recallA: number;
  readonly recallB: number;
  readonly delta: number;
  /** "+1.2 pts" */
  readonly deltaText: string;
}

export const deltaRows = (c: Comparison, classNames: readonly string[]): DeltaRow[] =>
  c.perClass.map((d) => ({ ...d, name: classNames[d.classIndex] ?? String(d.classIndex), deltaText: points(d.delta) }));

export interface GroupSummary {
  readonly id: DisagreementGroup;
  readonly label: string;
  readonly count: number;
  /** Which model's prediction the gallery shows: the one that was wrong (A for "both wrong"). */
  readonly shows: 'A' | 'B';
}

export function groupSummaries(c: Comparison): GroupSummary[] {
  return [
    { id: 'aRightBWrong', label: 'A right, B wrong', count: c.groups.aRightBWrong.length, shows: 'B' },
    { id: 'aWrongBRight', label: 'A wrong, B right', count: c.groups.aWrongBRight.length, shows: 'A' },
    { id: 'bothWrongSame', label: 'Both wrong, same answer', count: c.groups.bothWrongSame.length, shows: 'A' },
    { id: 'bothWrongDifferent', label: 'Both wrong, different answers', count: c.groups.bothWrongDifferent.length, shows: 'A' },
  ];
}

/**
 * Gallery items of one disagreement group, showing the wrong model's prediction and both answers in the caption.
 * With that model's confidences, its most confident mistakes come first; otherwise test-set order.
 */
export function groupItems(
  c: Comparison,
  group: DisagreementGroup,
  labels: ArrayLike<number>,
  predictedA: ArrayLike<number>,
  predictedB: ArrayLike<number>,
  classNames: readonly string[],
  confidenceA?: ArrayLike<number> | null,
  confidenceB?: ArrayLike<number> | null,
): GalleryItem[] {
  const shows = groupSummaries(c).find((g) => g.id === group)!.shows;
  const predicted = shows === 'A' ? predictedA : predictedB;
  const confidence = (shows === 'A' ? confidenceA : confidenceB) ?? null;
  const name = (k: number) => classNames[k] ?? String(k);
  const indices = [...c.groups[group]];
  if (confidence) indices.sort((x, y) => confidence[y]! - confidence[x]! || x - y);
  return indices.map((index) => ({
    index,
    label: labels[index]!,
    predicted: predicted[index]!,
    confidence: confidence ? confidence[index]! : null,
    caption: `A ${name(predictedA[index]!)} · B ${name(predictedB[index]!)}`,
  }));
}

/**
 * McNemar's result in words, at the conventional 5 % level. With fewer than 10 discordant images the test has
 * little power, and the sentence says so.
 */
export function mcnemarReading(c: Comparison): string {
  const { b, c: cc, pValue: p } = c.mcnemar;
  const n = b + cc;
  const stat = `p = ${pValue(p)} (McNemar’s exact test on the ${formatCount(n)} images exactly one model gets right)`;
  if (n === 0) return `The models agree on every image's correctness: no evidence either is better.`;
  if (p < 0.05) return `${stat}: the difference is unlikely to be chance; ${b > cc ? 'A' : 'B'} is better.`;
  return `${stat}: the difference could be chance${n < 10 ? ', and with so few disagreements the test can hardly tell' : ''}.`;
}

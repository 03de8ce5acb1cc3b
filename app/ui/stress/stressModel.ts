/**
 * Shapes stress-test results for the Stress test tab: the chart's rows (one per severity, one key per model and
 * corruption), the table of points, the summary, and the colours of the lines.
 */
import { corruptImage } from '../../core/corruptions/apply';
import { corruptionById } from '../../core/corruptions/table';
import type { ImageSet } from '../../core/types';
import type { StressReport } from '../../core/stress';

/** One model's results: A is the dashboard's model, B the comparison's. */
export interface ModelStress {
  readonly model: 'A' | 'B';
  readonly name: string;
  readonly report: StressReport;
  /** Predictions of every block's images, block after block (block 0: the clean images). */
  readonly predicted: Uint16Array;
}

/**
 * Fifteen line colours: Okabe–Ito's eight (told apart with the common colour-vision deficiencies) and seven
 * more mid-tones, each readable on the light and the dark surface (contrast ≥ 3:1 on both, WCAG's for graphics).
 */
export const LINE_COLOURS = [
  '#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8c6d1f', '#7f7f7f',
  '#9467bd', '#b5651d', '#2ca02c', '#d62728', '#17becf', '#bcbd22', '#e7298a',
] as const;

export const lineKey = (model: 'A' | 'B', corruption: string): string => `${model}:${corruption}`;

export interface ChartRow {
  readonly severity: number;
  readonly [key: string]: number;
}

/** One row per severity 0…5; each model's corruption is a key holding its accuracy there. */
export function chartRows(runs: readonly ModelStress[]): ChartRow[] {
  const rows = [0, 1, 2, 3, 4, 5].map((severity) => ({ severity }) as Record<string, number>);
  for (const run of runs) for (const p of run.report.points) rows[p.severity]![lineKey(run.model, p.corruption)] = p.accuracy;
  return rows as ChartRow[];
}

export interface ChartLine {
  readonly key: string;
  readonly model: 'A' | 'B';
  readonly corruption: string;
  readonly name: string;
  readonly colour: string;
  /** B's lines are dashed, so both models' lines of a corruption share its colour. */
  readonly dashed: boolean;
}

export function chartLines(runs: readonly ModelStress[]): ChartLine[] {
  return runs.flatMap((run) =>
    run.report.corruptions.map((c) => ({
      key: lineKey(run.model, c.corruption),
      model: run.model,
      corruption: c.corruption,
      name: runs.length > 1 ? `${c.name} (${run.model})` : c.name,
      colour: colourOf(c.corruption),
      dashed: run.model === 'B',
    })),
  );
}

/** A corruption's colour, by its place in the table (stable whichever corruptions ran). */
export function colourOf(corruption: string): string {
  const order = ['rotation', 'shear', 'scale', 'translation', 'gaussian-noise', 'impulse-noise', 'gaussian-blur', 'motion-blur', 'thickening', 'thinning', 'contrast', 'brightness', 'inversion', 'occlusion', 'elastic'];
  const i = order.indexOf(corruption);
  return LINE_COLOURS[(i < 0 ? 0 : i) % LINE_COLOURS.length]!;
}

export interface TableCell {
  readonly severity: number;
  /** The parameter at this severity ("0.4 rad (23°)"); "clean" at 0. */
  readonly parameter: string;
  /** Per model (A first): accuracy and counts. */
  readonly values: readonly { readonly model: 'A' | 'B'; readonly accuracy: number; readonly correct: number; readonly images: number }[];
}

export interface TableRow {
  readonly corruption: string;
  readonly name: string;
  readonly family: string;
  readonly cells: readonly TableCell[];
  /** Mean accuracy over severities 1…5, per model. */
  readonly means: readonly { readonly model: 'A' | 'B'; readonly mean: number }[];
}

/** The table of points: one row per corruption, severities 0…5, each cell with every model's accuracy. */
export function tableRows(runs: readonly ModelStress[]): TableRow[] {
  const first = runs[0];
  if (!first) return [];
  return first.report.corruptions.map((c) => {
    const corruption = corruptionById(c.corruption)!;
    const cells = [0, 1, 2, 3, 4, 5].map((severity) => ({
      severity,
      parameter: severity === 0 ? 'clean' : corruption.describe(severity),
      values: runs.flatMap((run) => {
        const p = run.report.points.find((q) => q.corruption === c.corruption && q.severity === severity);
        return p ? [{ model: run.model, accuracy: p.accuracy, correct: p.correct, images: p.images }] : [];
      }),
    }));
    const means = runs.flatMap((run) => run.report.corruptions.filter((x) => x.corruption === c.corruption).map((x) => ({ model: run.model, mean: x.mean })));
    return { corruption: c.corruption, name: c.name, family: corruption.family, cells, means };
  });
}

/**
 * A cell's background: the accuracy's share of the clean accuracy, from transparent (as good as clean) to the
 * error colour at half of it or less; text stays the page's, so contrast holds in both schemes.
 */
export function cellShade(accuracy: number, clean: number): number {
  if (clean <= 0) return 0;
  const drop = 1 - accuracy / clean;
  return Math.max(0, Math.min(1, drop / 0.5));
}

export interface StressSummary {
  readonly model: 'A' | 'B';
  readonly name: string;
  readonly clean: number;
  readonly meanCorrupted: number;
  readonly worst: { readonly name: string; readonly mean: number } | null;
  /** Mean accuracy over the geometric shifts (translation, rotation, shear, scale) at severities 1…5, if they ran. */
  readonly shifts: number | null;
}

const SHIFTS = ['translation', 'rotation', 'shear', 'scale'];

export function summaries(runs: readonly ModelStress[]): StressSummary[] {
  return runs.map((run) => {
    const shifts = run.report.corruptions.filter((c) => SHIFTS.includes(c.corruption));
    return {
      model: run.model,
      name: run.name,
      clean: run.report.clean.accuracy,
      meanCorrupted: run.report.meanCorrupted,
      worst: run.report.worst ? { name: run.report.worst.name, mean: run.report.worst.mean } : null,
      shifts: shifts.length === 0 ? null : shifts.reduce((s, c) => s + c.mean, 0) / shifts.length,
    };
  });
}

/**
 * One test image under every corruption at severities 0…5: image 6·k + s of the result is corruption k at
 * severity s (90 small images for the fifteen; cheap enough to make on the page).
 */
export function severityGrid(images: ImageSet, corruptions: readonly string[], index: number, seed: number): ImageSet {
  const size = images.rows * images.cols;
  const pixels = new Uint8Array(corruptions.length * 6 * size);
  corruptions.forEach((id, k) => {
    const corruption = corruptionById(id) ?? null;
    for (let s = 0; s <= 5; s++) corruptImage(images, index, corruption, s, seed, pixels.subarray((k * 6 + s) * size, (k * 6 + s + 1) * size));
  });
  return { count: corruptions.length * 6, rows: images.rows, cols: images.cols, pixels };
}

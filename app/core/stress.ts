/**
 * The stress test: a model's accuracy on the first images of a test set under every corruption at every
 * severity (app/core/corruptions). Shared by the page (app/ui/stress) and the CLI (`--stress`), which run the
 * same blocks in the same chunks, so both corrupt and batch every image identically.
 */
import type { StressBlock } from './corruptions/apply';
import { CORRUPTIONS, corruptionById, SEVERITIES } from './corruptions/table';

export const DEFAULT_STRESS_SEED = 2019;
export const DEFAULT_STRESS_IMAGES = 1000;
/** Images per evaluation call: 10 000 images are 7.8 MB, so a run on every test image never holds 600 MB at once. */
export const STRESS_CHUNK_IMAGES = 10_000;

/** The clean images first, then every chosen corruption at severities 1…5, in the table's order. */
export function stressBlocks(corruptions: readonly string[]): StressBlock[] {
  const chosen = CORRUPTIONS.filter((c) => corruptions.includes(c.id));
  return [{ corruption: null, severity: 0 }, ...chosen.flatMap((c) => SEVERITIES.map((severity) => ({ corruption: c.id, severity })))];
}

/** Consecutive runs of whole blocks, each at most `maxImages` images (at least one block): [from, to) block indices. */
export function stressChunks(blocks: number, count: number, maxImages = STRESS_CHUNK_IMAGES): { readonly from: number; readonly to: number }[] {
  const per = Math.max(1, Math.floor(maxImages / Math.max(1, count)));
  const out: { from: number; to: number }[] = [];
  for (let from = 0; from < blocks; from += per) out.push({ from, to: Math.min(blocks, from + per) });
  return out;
}

export interface StressPoint {
  readonly corruption: string;
  /** 0 is the clean images (the same for every corruption). */
  readonly severity: number;
  readonly correct: number;
  readonly images: number;
  readonly accuracy: number;
}

export interface CorruptionSummary {
  readonly corruption: string;
  readonly name: string;
  /** Mean accuracy over severities 1…5. */
  readonly mean: number;
}

export interface StressReport {
  readonly images: number;
  readonly seed: number;
  readonly clean: { readonly correct: number; readonly accuracy: number };
  /** For each corruption, severities 0…5. */
  readonly points: readonly StressPoint[];
  readonly corruptions: readonly CorruptionSummary[];
  /** Mean accuracy over every corruption at severities 1…5 (MNIST-C's headline is the mean error, 1 − this). */
  readonly meanCorrupted: number;
  /** The corruption with the lowest mean accuracy. */
  readonly worst: CorruptionSummary | null;
}

/**
 * Accuracies from the predictions of the blocks' images (`predicted[b·count + i]` for image i under block b;
 * block 0 the clean images) and the first `count` labels.
 */
export function stressReport(labels: ArrayLike<number>, blocks: readonly StressBlock[], predicted: ArrayLike<number>, count: number, seed: number): StressReport {
  if (predicted.length !== blocks.length * count) throw new RangeError(`stressReport: ${predicted.length} predictions for ${blocks.length} blocks of ${count} images.`);
  const correctIn = (b: number): number => {
    let n = 0;
    for (let i = 0; i < count; i++) if (predicted[b * count + i] === labels[i]) n++;
    return n;
  };
  const cleanAt = blocks.findIndex((b) => b.corruption === null || b.severity === 0);
  if (cleanAt < 0) throw new RangeError('stressReport: the blocks have no clean images.');
  const cleanCorrect = correctIn(cleanAt);
  const clean = { correct: cleanCorrect, accuracy: cleanCorrect / count };
  const points: StressPoint[] = [];
  const corruptions: CorruptionSummary[] = [];
  for (const c of CORRUPTIONS) {
    const own = blocks.map((b, k) => ({ b, k })).filter(({ b }) => b.corruption === c.id && b.severity > 0);
    if (own.length === 0) continue;
    points.push({ corruption: c.id, severity: 0, correct: clean.correct, images: count, accuracy: clean.accuracy });
    let sum = 0;
    for (const { b, k } of own) {
      const correct = correctIn(k);
      points.push({ corruption: c.id, severity: b.severity, correct, images: count, accuracy: correct / count });
      sum += correct / count;
    }
    corruptions.push({ corruption: c.id, name: c.name, mean: sum / own.length });
  }
  const corrupted = points.filter((p) => p.severity > 0);
  const meanCorrupted = corrupted.length === 0 ? clean.accuracy : corrupted.reduce((s, p) => s + p.accuracy, 0) / corrupted.length;
  const worst = corruptions.reduce<CorruptionSummary | null>((w, c) => (w === null || c.mean < w.mean ? c : w), null);
  return { images: count, seed, clean, points, corruptions, meanCorrupted, worst };
}

/** Test-set indices (0 … count−1) right on the clean images and wrong under the block: what the corruption broke. */
export function flippedImages(labels: ArrayLike<number>, blocks: readonly StressBlock[], predicted: ArrayLike<number>, count: number, corruption: string, severity: number): number[] {
  const k = blocks.findIndex((b) => b.corruption === corruption && b.severity === severity);
  const clean = blocks.findIndex((b) => b.corruption === null || b.severity === 0);
  if (k < 0 || clean < 0) return [];
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (predicted[clean * count + i] === labels[i] && predicted[k * count + i] !== labels[i]) out.push(i);
  return out;
}

/** The parameter table, for the JSON report and the README. */
export const corruptionTable = () =>
  CORRUPTIONS.map((c) => ({ id: c.id, name: c.name, family: c.family, parameter: c.parameter, source: c.source, severities: SEVERITIES.map((s) => c.describe(s)) }));

export { corruptionById };

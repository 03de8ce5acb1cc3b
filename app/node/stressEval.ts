/**
 * The stress test without a browser (`npm run eval -- … --stress out.json`): the page's blocks and chunks
 * (app/core/stress.ts), corrupted by the same app/core code, run by onnxruntime-node in batches of 1 000 as the
 * page's worker runs them, so the page and the CLI give the same accuracy at every point.
 */
import { corruptBlocks } from '../core/corruptions/apply';
import { CORRUPTION_IDS } from '../core/corruptions/table';
import { argmaxRows } from '../core/predictions';
import { describePreprocessing, type Preprocessing } from '../core/preprocess';
import { corruptionTable, DEFAULT_STRESS_IMAGES, DEFAULT_STRESS_SEED, stressBlocks, stressChunks, stressReport, type StressReport } from '../core/stress';
import { NativeSession, type LoadedData, type LoadedModel } from './headlessEval';

export interface StressOptions {
  readonly images?: number;
  readonly seed?: number;
  readonly corruptions?: readonly string[];
}

export interface StressRun {
  readonly report: StressReport;
  /** Predictions of every block's images, block after block (block 0: the clean images). */
  readonly predicted: Uint16Array;
  readonly timings: { readonly corruptMs: number; readonly inferenceMs: number };
}

export async function stressTest(model: LoadedModel, data: LoadedData, pre: Preprocessing, options: StressOptions = {}, onChunk?: (done: number, total: number) => void): Promise<StressRun> {
  const count = Math.min(options.images ?? DEFAULT_STRESS_IMAGES, data.images.count);
  const seed = options.seed ?? DEFAULT_STRESS_SEED;
  const blocks = stressBlocks(options.corruptions ?? CORRUPTION_IDS);
  const predicted = new Uint16Array(blocks.length * count);
  const session = await NativeSession.create(model);
  let corruptMs = 0;
  let inferenceMs = 0;
  try {
    for (const chunk of stressChunks(blocks.length, count)) {
      const t = performance.now();
      const images = corruptBlocks(data.images, 0, count, blocks.slice(chunk.from, chunk.to), seed);
      corruptMs += performance.now() - t;
      const out = await session.run(images, pre);
      inferenceMs += out.ms;
      predicted.set(argmaxRows(out.scores, images.count, out.classes), chunk.from * count);
      onChunk?.(chunk.to * count, blocks.length * count);
    }
  } finally {
    await session.release();
  }
  return { report: stressReport(data.labels.labels, blocks, predicted, count, seed), predicted, timings: { corruptMs, inferenceMs } };
}

/** The JSON `--stress` writes: what ran, the parameter table, and every point. */
export function stressJson(model: LoadedModel, data: LoadedData, pre: Preprocessing, run: StressRun) {
  const { report } = run;
  return {
    model: { name: model.card?.name ?? model.fileName, fileName: model.fileName, sha256: model.sha256 },
    dataset: { name: data.name, sha256: data.sha256 },
    preprocessing: describePreprocessing(pre),
    images: report.images,
    seed: report.seed,
    clean: report.clean,
    meanCorruptedAccuracy: report.meanCorrupted,
    worst: report.worst,
    corruptions: report.corruptions,
    points: report.points,
    parameters: corruptionTable(),
    timings: { corruptMs: Math.round(run.timings.corruptMs), inferenceMs: Math.round(run.timings.inferenceMs) },
  };
}

/** The stress test as lines of text: each corruption's accuracy at severities 0…5 and its mean. */
export function formatStress(run: StressRun): string {
  const { report } = run;
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const rows = report.corruptions.map((c) => {
    const points = report.points.filter((p) => p.corruption === c.corruption).map((p) => pct(p.accuracy).padStart(7));
    return `${c.name.padEnd(20)}${points.join('')}${pct(c.mean).padStart(8)}`;
  });
  return [
    `Stress test on the first ${report.images.toLocaleString('en-US')} images (seed ${report.seed}): accuracy by severity`,
    `${''.padEnd(20)}${['0', '1', '2', '3', '4', '5'].map((s) => s.padStart(7)).join('')}${'mean'.padStart(8)}`,
    ...rows,
    `Clean ${pct(report.clean.accuracy)}; mean corrupted ${pct(report.meanCorrupted)}; worst: ${report.worst ? `${report.worst.name} (${pct(report.worst.mean)})` : 'none'}`,
  ].join('\n');
}

/** The CLI's `--stress` options (cli.ts): parsing and running them after the evaluation. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_STRESS_IMAGES, DEFAULT_STRESS_SEED } from '../core/stress';
import type { HeadlessEvaluation } from './headlessEval';
import { formatStress, stressJson, stressTest } from './stressEval';

export interface StressCli {
  /** Where to write the JSON, or '-' for standard output. */
  readonly out: string;
  readonly images: number;
  readonly seed: number;
}

class StressUsageError extends Error {}

export function parseStress(out: string | undefined, images: string | undefined, seed: string | undefined, base: string): StressCli | null {
  if (out === undefined) {
    if (images !== undefined || seed !== undefined) throw new StressUsageError('--stress-images and --stress-seed go with --stress <file>.');
    return null;
  }
  const count = images === undefined ? DEFAULT_STRESS_IMAGES : Number(images);
  if (!Number.isInteger(count) || count < 1) throw new StressUsageError(`--stress-images "${images}" must be a whole number of images, 1 or more.`);
  const s = seed === undefined ? DEFAULT_STRESS_SEED : Number(seed);
  if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) throw new StressUsageError(`--stress-seed "${seed}" must be a whole number from 0 to 4294967295.`);
  return { out: out === '-' ? '-' : resolve(base, out), images: count, seed: s };
}

export async function runStress(options: StressCli, result: HeadlessEvaluation, quiet: boolean): Promise<void> {
  const log = options.out === '-' ? console.error : console.log;
  const run = await stressTest(result.model, result.data, result.preprocessing, { images: options.images, seed: options.seed });
  const text = JSON.stringify(stressJson(result.model, result.data, result.preprocessing, run), null, 2) + '\n';
  if (!quiet) log(`\n${formatStress(run)}\n(corrupting ${Math.round(run.timings.corruptMs)} ms, inference ${Math.round(run.timings.inferenceMs)} ms)`);
  if (options.out === '-') process.stdout.write(text);
  else {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
    if (!quiet) log(`Stress test JSON written to ${options.out}`);
  }
}

export { StressUsageError };

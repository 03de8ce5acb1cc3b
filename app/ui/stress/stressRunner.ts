/**
 * Runs the stress test from the page: the corruption worker corrupts a chunk of blocks while the inference
 * worker evaluates the one before (InferenceClient.evaluateOnce, so the test sets the worker keeps stay), for
 * model A and, in compare mode, model B on the same corrupted images. The state lives outside React (a small
 * store) so that a run goes on, and its results stay, while the user looks at other tabs.
 */
import { useSyncExternalStore } from 'react';
import type { StressBlock } from '../../core/corruptions/apply';
import { argmaxRows } from '../../core/predictions';
import { DEFAULT_STRESS_SEED, stressBlocks, stressChunks, stressReport } from '../../core/stress';
import type { ImageSet } from '../../core/types';
import { CorruptClient } from '../../inference/corruptClient';
import type { InferenceClient } from '../../inference/client';
import type { LabelledEvaluation as Evaluation } from '../evaluation';
import type { ModelStress } from './stressModel';

export interface StressState {
  readonly phase: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  /** The dashboard evaluation (model A) the results belong to. */
  readonly evaluation: Evaluation | null;
  readonly done: number;
  readonly total: number;
  readonly runs: readonly ModelStress[];
  readonly blocks: readonly StressBlock[];
  readonly images: number;
  readonly seed: number;
  readonly error: string | null;
  readonly startedAt: number;
  readonly elapsedMs: number;
}

const IDLE: StressState = { phase: 'idle', evaluation: null, done: 0, total: 0, runs: [], blocks: [], images: 0, seed: DEFAULT_STRESS_SEED, error: null, startedAt: 0, elapsedMs: 0 };

let state: StressState = IDLE;
const listeners = new Set<() => void>();
let token = 0;
let corrupter: CorruptClient | null = null;

function set(next: StressState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function useStressState(): StressState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

export const corruptions = (): CorruptClient => (corrupter ??= new CorruptClient());

export interface StressRequest {
  readonly inference: InferenceClient;
  readonly evaluation: Evaluation;
  readonly second: Evaluation | null;
  readonly corruptions: readonly string[];
  readonly images: number;
}

/** Starts a run (a running one is dropped); resolves when it ends, whichever way. */
export async function runStress(request: StressRequest): Promise<void> {
  const mine = ++token;
  const { inference, evaluation, second } = request;
  const testSet = evaluation.testSet;
  const count = Math.min(request.images, testSet.images.count);
  const blocks = stressBlocks(request.corruptions);
  const models = [evaluation, ...(second && second.testSet.images === testSet.images ? [second] : [])];
  const chunks = stressChunks(blocks.length, count);
  const total = blocks.length * count * models.length;
  const previous = state.evaluation === evaluation ? state.runs : [];
  const startedAt = performance.now();
  set({ ...IDLE, phase: 'running', evaluation, total, runs: previous, blocks, images: count, startedAt });
  const predicted = models.map(() => new Uint16Array(blocks.length * count));
  let done = 0;
  const corrupt = (k: number): Promise<ImageSet> => corruptions().corrupt(testSet.images, count, blocks.slice(chunks[k]!.from, chunks[k]!.to), DEFAULT_STRESS_SEED);
  try {
    let next = corrupt(0);
    for (let k = 0; k < chunks.length; k++) {
      const images = await next;
      if (mine !== token) return;
      // The next chunk is corrupted while this one runs.
      if (k + 1 < chunks.length) next = corrupt(k + 1);
      for (let m = 0; m < models.length; m++) {
        const model = models[m]!;
        // evaluateOnce hands the pixels to the inference worker: every model but the last gets a copy.
        const own = m === models.length - 1 ? images : { ...images, pixels: images.pixels.slice() };
        const out = await inference.evaluateOnce(model.model.key, own, model.preprocessing, (d) => {
          if (mine === token) set({ ...state, done: done + d, elapsedMs: performance.now() - startedAt });
        });
        if (mine !== token) return;
        predicted[m]!.set(argmaxRows(out.scores, images.count, out.classes), chunks[k]!.from * count);
        done += images.count;
      }
    }
    next.catch(() => {});
    const labels = testSet.labels.labels;
    const runs: ModelStress[] = models.map((model, m) => ({
      model: m === 0 ? 'A' : 'B',
      name: model.model.name,
      report: stressReport(labels, blocks, predicted[m]!, count, DEFAULT_STRESS_SEED),
      predicted: predicted[m]!,
    }));
    set({ ...state, phase: 'done', done: total, runs, elapsedMs: performance.now() - startedAt });
  } catch (e) {
    if (mine !== token) return;
    set({ ...state, phase: 'error', error: e instanceof Error ? e.message : String(e) });
  }
}

/** Stops the run at once for the page (the chunk in the inference worker finishes there, unseen); results shown stay. */
export function cancelStress(): void {
  if (state.phase !== 'running') return;
  token++;
  set({ ...state, phase: 'cancelled' });
}

/** The corrupted copy of the run's first images under one block, for the gallery of what it broke. */
export function corruptedBlock(testImages: ImageSet, count: number, block: StressBlock, seed: number): Promise<ImageSet> {
  return corruptions().corrupt(testImages, count, [block], seed);
}

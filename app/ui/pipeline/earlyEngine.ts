/**
 * The dashboard's engine (inference client and pipeline), started as soon as the dashboard's code has loaded
 * (mount.tsx), before React has rendered anything: the model and the test set the address names are read,
 * inspected and parsed meanwhile, and the dashboard's first evaluation finds them in the pipeline's caches.
 * Progress of that early reading goes to whichever report the first evaluation attaches.
 */
import { DATASET_CHOICES, MODEL_CHOICES } from '../../builtins';
import { InferenceClient, takeEarlyClient } from '../../inference/client';
import type { Report } from '../evaluation';
import { parseUrl } from '../urlState';
import { mark } from '../../core/timeline';
import { Pipeline } from './pipeline';

export interface Engine {
  readonly client: InferenceClient;
  readonly pipeline: Pipeline;
  /** Where the early reading's progress goes from now on. */
  readonly attach: (report: Report) => void;
}

let early: Engine | null = null;

export function startEngineEarly(): void {
  if (early) return;
  const client = takeEarlyClient() ?? new InferenceClient(); // started by main.tsx
  const pipeline = new Pipeline(client);
  let target: Report | null = null;
  const report: Report = (phase, progress) => target?.(phase, progress);
  const { request } = parseUrl(location.href, MODEL_CHOICES, DATASET_CHOICES);
  // Failures are left to the evaluation, which asks again (a failed entry is not kept) and explains them.
  pipeline.loadModel(request.model, report).then(() => mark('early-model'), () => {});
  pipeline.loadData(request.data, report).then(() => mark('early-data'), () => {});
  early = { client, pipeline, attach: (r) => (target = r) };
}

/** The engine started early, once (React's development double mount makes a second one of its own). */
export function takeEarlyEngine(): Engine | null {
  const engine = early;
  early = null;
  return engine;
}

/**
 * What the map is computed from and how: the model's features (an extra output of a rewritten copy of the model,
 * run over the test set in the inference worker), or its class probabilities when it has no hidden layer; then
 * the projection worker. One computation per evaluation, kept while the evaluation is on screen, so switching tabs
 * does not start again.
 */
import { MAP_SEED } from '../../core/embedding/mapSettings';
import type { ProjectionProgress } from '../../core/embedding/project';
import { exposeFeatures } from '../../core/onnx/penultimate';
import { EvaluationCancelled, type InferenceClient } from '../../inference/client';
import { startProjection } from '../../inference/projectClient';
import type { LabelledEvaluation as Evaluation } from '../evaluation';

export type MapSource =
  | { readonly kind: 'features'; readonly tensor: string; readonly layer: string; readonly dims: number }
  | { readonly kind: 'probabilities'; readonly reason: string; readonly dims: number };

export interface MapData {
  readonly source: MapSource;
  /** Test-set index of each point (all images, or a seeded sample of a larger set). */
  readonly indices: Uint32Array;
  /** x, y per point, interleaved, in UMAP's units. */
  readonly coordinates: Float32Array;
  /** Dimensions UMAP saw, and the variance PCA kept (1 without PCA). */
  readonly dimensions: number;
  readonly explained: number;
  /** done → map, ms: the feature pass and the projection. */
  readonly featuresMs: number;
  readonly projectionMs: number;
}

export type MapProgress = { readonly stage: 'features'; readonly done: number; readonly total: number } | ProjectionProgress;

interface MapJob {
  readonly data: Promise<MapData>;
  readonly listeners: Set<(p: MapProgress) => void>;
  readonly last: () => MapProgress | null;
  readonly cancel: () => void;
}

const jobs = new WeakMap<Evaluation, MapJob>();
/** The job started last: a new evaluation's map cancels the previous one's, which nobody will look at. */
let latest: MapJob | null = null;

/**
 * The features of every test image: the rewritten model run in the inference worker (the original's session is
 * left alone), or the probabilities already computed when the model has no layer before its last.
 */
async function features(client: InferenceClient, evaluation: Evaluation, probabilities: ArrayLike<number>, report: (p: MapProgress) => void): Promise<{ source: MapSource; values: Float32Array }> {
  const classes = evaluation.predictions.classes;
  const fallback = (reason: string) => ({ source: { kind: 'probabilities', reason, dims: classes } as const, values: Float32Array.from(probabilities) });
  const spec = client.preparedModel(evaluation.model.key);
  if (!spec) return fallback('The model is no longer loaded.');
  const found = exposeFeatures(new Uint8Array(spec.bytes), spec.feed.scoresOutput);
  if (found.kind === 'probabilities') return fallback(found.reason);
  const key = `${spec.key}#features`;
  client.prepare({ ...spec, key, bytes: found.bytes.slice().buffer });
  try {
    const out = await client.evaluate(key, evaluation.testSet.images, evaluation.preprocessing, (done, total) => report({ stage: 'features', done, total }), 'wasm', found.tensor);
    if (!out.features || !out.featureDims) return fallback(`The model gave no values for '${found.tensor}'.`);
    return { source: { kind: 'features', tensor: found.tensor, layer: found.layer, dims: out.featureDims }, values: out.features };
  } catch (e) {
    if (e instanceof EvaluationCancelled) throw e;
    // A rewritten model onnxruntime refuses still has its probabilities to show.
    return fallback(`onnxruntime could not run the model with '${found.tensor}' as an output: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    client.release(key);
  }
}

/** Starts the map of `evaluation`: the feature pass, then the projection worker. */
function startMap(client: InferenceClient, evaluation: Evaluation, probabilities: ArrayLike<number>): MapJob {
  const listeners = new Set<(p: MapProgress) => void>();
  let last: MapProgress | null = null;
  const report = (p: MapProgress) => {
    last = p;
    for (const l of listeners) l(p);
  };
  let cancelled = false;
  let cancelProjection = () => {};
  // Cancelling settles the map at once; a feature pass already in the inference worker finishes unseen.
  let stopNow: (error: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => (stopNow = reject));
  const work = (async (): Promise<MapData> => {
    const started = performance.now();
    const { source, values } = await features(client, evaluation, probabilities, report);
    const featuresMs = performance.now() - started;
    if (cancelled) throw new Error('The map was cancelled.');
    const projection = startProjection(values, evaluation.testSet.images.count, source.dims, MAP_SEED, report);
    cancelProjection = projection.cancel;
    const projected = await projection.result;
    return { source, ...projected, featuresMs, projectionMs: performance.now() - started - featuresMs };
  })();
  work.catch(() => {}); // reported through the race below
  return {
    data: Promise.race([work, stopped]),
    listeners,
    last: () => last,
    cancel: () => {
      cancelled = true;
      cancelProjection();
      stopNow(new Error('The map was cancelled.'));
    },
  };
}

/** Starts (or joins) the map of `evaluation`; `onProgress` hears the stage it is at until `stop`. */
export function mapFor(client: InferenceClient, evaluation: Evaluation, probabilities: ArrayLike<number>, onProgress: (p: MapProgress) => void): { data: Promise<MapData>; stop: () => void } {
  let job = jobs.get(evaluation);
  if (!job) {
    latest?.cancel();
    const created = startMap(client, evaluation, probabilities);
    latest = created;
    jobs.set(evaluation, created);
    // A failed or cancelled map is made again when next asked for.
    created.data.catch(() => jobs.get(evaluation) === created && jobs.delete(evaluation));
    job = created;
  }
  const current = job;
  current.listeners.add(onProgress);
  const last = current.last();
  if (last) onProgress(last);
  return { data: current.data, stop: () => current.listeners.delete(onProgress) };
}

/** Cancels the map of `evaluation` if it is still being computed. */
export function cancelMap(evaluation: Evaluation): void {
  jobs.get(evaluation)?.cancel();
}

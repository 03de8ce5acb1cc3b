/** Which runs are kept for the next visit (app/io/savedResults.ts), and a kept one as the pipeline's run. */
import type { Preprocessing } from '../../core/preprocess';
import type { SavedResult } from '../../io/savedResults';
import type { EvaluationRequest } from '../request';

/**
 * A built-in model on a built-in test set on WebAssembly: the same files (fixed by the build) give the same scores.
 * The threads are part of the key (a sum split over threads may round differently); null for anything else.
 */
export function savedResultKey(request: EvaluationRequest, pre: Preprocessing, threaded = globalThis.crossOriginIsolated === true): string | null {
  const prefix = savedKeyPrefix(request);
  return prefix === null ? null : `${prefix}${pre.preset}${pre.invert ? ',invert' : ''}|${threaded ? 'threads' : 'one thread'}`;
}

/**
 * The saved results an opening may show, best first: those computed as this page would compute them, then those of
 * the other thread count. On a static host without isolation headers the first visit runs on one thread and later
 * visits, isolated by the service worker, on several: that first visit's results are still this build's model on
 * these files, and they say (their runtime, shown in the status) that they were computed on one thread.
 */
export function savedResultKeys(request: EvaluationRequest, pre: Preprocessing): string[] {
  const isolated = globalThis.crossOriginIsolated === true;
  return [savedResultKey(request, pre, isolated), savedResultKey(request, pre, !isolated)].filter((k): k is string => k !== null);
}

/** The part of the key the request fixes before its preprocessing is known (the first script matches on it). */
export function savedKeyPrefix(request: EvaluationRequest): string | null {
  const { model, data, backend } = request;
  return model.kind === 'builtin' && data.kind === 'builtin' && backend === 'wasm' ? `${model.id}|${data.id}|` : null;
}

export const SAVED_NOTE = 'These results were computed by an earlier visit with the same build, model, test set and preprocessing, and kept in this browser: the model was not run again.';

export function fromSaved(saved: SavedResult) {
  return {
    output: { scores: saved.scores, classes: saved.classes, sessionMs: 0, inferenceMs: saved.inferenceMs, runtime: saved.runtime },
    notes: [SAVED_NOTE],
    agreement: null,
  };
}

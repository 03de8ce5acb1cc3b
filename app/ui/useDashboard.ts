/**
 * The dashboard's controller: owns the inference client and the pipeline, runs an evaluation whenever the
 * request changes, sorts dropped files, and keeps the address bar in step with the state.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, type Dispatch } from 'react';
import { builtinModel, DATASET_CHOICES, MODEL_CHOICES, modelsFor } from '../builtins';
import type { PreprocessingChoice } from '../core/preprocessChoice';
import type { ImageSet } from '../core/types';
import { InferenceClient, type EvaluationOutput } from '../inference/client';
import { takeEarlyEngine, type Engine } from './pipeline/earlyEngine';
import { sortDrop } from './dropIntake';
import { Pipeline } from './pipeline/pipeline';
import { throttleProgress } from './progressThrottle';
import type { ModelRequest } from './request';
import { initialState, reduce, type Action, type DashboardState, type Evaluation } from './state';
import { formatUrl, parseUrl } from './urlState';
import { readReviewFile } from './labels/reviewFile';

/** The comparison's default second model: another built-in model for the same test set (the CNN beside the seed's). */
export function defaultComparisonModel(evaluation: Evaluation): ModelRequest | null {
  const datasetId = evaluation.data.datasetId;
  if (!datasetId) return null;
  const current = evaluation.request.model.kind === 'builtin' ? evaluation.request.model.id : null;
  const candidates = modelsFor(datasetId).filter((m) => m.card.id !== current);
  // Prefer the strongest other model: a comparison is most telling against the best available.
  const best = [...candidates].sort((a, b) => b.card.test.accuracy - a.card.test.accuracy)[0];
  return best ? { kind: 'builtin', id: best.card.id } : null;
}

export interface Dashboard {
  readonly state: DashboardState;
  readonly dispatch: Dispatch<Action>;
  readonly cancel: () => void;
  readonly retry: () => void;
  readonly dropFiles: (files: readonly File[]) => void;
  readonly chooseModel: (model: ModelRequest) => void;
  readonly chooseBuiltinData: (datasetId: string, current: ModelRequest) => void;
  readonly choosePreprocessing: (pre: PreprocessingChoice | null) => void;
  /** Scores a few images (the drawing pad's) with an evaluation's model, backend and preprocessing. */
  readonly scoreImages: (evaluation: Evaluation, images: ImageSet) => Promise<EvaluationOutput>;
  /** The inference client (null before the page has started it), for work beside the evaluation: the map's features, the stress test's runs. */
  readonly inference: () => InferenceClient | null;
}

function initial(): DashboardState {
  const parsed = parseUrl(location.href, MODEL_CHOICES, DATASET_CHOICES);
  return initialState(parsed.request, {
    seed: parsed.seed,
    matrixView: parsed.view,
    notices: parsed.problems,
    cell: parsed.cell,
    sample: parsed.sample,
    tab: parsed.tab,
    compareWith: parsed.compare,
    ...(parsed.review ? { review: parsed.review } : {}),
    ...(parsed.truth ? { truth: parsed.truth } : {}),
  });
}

function newEngine(): Engine {
  const client = new InferenceClient();
  return { client, pipeline: new Pipeline(client), attach: () => {} };
}

export function useDashboard(): Dashboard {
  const [state, dispatch] = useReducer(reduce, undefined, initial);
  const engine = useRef<Engine | null>(null);

  useEffect(() => {
    // Started by mount.tsx before the first render (earlyEngine.ts), or made here.
    engine.current = takeEarlyEngine() ?? newEngine();
    const { client } = engine.current;
    return () => {
      client.dispose();
      engine.current = null;
    };
  }, []);

  // Runs whenever a new request is made (or a retry asked for). A run outlived by a newer one is ignored.
  const { attempt, run } = state;
  const attemptRef = useRef(attempt);
  attemptRef.current = attempt;
  useEffect(() => {
    const request = attemptRef.current;
    const current = engine.current;
    if (!current) return;
    let live = true;
    const guarded: Dispatch<Action> = (action) => live && dispatch(action);
    const progress = throttleProgress((phase, p) => guarded({ type: 'progress', phase, progress: p }));
    // Once the run has an outcome, late progress (a download still finishing after the model failed) must
    // not turn the error or the results back into "loading".
    const settled: Dispatch<Action> = (action) => {
      progress.cancel();
      guarded(action);
      live = false;
    };
    current.attach(progress.report);
    current.pipeline
      .evaluate(request, progress.report)
      .then((evaluation) => settled({ type: 'evaluated', evaluation }))
      .catch((e: unknown) => settled({ type: 'failed', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
      progress.cancel();
    };
  }, [run]);

  // The address bar follows the state; replaceState, so redrawing samples does not flood the history.
  useEffect(() => {
    const next = formatUrl(
      { request: state.request, seed: state.seed, view: state.matrixView, cell: state.cell, sample: state.sample, tab: state.tab, compare: state.comparison.model, review: state.review, truth: state.truth },
      location.href,
    );
    if (next !== location.href) history.replaceState(null, '', next);
  }, [state.request, state.seed, state.matrixView, state.cell, state.sample, state.tab, state.comparison.model, state.review, state.truth]);

  // The comparison runs when its tab is open and there is something to compare with; once per evaluation.
  const { evaluation, tab, comparison } = state;
  useEffect(() => {
    const current = engine.current;
    if (!current || !evaluation || tab !== 'compare' || comparison.phase !== 'idle') return;
    const chosen = comparison.model;
    const second = chosen ?? defaultComparisonModel(evaluation);
    if (!second) return;
    dispatch({ type: 'comparing' });
    current.pipeline
      .evaluate({ model: second, data: evaluation.request.data, pre: null, backend: 'wasm' }, () => {})
      .then((result) => dispatch({ type: 'compared', evaluation: result, base: evaluation, model: chosen }))
      .catch((e: unknown) => dispatch({ type: 'compareFailed', message: e instanceof Error ? e.message : String(e), base: evaluation, model: chosen }));
  }, [evaluation, tab, comparison.phase, comparison.model]);

  const pending = useRef(state.pending);
  pending.current = state.pending;
  const shownEvaluation = useRef(state.evaluation);
  shownEvaluation.current = state.evaluation;
  const dropFiles = useCallback((files: readonly File[]) => {
    if (files.length === 0) return;
    sortDrop(files, pending.current)
      .then((intake) => {
        if (intake.model || intake.data) {
          dispatch({ type: 'request', ...(intake.model ? { model: intake.model } : {}), ...(intake.data ? { data: intake.data } : {}) });
        }
        dispatch({ type: 'pending', pending: intake.pending });
        // A dropped review of suspect labels is restored onto the results on screen, and counted at once.
        if (intake.review) {
          void readReviewFile(intake.review, shownEvaluation.current).then((read) =>
            dispatch(read.ok ? { type: 'review', review: read.value, truth: 'corrected' } : { type: 'failed', message: read.reason }),
          );
        }
        // Files the drop could not use: an error when nothing else came with them, a notice beside a new run otherwise.
        if (intake.problems.length === 0) return;
        if (intake.model || intake.data) dispatch({ type: 'notices', notices: intake.problems });
        else if (intake.pending.images || intake.pending.labels) dispatch({ type: 'notices', notices: intake.problems });
        else dispatch({ type: 'failed', message: intake.problems.join(' ') });
      })
      .catch((e: unknown) => dispatch({ type: 'failed', message: `The dropped files could not be read: ${(e as Error).message}` }));
  }, []);

  const actions = useMemo(
    () => ({
      cancel: () => {
        engine.current?.pipeline.cancel();
        engine.current?.client.cancel();
      },
      retry: () => dispatch({ type: 'retry' }),
      chooseModel: (model: ModelRequest) => dispatch({ type: 'request', model }),
      /**
       * Another built-in test set: a built-in model made for another dataset is swapped for the new
       * dataset's first model (its seed-recipe model), since evaluating across datasets is rarely meant.
       */
      chooseBuiltinData: (datasetId: string, current: ModelRequest) => {
        const fits = current.kind !== 'builtin' || builtinModel(current.id)?.card.dataset === datasetId;
        const replacement = modelsFor(datasetId)[0];
        dispatch({ type: 'request', data: { kind: 'builtin', id: datasetId }, ...(!fits && replacement ? { model: { kind: 'builtin', id: replacement.card.id } } : {}) });
      },
      choosePreprocessing: (pre: PreprocessingChoice | null) => dispatch({ type: 'request', pre }),
      scoreImages: (evaluation: Evaluation, images: ImageSet) => {
        const client = engine.current?.client;
        if (!client) return Promise.reject(new Error('The inference worker is not running.'));
        return client.scoreImages(evaluation.model.key, images, evaluation.preprocessing, evaluation.runtime.backend);
      },
      inference: () => engine.current?.client ?? null,
    }),
    [],
  );

  return { state, dispatch, dropFiles, ...actions };
}

/**
 * The dashboard's state, in one place: what was asked for, what is shown, what is running, what went wrong.
 * A failed or cancelled run never clears `evaluation`: the last good results stay on screen.
 */
import { EMPTY_REVIEW, type Review } from '../core/labelIssues/review';
import type { PreprocessingChoice } from '../core/preprocessChoice';
import type { Backend } from '../inference/protocol';
import type { DataRequest, EvaluationRequest, ModelRequest } from './request';

import type { Evaluation, Progress } from './evaluation';

export type { BackendAgreement, DataEntry, Evaluation, ModelEntry, Origin, Progress } from './evaluation';

export type Phase = 'loading' | 'running' | 'done' | 'error';
/** Which labels the headline, matrix and per-class table count against: the test set's, or the reviewed ones. */
export type Truth = 'given' | 'corrected';
export type AnalysisTab = 'per-class' | 'mistakes' | 'confidence' | 'compare' | 'labels' | 'stress' | 'map';
export const ANALYSIS_TABS: readonly AnalysisTab[] = ['per-class', 'mistakes', 'confidence', 'compare', 'labels', 'stress', 'map'];

/** The second model of the comparison view and its evaluation on the same test set. */
export interface ComparisonState {
  /** Null means the default: another built-in model for the test set (the CNN next to the seed's model). */
  readonly model: ModelRequest | null;
  readonly phase: 'idle' | 'running' | 'done' | 'error';
  readonly evaluation: Evaluation | null;
  readonly error: string | null;
}
export type MatrixView = 'counts' | 'errors';

/** Files from a drop that wait for their partner (images without labels, or the reverse). */
export interface PendingFiles {
  readonly images: File | null;
  readonly labels: File | null;
}

export interface DashboardState {
  /**
   * What the controls and the address bar show: the last request, or after a failure the request of the
   * results on screen. `evaluation.request` is what those results answer.
   */
  readonly request: EvaluationRequest;
  /** The request the controller runs (kept after a failure, for "Try again"). */
  readonly attempt: EvaluationRequest;
  /** Bumped by every new request and retry: the controller runs `attempt` when it changes. */
  readonly run: number;
  readonly phase: Phase;
  readonly progress: Progress | null;
  readonly error: string | null;
  readonly evaluation: Evaluation | null;
  readonly matrixView: MatrixView;
  readonly seed: number;
  readonly pending: PendingFiles;
  /** Things to tell the user that are not failures: URL parameters ignored, dropped files skipped. */
  readonly notices: readonly string[];
  /** The confusion-matrix cell whose samples the gallery shows. */
  readonly cell: { readonly t: number; readonly p: number } | null;
  /** The test image whose class probabilities the inspector shows. */
  readonly sample: number | null;
  readonly tab: AnalysisTab;
  readonly comparison: ComparisonState;
  /** The user's review of suspect labels (Suspect labels tab), and whether the views count it. */
  readonly review: Review;
  readonly truth: Truth;
}

export type Action =
  | { readonly type: 'request'; readonly model?: ModelRequest; readonly data?: DataRequest; readonly pre?: PreprocessingChoice | null; readonly backend?: Backend }
  | { readonly type: 'retry' }
  | { readonly type: 'progress'; readonly phase: 'loading' | 'running'; readonly progress: Progress }
  | { readonly type: 'evaluated'; readonly evaluation: Evaluation }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'pending'; readonly pending: PendingFiles }
  | { readonly type: 'notices'; readonly notices: readonly string[] }
  | { readonly type: 'matrixView'; readonly view: MatrixView }
  | { readonly type: 'cell'; readonly cell: { readonly t: number; readonly p: number } | null }
  | { readonly type: 'sample'; readonly sample: number | null }
  | { readonly type: 'tab'; readonly tab: AnalysisTab }
  | { readonly type: 'compareWith'; readonly model: ModelRequest | null }
  | { readonly type: 'comparing' }
  /** `base` and `model` say what the result answers: a result for an older evaluation or model is dropped. */
  | { readonly type: 'compared'; readonly evaluation: Evaluation; readonly base: Evaluation; readonly model: ModelRequest | null }
  | { readonly type: 'compareFailed'; readonly message: string; readonly base: Evaluation; readonly model: ModelRequest | null }
  | { readonly type: 'seed'; readonly seed: number }
  | { readonly type: 'review'; readonly review: Review; readonly truth?: Truth }
  | { readonly type: 'truth'; readonly truth: Truth };

export interface InitialView {
  readonly seed: number;
  readonly matrixView: MatrixView;
  readonly notices: readonly string[];
  readonly cell: DashboardState['cell'];
  readonly sample: number | null;
  readonly tab: AnalysisTab;
  readonly compareWith: ModelRequest | null;
  readonly review?: Review;
  readonly truth?: Truth;
}

export const initialState = (request: EvaluationRequest, view: InitialView): DashboardState => ({
  request,
  attempt: request,
  run: 0,
  phase: 'loading',
  progress: null,
  error: null,
  evaluation: null,
  matrixView: view.matrixView,
  seed: view.seed,
  pending: { images: null, labels: null },
  notices: view.notices,
  cell: view.cell,
  sample: view.sample,
  tab: view.tab,
  comparison: { model: view.compareWith, phase: 'idle', evaluation: null, error: null },
  review: view.review ?? EMPTY_REVIEW,
  truth: view.truth ?? 'given',
});

export function reduce(state: DashboardState, action: Action): DashboardState {
  switch (action.type) {
    case 'request': {
      const model = action.model ?? state.request.model;
      // A new model brings its own default preprocessing unless one is asked for with it.
      const pre = action.pre !== undefined ? action.pre : action.model ? null : state.request.pre;
      const data = action.data ?? state.request.data;
      const pending = action.data ? { images: null, labels: null } : state.pending;
      const request = { model, data, pre, backend: action.backend ?? state.request.backend };
      return { ...state, request, attempt: request, run: state.run + 1, pending, phase: 'loading', progress: null, error: null, notices: [] };
    }
    case 'retry':
      return { ...state, request: state.attempt, run: state.run + 1, phase: 'loading', progress: null, error: null };
    case 'progress':
      return { ...state, phase: action.phase, progress: action.progress, error: null };
    case 'evaluated': {
      // A cell or sample that this evaluation does not have (fewer classes or images) is let go.
      const { classes, count } = action.evaluation.predictions;
      const cell = state.cell && state.cell.t < classes && state.cell.p < classes ? state.cell : null;
      const sample = state.sample !== null && state.sample < count ? state.sample : null;
      // The comparison belonged to the previous evaluation; it is made again when next shown.
      const comparison: ComparisonState = { ...state.comparison, phase: 'idle', evaluation: null, error: null };
      // A review of suspect labels belongs to its test set: another test set starts without one.
      const sameData = !state.evaluation || state.evaluation.data.key === action.evaluation.data.key;
      const review = sameData ? { review: state.review, truth: state.truth } : { review: EMPTY_REVIEW, truth: 'given' as const };
      return { ...state, phase: 'done', progress: null, error: null, evaluation: action.evaluation, cell, sample, comparison, ...review };
    }
    case 'failed':
      // Back to what is on screen, so the address bar and the controls describe the results shown.
      return { ...state, phase: 'error', progress: null, error: action.message, request: state.evaluation?.request ?? state.request };
    case 'pending':
      return { ...state, pending: action.pending };
    case 'notices':
      return { ...state, notices: action.notices };
    case 'matrixView':
      return { ...state, matrixView: action.view };
    case 'cell':
      return { ...state, cell: action.cell };
    case 'sample':
      return { ...state, sample: action.sample };
    case 'tab':
      return { ...state, tab: action.tab };
    case 'compareWith':
      return { ...state, comparison: { model: action.model, phase: 'idle', evaluation: null, error: null } };
    case 'comparing':
      return { ...state, comparison: { ...state.comparison, phase: 'running', error: null } };
    case 'compared':
      if (action.base !== state.evaluation || action.model !== state.comparison.model) return state;
      return { ...state, comparison: { ...state.comparison, phase: 'done', evaluation: action.evaluation, error: null } };
    case 'compareFailed':
      if (action.base !== state.evaluation || action.model !== state.comparison.model) return state;
      return { ...state, comparison: { ...state.comparison, phase: 'error', error: action.message } };
    case 'seed':
      return { ...state, seed: action.seed };
    case 'review':
      return { ...state, review: action.review, truth: action.truth ?? state.truth };
    case 'truth':
      return { ...state, truth: action.truth };
  }
}

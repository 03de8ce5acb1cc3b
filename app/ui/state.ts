/**
 * The dashboard's state, in one place: what was asked for, what is shown, what is running, what went wrong.
 * A failed or cancelled run never clears `evaluation`: the last good results stay on screen.
 */
import type { Calibration } from '../core/calibration';
import type { ConfusionMatrix } from '../core/metrics/confusion';
import type { Preprocessing } from '../core/preprocess';
import type { PreprocessingChoice } from '../core/preprocessChoice';
import type { TestSet } from '../core/testSet';
import type { Predictions } from '../core/types';
import type { RuntimeInfo } from '../inference/protocol';
import type { DataEntry, ModelEntry } from './pipeline';
import type { DataRequest, EvaluationRequest, ModelRequest } from './request';

export interface Evaluation {
  /** The request these results answer. */
  readonly request: EvaluationRequest;
  readonly model: ModelEntry;
  readonly data: DataEntry;
  readonly modelName: string;
  readonly datasetName: string;
  readonly classNames: readonly string[];
  /** The preprocessing used; with `auto`, the one calibration chose. */
  readonly preprocessing: Preprocessing;
  readonly preChoice: PreprocessingChoice;
  readonly calibration: Calibration | null;
  readonly testSet: TestSet;
  readonly predictions: Predictions;
  readonly matrix: ConfusionMatrix;
  readonly timings: {
    readonly sessionMs: number;
    readonly inferenceMs: number;
    /** From the request (a drop, a choice, opening the page) to results on screen, loading included. */
    readonly requestToDoneMs: number;
    /** From navigation start to results on screen. */
    readonly openToDoneMs: number;
  };
  readonly runtime: RuntimeInfo;
  /** Things the user should know about these results (not errors). */
  readonly notes: readonly string[];
}

export type Phase = 'loading' | 'running' | 'done' | 'error';
export type MatrixView = 'counts' | 'errors';

export interface Progress {
  readonly label: string;
  readonly done: number;
  /** Null while the total is unknown (a download without Content-Length). */
  readonly total: number | null;
  readonly unit: 'bytes' | 'images' | 'steps';
}

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
}

export type Action =
  | { readonly type: 'request'; readonly model?: ModelRequest; readonly data?: DataRequest; readonly pre?: PreprocessingChoice | null }
  | { readonly type: 'retry' }
  | { readonly type: 'progress'; readonly phase: 'loading' | 'running'; readonly progress: Progress }
  | { readonly type: 'evaluated'; readonly evaluation: Evaluation }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'pending'; readonly pending: PendingFiles }
  | { readonly type: 'notices'; readonly notices: readonly string[] }
  | { readonly type: 'matrixView'; readonly view: MatrixView }
  | { readonly type: 'seed'; readonly seed: number };

export const initialState = (request: EvaluationRequest, seed: number, matrixView: MatrixView, notices: readonly string[]): DashboardState => ({
  request,
  attempt: request,
  run: 0,
  phase: 'loading',
  progress: null,
  error: null,
  evaluation: null,
  matrixView,
  seed,
  pending: { images: null, labels: null },
  notices,
});

export function reduce(state: DashboardState, action: Action): DashboardState {
  switch (action.type) {
    case 'request': {
      const model = action.model ?? state.request.model;
      // A new model brings its own default preprocessing unless one is asked for with it.
      const pre = action.pre !== undefined ? action.pre : action.model ? null : state.request.pre;
      const data = action.data ?? state.request.data;
      const pending = action.data ? { images: null, labels: null } : state.pending;
      const request = { model, data, pre };
      return { ...state, request, attempt: request, run: state.run + 1, pending, phase: 'loading', progress: null, error: null, notices: [] };
    }
    case 'retry':
      return { ...state, request: state.attempt, run: state.run + 1, phase: 'loading', progress: null, error: null };
    case 'progress':
      return { ...state, phase: action.phase, progress: action.progress, error: null };
    case 'evaluated':
      return { ...state, phase: 'done', progress: null, error: null, evaluation: action.evaluation };
    case 'failed':
      // Back to what is on screen, so the address bar and the controls describe the results shown.
      return { ...state, phase: 'error', progress: null, error: action.message, request: state.evaluation?.request ?? state.request };
    case 'pending':
      return { ...state, pending: action.pending };
    case 'notices':
      return { ...state, notices: action.notices };
    case 'matrixView':
      return { ...state, matrixView: action.view };
    case 'seed':
      return { ...state, seed: action.seed };
  }
}

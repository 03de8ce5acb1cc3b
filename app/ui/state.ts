/**
 * The dashboard's state, in one place: what is shown, what is running, what went wrong.
 * A failed or cancelled run never clears `evaluation`: the last good results stay on screen.
 */
import type { ConfusionMatrix } from '../core/metrics/confusion';
import type { TestSet } from '../core/testSet';
import type { Predictions } from '../core/types';
import type { RuntimeInfo } from '../inference/protocol';

export interface Evaluation {
  readonly modelName: string;
  readonly datasetName: string;
  readonly classNames: readonly string[];
  readonly preprocessing: string;
  readonly testSet: TestSet;
  readonly predictions: Predictions;
  readonly matrix: ConfusionMatrix;
  readonly timings: {
    readonly sessionMs: number;
    readonly inferenceMs: number;
    /** From navigation start to results on screen. */
    readonly openToDoneMs: number;
  };
  readonly runtime: RuntimeInfo;
}

export type Phase = 'loading' | 'running' | 'done' | 'error';
export type MatrixView = 'counts' | 'errors';

export interface Progress {
  readonly label: string;
  readonly done: number;
  /** Null while the total is unknown (a download without Content-Length). */
  readonly total: number | null;
  readonly unit: 'bytes' | 'images';
}

export interface DashboardState {
  readonly phase: Phase;
  readonly progress: Progress | null;
  readonly error: string | null;
  readonly evaluation: Evaluation | null;
  readonly matrixView: MatrixView;
  readonly seed: number;
}

export type Action =
  | { readonly type: 'progress'; readonly phase: 'loading' | 'running'; readonly progress: Progress }
  | { readonly type: 'evaluated'; readonly evaluation: Evaluation }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'matrixView'; readonly view: MatrixView }
  | { readonly type: 'seed'; readonly seed: number };

export const initialState = (seed: number): DashboardState => ({
  phase: 'loading',
  progress: null,
  error: null,
  evaluation: null,
  matrixView: 'counts',
  seed,
});

export function reduce(state: DashboardState, action: Action): DashboardState {
  switch (action.type) {
    case 'progress':
      return { ...state, phase: action.phase, progress: action.progress, error: null };
    case 'evaluated':
      return { ...state, phase: 'done', progress: null, error: null, evaluation: action.evaluation };
    case 'failed':
      return { ...state, phase: 'error', progress: null, error: action.message };
    case 'matrixView':
      return { ...state, matrixView: action.view };
    case 'seed':
      return { ...state, seed: action.seed };
  }
}

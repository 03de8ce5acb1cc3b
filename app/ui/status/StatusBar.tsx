import { bytes as formatBytes, count as formatCount } from '../charts/format';
import { BACKEND_NAMES } from '../../inference/protocol';
import type { DashboardState } from '../state';
import { splitErrorDetails } from './errorDetails';

interface Props {
  readonly state: DashboardState;
  readonly onCancel: () => void;
  readonly onRetry: () => void;
}

/** The explanation, then onnxruntime's own words under a "details" disclosure (errorDetails.ts). */
function ErrorText({ message }: { message: string }) {
  const { summary, details } = splitErrorDetails(message);
  return (
    <>
      {summary}
      {details && (
        <details className="error-details" data-testid="error-details">
          <summary>details</summary>
          <code>{details}</code>
        </details>
      )}
    </>
  );
}

const formatMs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** What the page is doing now: progress while loading and running, timings when done, the error when failed. */
export function StatusBar({ state, onCancel, onRetry }: Props) {
  const { phase, progress, error, evaluation } = state;
  const busy = phase === 'loading' || phase === 'running';
  const fraction = progress?.total ? Math.min(1, progress.done / progress.total) : null;
  const count =
    progress &&
    (progress.unit === 'bytes'
      ? `${formatBytes(progress.done)}${progress.total ? ` of ${formatBytes(progress.total)}` : ''}`
      : `${formatCount(progress.done)} of ${formatCount(progress.total ?? 0)} images${progress.correct !== undefined && progress.done > 0 ? ` · ${((progress.correct / progress.done) * 100).toFixed(1)}% correct so far` : ''}`);

  return (
    <div className={`status status--${phase}`} data-testid="eval-status" data-state={phase} data-run={state.run} data-inference-ms={evaluation?.timings.inferenceMs.toFixed(1)} data-session-ms={evaluation?.timings.sessionMs.toFixed(1)} role="status" aria-live="polite">
      {busy && (
        <>
          <span className="status-text">
            {progress?.label ?? 'Starting'}… {count && <span className="status-count">{count}</span>}
          </span>
          <progress className="status-progress" max={1} value={fraction ?? undefined} aria-label={progress?.label ?? 'Progress'} />
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        </>
      )}
      {phase === 'done' && evaluation && (
        <span className="status-text">
          <span className="status-dot" aria-hidden="true" />
          {evaluation.timings.savedAt === undefined ? (
            <>Evaluated {formatCount(evaluation.data.images.count)} images in {formatMs(evaluation.timings.inferenceMs)} in your browser ·{' '}</>
          ) : (
            <>Results of {formatCount(evaluation.data.images.count)} images saved by an earlier visit (computed in {formatMs(evaluation.timings.inferenceMs)}) ·{' '}</>
          )}
          {state.run === 0 ? (
            <>
              results{' '}
              <span data-testid="open-to-done" data-ms={Math.round(evaluation.timings.openToDoneMs)}>
                {formatMs(evaluation.timings.openToDoneMs)}
              </span>{' '}
              after opening
            </>
          ) : (
            <>{formatMs(evaluation.timings.requestToDoneMs)} from request to results</>
          )}{' '}
          · {BACKEND_NAMES[evaluation.runtime.backend]}
          {evaluation.runtime.backend === 'wasm' ? `, ${evaluation.runtime.threads} thread${evaluation.runtime.threads === 1 ? '' : 's'}` : ''} · onnxruntime-web {evaluation.runtime.ortVersion}
        </span>
      )}
      {phase === 'error' && (
        <>
          <span className="status-text status-error" data-testid="error" data-message={error ?? ''} role="alert">
            <ErrorText message={error ?? ''} />
            {evaluation && <span className="status-note"> The results below are from the last evaluation that succeeded.</span>}
          </span>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </div>
  );
}

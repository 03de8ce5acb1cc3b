/**
 * Progress reports reach the page far more often than anyone can read them (every batch, every downloaded
 * chunk), and each one re-renders the page while the worker's threads want both cores. A new step (phase or
 * label) is shown at once; further counts within a step at most every `intervalMs`, the latest one last.
 */
import type { Progress } from './state';

export type Phase = 'loading' | 'running';
export type ProgressSink = (phase: Phase, progress: Progress) => void;

export interface ThrottledProgress {
  readonly report: ProgressSink;
  /** Drops a report still waiting (the run ended: a late count must not overwrite its outcome). */
  readonly cancel: () => void;
}

export function throttleProgress(sink: ProgressSink, intervalMs = 100): ThrottledProgress {
  let step = '';
  let last = -Infinity;
  let waiting: { phase: Phase; progress: Progress } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    timer = null;
    if (!waiting) return;
    const { phase, progress } = waiting;
    waiting = null;
    last = performance.now();
    sink(phase, progress);
  };
  const report: ProgressSink = (phase, progress) => {
    const key = `${phase}\u0000${progress.label}`;
    const now = performance.now();
    if (key !== step || now - last >= intervalMs) {
      step = key;
      waiting = { phase, progress };
      if (timer !== null) clearTimeout(timer);
      flush();
      return;
    }
    waiting = { phase, progress };
    timer ??= setTimeout(flush, intervalMs - (now - last));
  };
  return {
    report,
    cancel: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      waiting = null;
    },
  };
}

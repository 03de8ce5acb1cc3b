/// <reference lib="webworker" />
/**
 * The projection worker: PCA and UMAP over a model's features (app/core/embedding/project.ts), reporting progress
 * between epochs. One job per worker: the page terminates it to cancel.
 */
import { project } from '../core/embedding/project';
import type { FromProjectionWorker, ProjectRequest } from './projection';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromProjectionWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<ProjectRequest>) => {
  const { features, n, d, seed } = event.data;
  const started = performance.now();
  try {
    const steps = project(features, n, d, { seed });
    for (;;) {
      const next = steps.next();
      if (next.done) {
        const { indices, coordinates, dimensions, explained } = next.value;
        post({ type: 'result', indices, coordinates, dimensions, explained, ms: performance.now() - started }, [indices.buffer, coordinates.buffer]);
        return;
      }
      post({ type: 'progress', ...next.value });
    }
  } catch (e) {
    post({ type: 'error', message: `The map could not be computed: ${e instanceof Error ? e.message : String(e)}` });
  }
};

/**
 * The page's side of the projection worker: one worker per map, terminated when done or cancelled (UMAP has no
 * other way to stop mid-epoch).
 */
import type { Projection, ProjectionProgress } from '../core/embedding/project';
import type { FromProjectionWorker, ProjectRequest } from './projection';

export interface ProjectionJob {
  readonly result: Promise<Projection & { readonly ms: number }>;
  readonly cancel: () => void;
}

export class ProjectionCancelled extends Error {
  constructor() {
    super('The map was cancelled.');
  }
}

/** Projects n×d features to 2-D in a worker; `features` is transferred (unusable here afterwards). */
export function startProjection(features: Float32Array, n: number, d: number, seed: number, onProgress: (p: ProjectionProgress) => void): ProjectionJob {
  const worker = new Worker(new URL('./project.worker.ts', import.meta.url), { type: 'module', name: 'projection' });
  let settle: ((error: Error) => void) | null = null;
  const result = new Promise<Projection & { readonly ms: number }>((resolve, reject) => {
    settle = (error) => {
      worker.terminate();
      reject(error);
    };
    worker.onmessage = (event: MessageEvent<FromProjectionWorker>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message);
      else if (message.type === 'error') settle?.(new Error(message.message));
      else {
        worker.terminate();
        resolve(message);
      }
    };
    worker.onerror = (event) => settle?.(new Error(`The map's worker failed: ${event.message || 'unknown error'}`));
  });
  const request: ProjectRequest = { type: 'project', features, n, d, seed };
  worker.postMessage(request, [features.buffer]);
  return { result, cancel: () => settle?.(new ProjectionCancelled()) };
}

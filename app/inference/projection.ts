/**
 * Messages between the page and the projection worker (project.worker.ts), which lays a model's features out in
 * 2-D for the map (app/core/embedding/project.ts) off the main thread. Buffers are transferred.
 */
import type { ProjectionStage } from '../core/embedding/project';

export interface ProjectRequest {
  readonly type: 'project';
  /** n×d row-major. */
  readonly features: Float32Array;
  readonly n: number;
  readonly d: number;
  readonly seed: number;
}

export type FromProjectionWorker =
  | { readonly type: 'progress'; readonly stage: ProjectionStage; readonly done: number; readonly total: number }
  | {
      readonly type: 'result';
      readonly indices: Uint32Array;
      readonly coordinates: Float32Array;
      readonly dimensions: number;
      readonly explained: number;
      /** Time spent in the worker, ms. */
      readonly ms: number;
    }
  | { readonly type: 'error'; readonly message: string };

/**
 * Messages between the page and the inference worker. Plain data only: buffers are transferred,
 * never shared, so neither side can see the other's memory change under it.
 */
import type { InputLayout } from '../core/modelCard';
import type { Preprocessing } from '../core/preprocess';

export interface RuntimeConfig {
  /** Absolute URL of the folder holding onnxruntime-web's .mjs/.wasm files (served by our own site). */
  readonly wasmPaths: string;
  readonly numThreads: number;
}

export interface ModelSpec {
  /** Identifies the bytes; the worker keeps one session per key. */
  readonly key: string;
  readonly bytes: ArrayBuffer;
  readonly inputName: string;
  readonly layout: InputLayout;
  readonly scoresOutput: string;
}

export type ToWorker =
  | { readonly type: 'prepare'; readonly runtime: RuntimeConfig; readonly model: ModelSpec }
  | {
      readonly type: 'evaluate';
      readonly id: number;
      readonly runtime: RuntimeConfig;
      readonly modelKey: string;
      /** All images' pixels, image after image (a copy; transferred). */
      readonly pixels: Uint8Array;
      readonly count: number;
      readonly rows: number;
      readonly cols: number;
      readonly preprocessing: Preprocessing;
      readonly batchSize: number;
    };

export interface RuntimeInfo {
  readonly backend: 'wasm';
  readonly threads: number;
  readonly ortVersion: string;
}

export type FromWorker =
  | { readonly type: 'progress'; readonly id: number; readonly done: number; readonly total: number }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly scores: Float32Array;
      readonly classes: number;
      /** Session creation this evaluation waited for, ms (0 when the session was already made). */
      readonly sessionMs: number;
      readonly inferenceMs: number;
      readonly runtime: RuntimeInfo;
    }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/**
 * Messages between the page and the inference worker. Plain data only: buffers are transferred, except a test
 * set's pixels when the page is cross-origin isolated, which live in a SharedArrayBuffer both sides read and
 * nobody writes after decoding (pipeline.ts), so neither side can see memory change under it.
 */
import type { Feed } from '../core/onnx/feed';
import type { Preprocessing } from '../core/preprocess';
import type { ImageSet } from '../core/types';

/** onnxruntime-web execution backends the page can use. WebAssembly is the default and the fallback. */
export type Backend = 'wasm' | 'webgl' | 'webgpu';

export const BACKEND_NAMES: Readonly<Record<Backend, string>> = { wasm: 'WebAssembly', webgl: 'WebGL', webgpu: 'WebGPU' };

export interface RuntimeConfig {
  /** Absolute URL of the folder holding onnxruntime-web's .mjs/.wasm files (served by our own site). */
  readonly wasmPaths: string;
  readonly numThreads: number;
  /**
   * onnxruntime's `.wasm` is compiled as soon as the worker starts, not when onnxruntime's loader asks for it, or comes
   * compiled with `warmup` (runtimeModule.ts).
   */
  readonly precompiled: boolean;
}

export interface ExternalDataFile {
  /** The location the model names for it (e.g. `model.onnx.data`). */
  readonly path: string;
  readonly bytes: ArrayBuffer;
}

export interface ModelSpec {
  /** Identifies the bytes; the worker keeps one session per key. */
  readonly key: string;
  readonly bytes: ArrayBuffer;
  readonly externalData: readonly ExternalDataFile[];
  /** How to feed it: decided from the model by app/core/onnx/feed.ts. */
  readonly feed: Feed;
}

export interface EvaluateRequest {
  readonly type: 'evaluate';
  readonly id: number;
  readonly runtime: RuntimeConfig;
  readonly modelKey: string;
  readonly backend: Backend;
  /** The test set, sent before in an `images` message. */
  readonly imagesKey: string;
  readonly preprocessing: Preprocessing;
  /** When the page sent the request (performance.timeOrigin + performance.now(), comparable across the two). */
  readonly sentAt: number;
  /** Images per run when the model's batch is free. */
  readonly batchSize: number;
  /** An extra output to return for every image, flattened (the features of app/core/onnx/penultimate.ts). */
  readonly featuresOutput?: string;
}

export type ToWorker =
  /** Sent first: start onnxruntime's WebAssembly (download, compile, threads) before any model is known. */
  | {
      readonly type: 'warmup';
      readonly runtime: RuntimeConfig;
      /** onnxruntime's `.wasm` as an earlier worker of this page compiled it, or null (this worker compiles it). */
      readonly module: WebAssembly.Module | null;
    }
  /** `lazy`: keep the model, but make its session only when an evaluation asks for it (a recycled worker's models). */
  | { readonly type: 'prepare'; readonly runtime: RuntimeConfig; readonly model: ModelSpec; readonly lazy?: boolean }
  | { readonly type: 'release'; readonly modelKey: string }
  /**
   * A test set's pixels (shared, or a transferred copy), kept by the worker for every evaluation on it until
   * forgotten. `available`: images decompressed so far; a shared test set may still be filling in, and
   * `imagesDecoded` messages follow until all `count` are there (or the file turns out damaged).
   */
  | { readonly type: 'images'; readonly key: string; readonly images: ImageSet; readonly available: number }
  | { readonly type: 'imagesDecoded'; readonly key: string; readonly available: number; readonly failure?: string }
  | { readonly type: 'forgetImages'; readonly key: string }
  | EvaluateRequest
  /** Hold the Web Lock `name` for the worker's whole life, so that the page notices its end (lifeLock.ts). */
  | { readonly type: 'holdLifeLock'; readonly name: string }
  /** Test hooks (workerHost.ts, only when the page runs under test): die as a crashing worker does; lose WebGL. */
  | { readonly type: 'testCrash' }
  | { readonly type: 'testLoseWebGL' };

export interface RuntimeInfo {
  readonly backend: Backend;
  readonly threads: number;
  readonly ortVersion: string;
}

/**
 * Sent after every evaluation and release: the worker's WebAssembly heap (which never shrinks) and whether
 * onnxruntime is unusable in it (a wasm abort, a lost WebGL context), for workerHost.ts to decide on a fresh one.
 */
export interface WorkerHealth {
  readonly type: 'health';
  readonly wasmHeapBytes: number | null;
  readonly broken: string | null;
}

/** The worker holds its life lock (lifeLock.ts): the page may wait for it now. */
export interface LifeLockHeld {
  readonly type: 'lifeLockHeld';
}

/** onnxruntime's `.wasm` as this worker compiled it: the page keeps it for the workers that replace this one. */
export interface RuntimeModule {
  readonly type: 'runtimeModule';
  readonly module: WebAssembly.Module;
}

export type FromWorker =
  | WorkerHealth
  | LifeLockHeld
  | RuntimeModule
  | {
      readonly type: 'progress';
      readonly id: number;
      readonly done: number;
      readonly total: number;
      /** The arg-max class of images [from, done): lets the page show results filling in while the rest runs. */
      readonly from: number;
      readonly predicted: Uint16Array;
    }
  | {
      readonly type: 'result';
      readonly id: number;
      readonly scores: Float32Array;
      readonly classes: number;
      /** With `featuresOutput`: `count`×`featureDims` float32. */
      readonly features?: Float32Array;
      readonly featureDims?: number;
      /** From the request to the start of inference, ms: the wait for the model's session (about 0 once it exists). */
      readonly sessionMs: number;
      readonly inferenceMs: number;
      readonly runtime: RuntimeInfo;
    }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly message: string;
      /** True when the backend itself is missing or refused the model: the caller may fall back to WebAssembly. */
      readonly backendFailure: boolean;
    };

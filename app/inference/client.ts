/**
 * The page's side of the inference worker: an async API with progress and cancellation.
 * Cancelling terminates the worker (the only way to stop a running onnxruntime call) and starts a fresh one.
 */
import type { Preprocessing } from '../core/preprocess';
import { isShared } from '../io/sharedMemory';
import type { ImageSet } from '../core/types';
import type { Backend, FromWorker, ModelSpec, RuntimeConfig, RuntimeInfo, ToWorker } from './protocol';

export interface EvaluationOutput {
  readonly scores: Float32Array;
  readonly classes: number;
  readonly sessionMs: number;
  readonly inferenceMs: number;
  readonly runtime: RuntimeInfo;
}

/** The chosen backend is missing or refused the model; WebAssembly may still run it. */
export class BackendUnavailable extends Error {}

/** Progress of an evaluation, with the predictions of the images done since the last call. */
export type ProgressListener = (done: number, total: number, chunk: { readonly from: number; readonly predicted: Uint16Array }) => void;

export class EvaluationCancelled extends Error {
  constructor() {
    super('The evaluation was cancelled.');
  }
}

type Pending = {
  readonly resolve: (output: EvaluationOutput) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress: ProgressListener;
};

/** Images per `session.run`: large enough to amortise the call, small enough for smooth progress. */
const BATCH_SIZE = 1000;

/**
 * A test set still being decompressed into shared memory: inference can start on the first images meanwhile.
 * `onAvailable` listeners hear how many images are ready as that grows; `done` settles when the file is complete.
 */
export interface DecodingImages {
  readonly available: () => number;
  readonly onAvailable: (listener: (available: number) => void) => void;
  readonly done: Promise<void>;
}

/** Test sets the worker keeps: the current one, the one before (going back is instant) and a calibration slice. */
const KEPT_IMAGE_SETS = 3;

/** The site's own copy of onnxruntime's wasm files (see vite.config.ts), resolved against the page. */
function runtimeConfig(): RuntimeConfig {
  const isolated = globalThis.crossOriginIsolated === true;
  return {
    wasmPaths: new URL('ort/', document.baseURI).href,
    // Threads need SharedArrayBuffer, which browsers only give cross-origin-isolated pages.
    numThreads: isolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1,
  };
}

export class InferenceClient {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly prepared = new Map<string, ModelSpec>();
  private nextId = 1;
  private readonly runtime = runtimeConfig();
  /** Keys for test sets by identity, and the ones the current worker holds (oldest first). */
  private readonly imageKeys = new WeakMap<ImageSet, string>();
  private nextImagesKey = 1;
  private sent: string[] = [];
  private readonly decoding = new WeakMap<ImageSet, DecodingImages>();

  constructor() {
    this.worker = this.startWorker();
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('./eval.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event) => this.failAll(new Error(`The inference worker failed: ${event.message || 'unknown error'}`));
    return worker;
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(message: FromWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress(message.done, message.total, { from: message.from, predicted: message.predicted });
        return;
      case 'result':
        this.pending.delete(message.id);
        pending.resolve(message);
        return;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(message.backendFailure ? new BackendUnavailable(message.message) : new Error(message.message));
    }
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  /** Starts creating the model's session now, so it overlaps with loading the test set. */
  prepare(model: ModelSpec): void {
    if (this.prepared.has(model.key)) return;
    this.prepared.set(model.key, model);
    this.sendPrepare(model);
  }

  private sendPrepare(model: ModelSpec): void {
    // The worker gets its own copies; ours stay usable for a restart after cancel.
    const copy: ModelSpec = {
      ...model,
      bytes: model.bytes.slice(0),
      externalData: model.externalData.map((f) => ({ path: f.path, bytes: f.bytes.slice(0) })),
    };
    this.send({ type: 'prepare', runtime: this.runtime, model: copy }, [copy.bytes, ...copy.externalData.map((f) => f.bytes)]);
  }

  /** Frees a model's session (and our copy of its bytes). */
  release(modelKey: string): void {
    if (!this.prepared.delete(modelKey)) return;
    this.send({ type: 'release', modelKey });
  }

  /** Keys of the models with a session (or one being made). */
  get preparedKeys(): string[] {
    return [...this.prepared.keys()];
  }

  evaluate(
    modelKey: string,
    images: ImageSet,
    preprocessing: Preprocessing,
    onProgress: ProgressListener,
    backend: Backend = 'wasm',
  ): Promise<EvaluationOutput> {
    const id = this.nextId++;
    const imagesKey = this.sendImages(images);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.send({ type: 'evaluate', id, runtime: this.runtime, modelKey, backend, imagesKey, preprocessing, batchSize: BATCH_SIZE, sentAt: performance.timeOrigin + performance.now() });
    });
  }

  /**
   * Hands the worker a test set ahead of its first evaluation (while the model's session is being made), with
   * its decompression still going on when `decoding` says so: the worker then waits for each batch's images.
   */
  preload(images: ImageSet, decoding: DecodingImages | null = null): void {
    if (decoding) this.decoding.set(images, decoding);
    this.sendImages(images);
  }

  /**
   * Gives the worker a test set's pixels once (shared memory when the page made them shareable, else a copy);
   * later evaluations on the same set (another preprocessing, model or backend, the comparison) refer to it by key.
   */
  private sendImages(images: ImageSet): string {
    let key = this.imageKeys.get(images);
    if (!key) {
      key = `images#${this.nextImagesKey++}`;
      this.imageKeys.set(images, key);
    }
    if (this.sent.includes(key)) {
      this.sent = [...this.sent.filter((k) => k !== key), key];
      return key;
    }
    const decoding = this.decoding.get(images);
    if (decoding && isShared(images.pixels.buffer)) {
      // Still filling in: the worker hears of each stretch decompressed (client and worker read the same memory).
      const worker = this.worker;
      const tell = (available: number, failure?: string): void => {
        if (this.worker === worker && this.sent.includes(key!)) this.send({ type: 'imagesDecoded', key: key!, available, ...(failure === undefined ? {} : { failure }) });
      };
      this.send({ type: 'images', key, images, available: decoding.available() });
      decoding.onAvailable((available) => tell(available));
      decoding.done.then(
        () => tell(images.count),
        (e: unknown) => tell(0, e instanceof Error ? e.message : String(e)),
      );
    } else if (isShared(images.pixels.buffer)) {
      // Shared memory (pipeline.ts): the worker reads the page's pixels, which nobody writes after decoding.
      this.send({ type: 'images', key, images, available: images.count });
    } else {
      const copy: ImageSet = { count: images.count, rows: images.rows, cols: images.cols, pixels: images.pixels.slice() };
      this.send({ type: 'images', key, images: copy, available: copy.count }, [copy.pixels.buffer]);
    }
    this.sent.push(key);
    while (this.sent.length > KEPT_IMAGE_SETS) this.send({ type: 'forgetImages', key: this.sent.shift()! });
    return key;
  }

  /**
   * Scores a few images (the drawing pad's) without touching the test sets the worker keeps: they travel under a
   * key of their own, forgotten once scored, so the test set and the comparison stay where they are.
   */
  async scoreImages(modelKey: string, images: ImageSet, preprocessing: Preprocessing, backend: Backend = 'wasm'): Promise<EvaluationOutput> {
    const key = `scratch#${this.nextImagesKey++}`;
    const copy: ImageSet = { count: images.count, rows: images.rows, cols: images.cols, pixels: images.pixels.slice() };
    this.send({ type: 'images', key, images: copy, available: copy.count }, [copy.pixels.buffer]);
    const id = this.nextId++;
    try {
      return await new Promise<EvaluationOutput>((resolve, reject) => {
        this.pending.set(id, { resolve, reject, onProgress: () => {} });
        this.send({ type: 'evaluate', id, runtime: this.runtime, modelKey, backend, imagesKey: key, preprocessing, batchSize: BATCH_SIZE, sentAt: performance.timeOrigin + performance.now() });
      });
    } finally {
      this.send({ type: 'forgetImages', key });
    }
  }

  /** Stops every running evaluation; their promises reject with EvaluationCancelled. */
  cancel(): void {
    this.worker.terminate();
    this.failAll(new EvaluationCancelled());
    this.worker = this.startWorker();
    this.sent = []; // the new worker holds no test set yet
    for (const model of this.prepared.values()) this.sendPrepare(model);
  }

  dispose(): void {
    this.worker.terminate();
    this.failAll(new EvaluationCancelled());
  }
}

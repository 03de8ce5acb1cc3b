/**
 * The page's side of the inference worker: an async API with progress and cancellation.
 * Cancelling terminates the worker (the only way to stop a running onnxruntime call) and starts a fresh one.
 */
import type { Preprocessing } from '../core/preprocess';
import { isShared } from '../io/sharedMemory';
import type { ImageSet } from '../core/types';
import { imageSetsToForget } from '../core/memoryBudget';
import type { Backend, ModelSpec, RuntimeConfig, RuntimeInfo, ToWorker } from './protocol';
import { canPrecompile } from './runtimeModule';
import { mark } from '../core/timeline';
import { WorkerHost, type RestartCause, type WorkerReply } from './workerHost';

export interface EvaluationOutput {
  readonly scores: Float32Array;
  readonly classes: number;
  /** Only when asked for with `featuresOutput`: `count`×`featureDims` float32. */
  readonly features?: Float32Array;
  readonly featureDims?: number;
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

/** The User Timing step marked when the page asks the worker for an evaluation (app/core/timeline.ts). */
export const RUN_REQUESTED = 'run-requested';

/**
 * A test set still being decompressed into shared memory: inference can start on the first images meanwhile.
 * `onAvailable` listeners hear how many images are ready as that grows; `done` settles when the file is complete.
 */
export interface DecodingImages {
  readonly available: () => number;
  readonly onAvailable: (listener: (available: number) => void) => void;
  readonly done: Promise<void>;
}

/** The site's own copy of onnxruntime's wasm files (see vite.config.ts), resolved against the page. */
function runtimeConfig(): RuntimeConfig {
  const isolated = globalThis.crossOriginIsolated === true;
  return {
    wasmPaths: new URL('ort/', document.baseURI).href,
    // Threads need SharedArrayBuffer, which browsers only give cross-origin-isolated pages.
    numThreads: isolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1,
    precompiled: canPrecompile(),
  };
}

export class InferenceClient {
  /** The worker's life (crashes, recycling): workerHost.ts. */
  private readonly host: WorkerHost;
  private readonly pending = new Map<number, Pending>();
  private readonly prepared = new Map<string, ModelSpec>();
  private nextId = 1;
  private readonly runtime = runtimeConfig();
  /** onnxruntime's `.wasm` as the first worker compiled it: a replacement worker downloads and compiles nothing. */
  private runtimeModule: WebAssembly.Module | null = null;
  /** Keys for test sets by identity, and the ones the current worker holds (oldest first). */
  private readonly imageKeys = new WeakMap<ImageSet, string>();
  private nextImagesKey = 1;
  private sent: string[] = [];
  private readonly sentBytes = new Map<string, number>();
  private readonly decoding = new WeakMap<ImageSet, DecodingImages>();

  /** `held`: the worker starts on the first evaluation or on begin() (WorkerHost), not now. */
  constructor(held = false) {
    this.host = new WorkerHost({
      receive: (message) => this.receive(message),
      died: (explanation) => this.failAll(new Error(explanation)),
      restarted: (cause) => this.restarted(cause),
      idle: () => this.pending.size === 0,
      compiled: (module) => (this.runtimeModule = module),
      modelBytes: () => [...this.prepared.values()].map((m) => m.bytes.byteLength + m.externalData.reduce((sum, f) => sum + f.bytes.byteLength, 0)),
    }, held);
    // Start onnxruntime's WebAssembly (download, compile, threads) before any model is known.
    this.send({ type: 'warmup', runtime: this.runtime, module: null });
  }

  /** Starts a held worker (a no-op once started): from then on sessions are made as models are prepared. */
  begin(): void {
    this.host.begin();
  }

  private send(message: ToWorker, transfer: Transferable[] = []): void {
    this.host.post(message, transfer);
  }

  /**
   * A new worker holds no test set and no model: it gets the models again (their sessions made at once after a
   * cancel, when the same run usually follows; when first used after a crash or a recycle, so that a model that
   * just exhausted the memory is not loaded again unasked) and the test sets with the next evaluation.
   */
  private restarted(cause: RestartCause): void {
    this.send({ type: 'warmup', runtime: this.runtime, module: this.runtimeModule });
    this.sent = [];
    this.sentBytes.clear();
    for (const model of this.prepared.values()) this.sendPrepare(model, cause !== 'cancel');
  }

  private receive(message: WorkerReply): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'progress':
        pending.onProgress(message.done, message.total, { from: message.from, predicted: message.predicted });
        return;
      case 'result':
        this.pending.delete(message.id);
        pending.resolve(message);
        break;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(message.backendFailure ? new BackendUnavailable(message.message) : new Error(message.message));
    }
    this.host.settled();
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

  private sendPrepare(model: ModelSpec, lazy = false): void {
    // The worker gets its own copies; ours stay usable for a restart after cancel.
    const copy: ModelSpec = {
      ...model,
      bytes: model.bytes.slice(0),
      externalData: model.externalData.map((f) => ({ path: f.path, bytes: f.bytes.slice(0) })),
    };
    this.send({ type: 'prepare', runtime: this.runtime, model: copy, lazy }, [copy.bytes, ...copy.externalData.map((f) => f.bytes)]);
  }

  /** The model prepared under `key` (the bytes the worker runs), for making a rewritten copy of it. */
  preparedModel(key: string): ModelSpec | undefined {
    return this.prepared.get(key);
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
    featuresOutput?: string,
  ): Promise<EvaluationOutput> {
    this.begin();
    const id = this.nextId++;
    const imagesKey = this.sendImages(images);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.send({
        type: 'evaluate',
        id,
        runtime: this.runtime,
        modelKey,
        backend,
        imagesKey,
        preprocessing,
        batchSize: BATCH_SIZE,
        sentAt: performance.timeOrigin + performance.now(),
        ...(featuresOutput === undefined ? {} : { featuresOutput }),
      });
      // With the session wait the worker reports, when inference could start (`npm run bench`, bench/pages.ts).
      mark(RUN_REQUESTED);
    });
  }

  /**
   * Evaluates images the worker forgets once done (the stress test's corrupted copies): they do not push the kept
   * test sets out. Their buffer is handed to the worker (transferred, unusable here after), unless it is shared.
   */
  evaluateOnce(modelKey: string, images: ImageSet, preprocessing: Preprocessing, onProgress: ProgressListener): Promise<EvaluationOutput> {
    this.begin();
    const id = this.nextId++;
    const key = `once#${id}`;
    this.send({ type: 'images', key, images, available: images.count }, isShared(images.pixels.buffer) ? [] : [images.pixels.buffer]);
    const generation = this.host.generation;
    const forget = () => this.host.generation === generation && this.send({ type: 'forgetImages', key });
    return new Promise<EvaluationOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.send({ type: 'evaluate', id, runtime: this.runtime, modelKey, backend: 'wasm', imagesKey: key, preprocessing, batchSize: BATCH_SIZE, sentAt: performance.timeOrigin + performance.now() });
    }).finally(forget);
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
      const generation = this.host.generation;
      const tell = (available: number, failure?: string): void => {
        if (this.host.generation === generation && this.sent.includes(key!)) this.send({ type: 'imagesDecoded', key: key!, available, ...(failure === undefined ? {} : { failure }) });
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
    this.sentBytes.set(key, images.pixels.byteLength);
    // Bounded by count and by bytes (core/memoryBudget.ts): the worker's copies (or references to shared pixels) go.
    for (const forget of imageSetsToForget(this.sent.map((k) => ({ key: k, bytes: this.sentBytes.get(k) ?? 0 })))) {
      this.sent = this.sent.filter((k) => k !== forget);
      this.sentBytes.delete(forget);
      this.send({ type: 'forgetImages', key: forget });
    }
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
    this.failAll(new EvaluationCancelled());
    this.host.restart('cancel');
  }

  dispose(): void {
    this.host.terminate();
    this.failAll(new EvaluationCancelled());
  }
}

let early: InferenceClient | null = null;

/**
 * Starts the inference worker, and with it onnxruntime's WebAssembly, as the page's first script runs (main.tsx),
 * before React renders; the dashboard takes this client over (takeEarlyClient). `held`: the worker is put off until
 * the first evaluation or begin(), for an opening that shows an earlier visit's saved results (main.tsx).
 */
export function startInferenceEarly(held = false): void {
  early ??= new InferenceClient(held);
}

/** The client started early, once (a second dashboard, or React's development double mount, makes its own). */
export function takeEarlyClient(): InferenceClient | null {
  const client = early;
  early = null;
  return client;
}

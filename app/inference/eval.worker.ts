/// <reference lib="webworker" />
/**
 * The inference worker: owns the onnxruntime-web sessions, preprocesses pixels batch by batch and
 * runs the model, so the page never blocks on inference. onnxruntime itself is loaded and started by
 * workerRuntime.ts.
 */
import { installWasmHeapProbe, wasmHeapBytes } from './wasmHeap';
import { fixBatch } from '../core/onnx/fixBatch';
import { pruneOutputs } from '../core/onnx/pruneOutputs';
import { argmaxRows } from '../core/predictions';
import type { ImageSet } from '../core/types';
import { batchFeeds, type TensorFactory } from './batchFeeds';
import type { Backend, EvaluateRequest, FromWorker, ModelSpec, ToWorker } from './protocol';
import { holdLifeLock, lifeLocksAvailable } from './lifeLock';
import { breaksWorker, explainRuntimeError } from './runtimeErrors';
import { mark } from '../core/timeline';
import { BackendFailure, configureRuntime, loadRuntime, warmUp, type Ort } from './workerRuntime';

declare const self: DedicatedWorkerGlobalScope;

// Before onnxruntime makes its heap (at its first session), so that the page can be told the heap's size.
installWasmHeapProbe();
/** Why onnxruntime cannot be used in this worker any more (a wasm abort, a lost WebGL context), or null. */
let broken: string | null = null;

/** WebGL needs a fixed batch: this many images per run, the last batch padded. */
const WEBGL_BATCH = 250;

type Session = import('onnxruntime-web').InferenceSession;

interface LoadedSession {
  readonly session: Promise<Session>;
  /** The batch the session's model is fixed to (the model's own, or WebGL's), null when free. */
  readonly fixedBatch: number | null;
}

const specs = new Map<string, ModelSpec>();
/**
 * Test sets' pixels, sent once by the page and kept for every evaluation on them (client.ts decides which).
 * A shared one may still be filling in: `available` images are decompressed, and batches wait for theirs.
 */
interface HeldImages {
  readonly images: ImageSet;
  available: number;
  failure: string | null;
  readonly waiting: (() => void)[];
}
const imageSets = new Map<string, HeldImages>();

/** Resolves once the first `needed` images of the set are decompressed; rejects if the file turned out damaged. */
async function imagesReady(held: HeldImages, needed: number): Promise<void> {
  while (held.available < needed) {
    if (held.failure !== null) throw new Error(held.failure);
    await new Promise<void>((wake) => held.waiting.push(wake));
  }
}

function imagesDecoded(key: string, available: number, failure: string | null): void {
  const held = imageSets.get(key);
  if (!held) return;
  held.available = Math.max(held.available, available);
  if (failure !== null) held.failure = failure;
  for (const wake of held.waiting.splice(0)) wake();
}
/** Progress goes to the page at most this often: a run quicker than this sends none (the page has nothing to redraw). */
const PROGRESS_EVERY_MS = 50;
/** A run reads waiting messages this often at least (between batches); a hop per batch cost a quick model a few ms. */
const YIELD_EVERY_MS = 16;

const sessions = new Map<string, LoadedSession>();

function session(modelKey: string, backend: Backend): LoadedSession {
  const key = `${modelKey}@${backend}`;
  const existing = sessions.get(key);
  if (existing) return existing;
  const spec = specs.get(modelKey);
  if (!spec) throw new Error(`Model ${modelKey} was not prepared.`);
  let bytes: Uint8Array = new Uint8Array(spec.bytes);
  let fixedBatch = spec.feed.fixedBatch;
  if (backend === 'webgl') {
    // WebGL refuses a model when any operator is missing, even one computing an output nobody reads
    // (our logistic regressions' ArgMax label): keep only the scores. And it needs a fixed batch.
    const pruned = pruneOutputs(bytes, [spec.feed.scoresOutput]);
    if (!pruned.ok) throw new BackendFailure(pruned.reason);
    bytes = pruned.value;
    if (fixedBatch === null) {
      const fixed = fixBatch(bytes, spec.feed.inputName, WEBGL_BATCH);
      if (!fixed.ok) throw new BackendFailure(fixed.reason);
      bytes = fixed.value;
      fixedBatch = WEBGL_BATCH;
    }
  }
  const created = loadRuntime(backend).then((ort) =>
    ort.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      externalData: spec.externalData.map((f) => ({ path: f.path, data: new Uint8Array(f.bytes) })),
    }),
  );
  created.catch(() => {}); // reported by the evaluation waiting for it
  const loaded: LoadedSession = { session: created, fixedBatch };
  sessions.set(key, loaded);
  return loaded;
}

/** The lost-context check onnxruntime's WebGL backend does not do: a lost context reads back zeros, not an error. */
function checkWebGL(ort: Ort): void {
  const gl = (ort.env.webgl as { context?: WebGLRenderingContext }).context;
  if (gl?.isContextLost()) {
    broken = 'the WebGL context was lost';
    throw new BackendFailure('the WebGL context was lost (the browser reclaimed it or the graphics driver was reset)');
  }
}

/** onnxruntime's failure in words a user understands; notes when onnxruntime is unusable afterwards. */
function runtimeFailure(e: unknown, stage: 'load' | 'run', backend: Backend, spec: ModelSpec): Error {
  const raw = e instanceof Error ? e.message : String(e);
  if (breaksWorker(raw)) broken = raw;
  const message = explainRuntimeError(e, stage, { modelBytes: spec.bytes.byteLength });
  return backend === 'wasm' || broken !== null ? new Error(message) : new BackendFailure(message);
}

function postHealth(): void {
  post({ type: 'health', wasmHeapBytes: wasmHeapBytes(), broken });
}

/**
 * Evaluations running per model, and models released meanwhile: since the worker reads messages between batches,
 * a release can arrive mid-run; it waits for the model's evaluations to end.
 */
const running = new Map<string, number>();
const releaseAfterRuns = new Set<string>();

function using(modelKey: string): () => void {
  running.set(modelKey, (running.get(modelKey) ?? 0) + 1);
  return () => {
    const left = running.get(modelKey)! - 1;
    if (left > 0) return void running.set(modelKey, left);
    running.delete(modelKey);
    if (releaseAfterRuns.delete(modelKey)) release(modelKey);
  };
}

/**
 * Lets messages waiting for the worker in between batches (a release, a test set, a test hook): without it, a run
 * is one long chain of promises and the worker reads no message until it ends. A MessageChannel hop, not
 * setTimeout, which browsers clamp to 4 ms.
 */
const betweenBatches = (() => {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return (): Promise<void> =>
    new Promise<void>((resume) => {
      waiting.push(resume);
      channel.port2.postMessage(null);
    });
})();

function release(modelKey: string): void {
  if (running.has(modelKey)) return void releaseAfterRuns.add(modelKey);
  specs.delete(modelKey);
  for (const [key, s] of sessions) {
    if (key.startsWith(`${modelKey}@`)) {
      sessions.delete(key);
      void s.session.then((x) => x.release()).catch(() => {});
    }
  }
}

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

async function evaluate(request: EvaluateRequest): Promise<void> {
  const spec = specs.get(request.modelKey);
  if (!spec) throw new Error(`Model ${request.modelKey} was not prepared.`);
  const { backend } = request;
  const loaded = session(request.modelKey, backend);
  let ort: Ort;
  let ready: Session;
  try {
    ort = await loadRuntime(backend);
    ready = await loaded.session;
  } catch (e) {
    if (e instanceof BackendFailure) throw e;
    throw runtimeFailure(e, 'load', backend, spec);
  }
  // From the page's request, not from this message's arrival: while the session is being made the worker is
  // often busy with it and the request waits in its queue, which is waiting for the session all the same.
  mark('session-ready');
  const sessionMs = Math.max(0, performance.timeOrigin + performance.now() - request.sentAt);

  const held = imageSets.get(request.imagesKey);
  if (!held) throw new Error(`The test set ${request.imagesKey} was not sent to the worker.`);
  const { images } = held;
  const { count } = images;
  const { feed } = spec;
  let scores: Float32Array | null = null;
  let classes = 0;
  const { featuresOutput } = request;
  let features: Float32Array | null = null;
  let featureDims = 0;
  let reported = 0;
  const started = performance.now();
  let postedAt = started;
  let yieldedAt = started;
  const tensor: TensorFactory<import('onnxruntime-web').Tensor> = (type, data, dims) => new ort.Tensor(type, data, dims);
  const batches = batchFeeds(tensor, feed, loaded.fixedBatch, images, request.preprocessing, request.batchSize);
  const step = loaded.fixedBatch ?? request.batchSize;
  for (let next = 0; ; next += step) {
    // A test set still being decompressed: this batch's images first (the generator reads them when pulled).
    if (held.available < Math.min(count, next + step)) await imagesReady(held, Math.min(count, next + step));
    if (performance.now() - yieldedAt >= YIELD_EVERY_MS) {
      await betweenBatches();
      yieldedAt = performance.now();
    }
    const pulled = batches.next();
    if (pulled.done) break;
    const batch = pulled.value;
    let output: Record<string, import('onnxruntime-web').Tensor>;
    if (backend === 'webgl') checkWebGL(ort);
    try {
      output = await ready.run({ [feed.inputName]: batch.input }, featuresOutput === undefined ? [feed.scoresOutput] : [feed.scoresOutput, featuresOutput]);
    } catch (e) {
      throw runtimeFailure(e, 'run', backend, spec);
    }
    if (backend === 'webgl') checkWebGL(ort);
    const out = output[feed.scoresOutput];
    if (!out || (out.type !== 'float32' && out.type !== 'float64') || out.dims.length !== 2 || out.dims[0] !== batch.runCount) {
      throw new Error(`Output "${feed.scoresOutput}" should be class scores shaped [batch, classes] but is ${out?.type ?? 'missing'} [${out?.dims.join(', ') ?? ''}].`);
    }
    if (scores === null) {
      classes = out.dims[1]!;
      scores = new Float32Array(count * classes);
    }
    const data = (await out.getData()) as Float32Array | Float64Array; // float64 scores are narrowed to float32 on copy; GPU outputs are downloaded
    const end = batch.start + batch.count;
    scores.set(batch.count === batch.runCount ? data : data.subarray(0, batch.count * classes), batch.start * classes);
    out.dispose();
    if (featuresOutput !== undefined) {
      const extra = output[featuresOutput];
      if (!extra || extra.type !== 'float32' || extra.dims[0] !== batch.runCount) throw new Error(`Output "${featuresOutput}" should be float32 features shaped [batch, …] but is ${extra?.type ?? 'missing'} [${extra?.dims.join(', ') ?? ''}].`);
      if (features === null) {
        featureDims = extra.dims.slice(1).reduce((a, b) => a * b, 1);
        features = new Float32Array(count * featureDims);
      }
      const values = (await extra.getData()) as Float32Array;
      features.set(values.subarray(0, batch.count * featureDims), batch.start * featureDims);
      extra.dispose();
    }
    // Progress every PROGRESS_EVERY_MS at most (and none at the end: the result follows at once). Each message
    // makes the page redraw its progress, which takes a core from onnxruntime's threads on a small machine.
    const now = performance.now();
    if (end < count && now - postedAt >= PROGRESS_EVERY_MS) {
      const predicted = argmaxRows(scores.subarray(reported * classes, end * classes), end - reported, classes);
      post({ type: 'progress', id: request.id, done: end, total: count, from: reported, predicted }, [predicted.buffer]);
      reported = end;
      postedAt = now;
    }
  }
  const inferenceMs = performance.now() - started;
  mark('inference-end');
  const result = scores ?? new Float32Array(0);
  post(
    {
      type: 'result',
      id: request.id,
      scores: result,
      classes,
      ...(features === null ? {} : { features, featureDims }),
      sessionMs,
      inferenceMs,
      runtime: { backend, threads: backend === 'wasm' ? (ort.env.wasm.numThreads ?? 1) : 1, ortVersion: ort.env.versions.web ?? 'unknown' },
    },
    features === null ? [result.buffer] : [result.buffer, features.buffer],
  );
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'warmup':
      configureRuntime(message.runtime);
      warmUp(message.module, (module) => post({ type: 'runtimeModule', module }));
      return;
    case 'prepare':
      configureRuntime(message.runtime);
      if (!specs.has(message.model.key)) {
        specs.set(message.model.key, message.model);
        // Start the WebAssembly session now: it overlaps with loading the test set.
        if (!message.lazy) session(message.model.key, 'wasm');
      }
      return;
    case 'release':
      release(message.modelKey);
      postHealth();
      return;
    case 'holdLifeLock':
      if (lifeLocksAvailable()) holdLifeLock(message.name, () => post({ type: 'lifeLockHeld' }));
      return;
    case 'testCrash':
      // As an uncaught failure inside onnxruntime would: the page sees the worker's error event.
      setTimeout(() => {
        throw new Error('test hook: the inference worker crashed');
      });
      return;
    case 'testLoseWebGL': {
      // The context onnxruntime's WebGL backend made (once its first WebGL session exists), lost as a GPU reset loses it.
      void loadRuntime('webgl')
        .then((ort) => (ort.env.webgl as { context?: WebGLRenderingContext }).context?.getExtension('WEBGL_lose_context')?.loseContext())
        .catch(() => {});
      return;
    }
    case 'images':
      imageSets.set(message.key, { images: message.images, available: message.available, failure: null, waiting: [] });
      return;
    case 'imagesDecoded':
      imagesDecoded(message.key, message.available, message.failure ?? null);
      return;
    case 'forgetImages':
      // An evaluation still waiting on it ends with this message.
      imagesDecoded(message.key, 0, 'The test set was replaced before it was decompressed.');
      imageSets.delete(message.key);
      return;
    case 'evaluate':
      configureRuntime(message.runtime);
      const done = using(message.modelKey);
      evaluate(message)
        .catch((e: unknown) => {
          post({ type: 'error', id: message.id, message: e instanceof Error ? e.message : String(e), backendFailure: e instanceof BackendFailure });
        })
        .finally(() => {
          done();
          postHealth();
        });
  }
};

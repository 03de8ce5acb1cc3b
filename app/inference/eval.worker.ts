/// <reference lib="webworker" />
/**
 * The inference worker: owns the onnxruntime-web sessions, preprocesses pixels batch by batch and
 * runs the model, so the page never blocks on inference.
 */
import * as ort from 'onnxruntime-web/wasm';
import { inputDims } from '../core/modelCard';
import { lookupTable, preprocessInto } from '../core/preprocess';
import type { FromWorker, ModelSpec, RuntimeConfig, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface LoadedModel {
  readonly spec: Omit<ModelSpec, 'bytes'>;
  readonly session: Promise<ort.InferenceSession>;
  readonly started: number;
  ready: number;
}

const models = new Map<string, LoadedModel>();
let configured = false;

/** `env.wasm` is read once, when the first session is created; later changes are ignored by onnxruntime. */
function configure(runtime: RuntimeConfig): void {
  if (configured) return;
  ort.env.wasm.wasmPaths = runtime.wasmPaths;
  ort.env.wasm.numThreads = runtime.numThreads;
  configured = true;
}

function prepare(runtime: RuntimeConfig, model: ModelSpec): LoadedModel {
  const existing = models.get(model.key);
  if (existing) return existing;
  configure(runtime);
  const { bytes, ...spec } = model;
  const loaded: LoadedModel = {
    spec,
    started: performance.now(),
    ready: 0,
    session: ort.InferenceSession.create(new Uint8Array(bytes), {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    }),
  };
  loaded.session.then(
    () => (loaded.ready = performance.now()),
    () => models.delete(model.key), // let a retry start afresh
  );
  models.set(model.key, loaded);
  return loaded;
}

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

async function evaluate(request: Extract<ToWorker, { type: 'evaluate' }>): Promise<void> {
  const model = models.get(request.modelKey);
  if (!model) throw new Error(`Model ${request.modelKey} was not prepared.`);
  const waitStart = performance.now();
  const session = await model.session;
  const sessionMs = performance.now() - waitStart;

  const { count, rows, cols, pixels } = request;
  const pixelsPerImage = rows * cols;
  const table = lookupTable(request.preprocessing);
  let scores: Float32Array | null = null;
  let classes = 0;
  const started = performance.now();
  for (let start = 0; start < count; start += request.batchSize) {
    const batch = Math.min(request.batchSize, count - start);
    // A fresh buffer per batch: onnxruntime may keep a reference to the input until the run settles.
    const input = new Float32Array(batch * pixelsPerImage);
    preprocessInto(pixels.subarray(start * pixelsPerImage, (start + batch) * pixelsPerImage), table, input);
    const feeds = { [model.spec.inputName]: new ort.Tensor('float32', input, inputDims(model.spec.layout, batch, rows, cols)) };
    const output = await session.run(feeds, [model.spec.scoresOutput]);
    const tensor = output[model.spec.scoresOutput];
    if (!tensor || tensor.type !== 'float32' || tensor.dims.length !== 2 || tensor.dims[0] !== batch) {
      throw new Error(`Output "${model.spec.scoresOutput}" is not a float32 [batch, classes] tensor (got ${tensor?.type} [${tensor?.dims.join(', ')}]).`);
    }
    if (scores === null) {
      classes = tensor.dims[1]!;
      scores = new Float32Array(count * classes);
    }
    scores.set(tensor.data as Float32Array, start * classes);
    tensor.dispose();
    post({ type: 'progress', id: request.id, done: start + batch, total: count });
  }
  const inferenceMs = performance.now() - started;
  const result = scores ?? new Float32Array(0);
  post(
    {
      type: 'result',
      id: request.id,
      scores: result,
      classes,
      sessionMs,
      inferenceMs,
      runtime: { backend: 'wasm', threads: ort.env.wasm.numThreads ?? 1, ortVersion: ort.env.versions.web ?? 'unknown' },
    },
    [result.buffer],
  );
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'prepare') {
    prepare(message.runtime, message.model).session.catch(() => {
      /* reported when an evaluation waits for it */
    });
    return;
  }
  evaluate(message).catch((e: unknown) => {
    post({ type: 'error', id: message.id, message: e instanceof Error ? e.message : String(e) });
  });
};

/// <reference lib="webworker" />
/**
 * The inference worker: owns the onnxruntime-web sessions, preprocesses pixels batch by batch and
 * runs the model, so the page never blocks on inference.
 */
import * as ort from 'onnxruntime-web/wasm';
import { inputDims } from '../core/modelCard';
import { lookupTable } from '../core/preprocess';
import { explainRuntimeError } from './runtimeErrors';
import { inputValues } from './inputTensor';
import type { EvaluateRequest, FromWorker, ModelSpec, RuntimeConfig, ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

interface LoadedModel {
  readonly feed: ModelSpec['feed'];
  readonly session: Promise<ort.InferenceSession>;
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
  const session = ort.InferenceSession.create(new Uint8Array(model.bytes), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    externalData: model.externalData.map((f) => ({ path: f.path, data: new Uint8Array(f.bytes) })),
  });
  // A session that fails to load stays in the map: the evaluation waiting for it reports the failure.
  session.catch(() => {});
  const loaded: LoadedModel = { feed: model.feed, session };
  models.set(model.key, loaded);
  return loaded;
}

async function release(modelKey: string): Promise<void> {
  const model = models.get(modelKey);
  models.delete(modelKey);
  if (model) await (await model.session.catch(() => null))?.release();
}

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, transfer);

async function evaluate(request: EvaluateRequest): Promise<void> {
  const model = models.get(request.modelKey);
  if (!model) throw new Error(`Model ${request.modelKey} was not prepared.`);
  const waitStart = performance.now();
  let session: ort.InferenceSession;
  try {
    session = await model.session;
  } catch (e) {
    throw new Error(explainRuntimeError(e, 'load'));
  }
  const sessionMs = performance.now() - waitStart;

  const { feed } = model;
  const { count, rows, cols, pixels } = request;
  const pixelsPerImage = rows * cols;
  const batchSize = feed.fixedBatch ?? request.batchSize;
  const table = lookupTable(request.preprocessing);
  let scores: Float32Array | null = null;
  let classes = 0;
  let reported = 0;
  const started = performance.now();
  for (let start = 0; start < count; start += batchSize) {
    const batch = Math.min(batchSize, count - start);
    // A model with a fixed batch gets exactly that many images: the last batch is padded with blank images.
    const runBatch = feed.fixedBatch ?? batch;
    const slice = new Uint8Array(runBatch * pixelsPerImage);
    slice.set(pixels.subarray(start * pixelsPerImage, (start + batch) * pixelsPerImage));
    const values = inputValues(slice, request.preprocessing, feed.inputType, table);
    const tensor = new ort.Tensor(feed.inputType, values, inputDims(feed.layout, runBatch, rows, cols));
    let output: ort.InferenceSession.OnnxValueMapType;
    try {
      output = await session.run({ [feed.inputName]: tensor }, [feed.scoresOutput]);
    } catch (e) {
      throw new Error(explainRuntimeError(e, 'run'));
    }
    const out = output[feed.scoresOutput];
    if (!out || (out.type !== 'float32' && out.type !== 'float64') || out.dims.length !== 2 || out.dims[0] !== runBatch) {
      throw new Error(`Output "${feed.scoresOutput}" should be class scores shaped [batch, classes] but is ${out?.type ?? 'missing'} [${out?.dims.join(', ') ?? ''}].`);
    }
    if (scores === null) {
      classes = out.dims[1]!;
      scores = new Float32Array(count * classes);
    }
    const data = out.data as Float32Array | Float64Array; // float64 scores are narrowed to float32 on copy
    scores.set(batch === runBatch ? data : data.subarray(0, batch * classes), start * classes);
    out.dispose();
    // One message per ~1 % is plenty for a progress bar; per image it would flood the page.
    if (start + batch - reported >= count / 100 || start + batch === count) {
      reported = start + batch;
      post({ type: 'progress', id: request.id, done: reported, total: count });
    }
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
  switch (message.type) {
    case 'prepare':
      prepare(message.runtime, message.model).session.catch(() => {
        /* reported when an evaluation waits for it */
      });
      return;
    case 'release':
      void release(message.modelKey);
      return;
    case 'evaluate':
      evaluate(message).catch((e: unknown) => {
        post({ type: 'error', id: message.id, message: e instanceof Error ? e.message : String(e) });
      });
  }
};

/**
 * From a request (model, test set, preprocessing) to an evaluation on screen:
 *   1. load the model (built-in, URL or dropped file) and inspect it: how to feed it, how many classes;
 *   2. load the test set and check it against the model;
 *   3. for `auto`, try every preprocessing on a labelled slice and keep the best;
 *   4. run the model over the whole set in the worker and compute the metrics.
 * Loaded models and test sets are cached, so changing only the preprocessing re-runs step 4 alone.
 * Every failure is an Error whose message is meant for the user.
 */
import { BUILTIN_MODELS, builtinDataset, DATASET_CHOICES, testFileUrls } from '../builtins';
import { DATASETS } from '../core/datasets';
import { calibrate, type Calibration } from '../core/calibration';
import { confusionMatrix } from '../core/metrics/confusion';
import type { ModelCard } from '../core/modelCard';
import { inspectOnnx } from '../core/onnx/inspect';
import type { OnnxModel } from '../core/onnx/model';
import { argmaxRows, predictionsFromScores } from '../core/predictions';
import type { Preprocessing } from '../core/preprocess';
import { defaultChoice, type PreprocessingChoice } from '../core/preprocessChoice';
import type { Result } from '../core/result';
import { makeTestSet, readTestFiles } from '../core/testSet';
import type { ImageSet, LabelSet } from '../core/types';
import { BackendUnavailable, EvaluationCancelled, type DecodingImages, type EvaluationOutput, type InferenceClient, type ProgressListener } from '../inference/client';
import { BACKEND_NAMES, type Backend, type ExternalDataFile } from '../inference/protocol';
import { checkExternalData, externalDataFiles } from '../core/onnx/externalData';
import { planFeed, type Feed } from '../core/onnx/feed';
import { relaxForFeed } from '../core/onnx/relaxBatch';
import { fetchBytes, gunzipStreamed, readFileBytes, ungzipIfNeeded, type ByteProgress, type StreamedFile } from '../io/fetchBytes';
import { isGzip } from '../core/idx';
import { canShareMemory, isShared } from '../io/sharedMemory';
import type { DataRequest, EvaluationRequest, ModelRequest } from './request';
import type { BackendAgreement, Evaluation, Progress } from './state';

export type Origin = 'built-in' | 'dropped file' | 'URL';

/** A model ready to run, with what the model panel shows about it. */
export interface ModelEntry {
  readonly key: string;
  readonly name: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  /** Hex SHA-256 of the model file. */
  readonly sha256: string;
  readonly origin: Origin;
  readonly card: ModelCard | null;
  readonly info: OnnxModel;
  /** How the file declares its input; `runFeed` is how it is run (a batch of 1 may have been made free). */
  readonly feed: Feed;
  readonly runFeed: Feed;
  /** Classes declared by the scores output's shape; null when the shape leaves it open. */
  readonly classes: number | null;
  readonly externalData: readonly { readonly path: string; readonly sizeBytes: number }[];
  readonly notes: readonly string[];
}

export interface DataEntry {
  readonly key: string;
  readonly name: string;
  readonly origin: Origin;
  /** The built-in dataset these files are, if any (also for URLs and drops whose checksums match). */
  readonly datasetId: string | null;
  readonly classNames: readonly string[] | null;
  /** The file names (or URL names) the images and labels came from, for messages. */
  readonly files: { readonly images: string; readonly labels: string };
  /** Set while the images are still being decompressed (into shared memory); null once they all are. */
  readonly decoding: DecodingImages | null;
  /** Hex SHA-256 of the decompressed image and label files, computed on first call. */
  readonly checksums: () => Promise<{ readonly images: string; readonly labels: string }>;
  readonly images: ImageSet;
  readonly labels: LabelSet;
}

export type Report = (phase: 'loading' | 'running', progress: Progress) => void;

/** A run shows its confusion matrix filling in once it has lasted this long; a quicker one would only flash. */
const LIVE_MATRIX_AFTER_MS = 300;
/** …and redraws it this often. */
const LIVE_MATRIX_EVERY_MS = 250;

const unwrap = <T,>(result: Result<T>, what: string): T => {
  if (!result.ok) throw new Error(`${what}: ${result.reason}`);
  return result.value;
};

/** Stable identities for dropped files, so that dropping the same File again hits the cache. */
const fileIds = new WeakMap<File, number>();
let nextFileId = 1;
const fileKey = (file: File): string => {
  if (!fileIds.has(file)) fileIds.set(file, nextFileId++);
  return `file#${fileIds.get(file)}:${file.name}`;
};

export const modelKey = (m: ModelRequest): string =>
  m.kind === 'builtin' ? `builtin:${m.id}` : m.kind === 'url' ? `url:${m.url}|${m.dataUrl ?? ''}` : `${fileKey(m.model)}|${m.externalData.map(fileKey).join('|')}`;

export const dataKey = (d: DataRequest): string =>
  d.kind === 'builtin' ? `builtin:${d.id}` : d.kind === 'url' ? `url:${d.images}|${d.labels}` : `${fileKey(d.images)}|${fileKey(d.labels)}`;

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Progress across several downloads or reads at once, as one byte count. */
function byteTracker(report: Report, label: string) {
  const parts = new Map<string, { done: number; total: number | null }>();
  return (part: string): ByteProgress =>
    (done, total) => {
      parts.set(part, { done, total });
      let sum = 0;
      let all = 0;
      let known = true;
      for (const p of parts.values()) {
        sum += p.done;
        all += p.total ?? p.done;
        known &&= p.total !== null;
      }
      report('loading', { label, done: sum, total: known ? all : null, unit: 'bytes' });
    };
}

async function fetchOrExplain(url: string, progress: ByteProgress): Promise<Uint8Array> {
  try {
    return await fetchBytes(url, progress);
  } catch (e) {
    const message = (e as Error).message;
    // fetch() says only "Failed to fetch" for network and CORS failures alike.
    throw new Error(/Failed to fetch|NetworkError|Load failed/.test(message) ? `${message}. The server may be unreachable or may not allow cross-origin requests (CORS).` : message);
  }
}

/** The external data files the model needs, taken from what came with it (checked by name and size). */
function matchExternalData(info: OnnxModel, available: ReadonlyMap<string, Uint8Array>, how: string, fileName: string): ExternalDataFile[] {
  const provided = [...available].map(([name, bytes]) => ({ name, size: bytes.length }));
  const matched = checkExternalData(info, provided);
  if (!matched.ok) throw new Error(`${fileName}: ${matched.reason}${available.size === 0 && how ? ` ${how}` : ''}`);
  return matched.value.map((m) => ({ path: m.location, bytes: available.get(m.file)!.slice().buffer }));
}

export class Pipeline {
  private readonly models = new Map<string, Promise<ModelEntry>>();
  private readonly data = new Map<string, Promise<DataEntry>>();

  constructor(private readonly client: InferenceClient) {}

  /** The model, loaded and inspected, with its session started in the worker. */
  loadModel(request: ModelRequest, report: Report): Promise<ModelEntry> {
    const key = modelKey(request);
    let entry = this.models.get(key);
    if (!entry) {
      entry = this.fetchModel(key, request, report);
      this.models.set(key, entry);
      entry.catch(() => this.models.delete(key));
      this.evict(this.models, 3, (k) => this.client.release(k));
    }
    return entry;
  }

  private async fetchModel(key: string, request: ModelRequest, report: Report): Promise<ModelEntry> {
    let bytes: Uint8Array;
    let card: ModelCard | null = null;
    let fileName: string;
    let origin: Origin;
    const external = new Map<string, Uint8Array>();
    let externalHow: string;
    let urlData: Uint8Array | null = null;
    if (request.kind === 'builtin') {
      const builtin = BUILTIN_MODELS.find((m) => m.card.id === request.id);
      if (!builtin) throw new Error(`There is no built-in model "${request.id}".`);
      card = builtin.card;
      fileName = builtin.card.file;
      origin = 'built-in';
      bytes = await fetchOrExplain(builtin.url, byteTracker(report, `Loading ${card.name}`)('model'));
      externalHow = 'The built-in model is damaged; reload the page.';
    } else if (request.kind === 'url') {
      fileName = baseName(new URL(request.url).pathname) || request.url;
      origin = 'URL';
      const track = byteTracker(report, `Loading ${fileName}`);
      const [model, data] = await Promise.all([
        fetchOrExplain(request.url, track('model')),
        request.dataUrl ? fetchOrExplain(request.dataUrl, track('data')) : Promise.resolve(null),
      ]);
      bytes = model;
      if (data) urlData = data;
      externalHow = 'Give its URL in the "data" parameter.';
    } else {
      fileName = request.model.name;
      origin = 'dropped file';
      const track = byteTracker(report, `Reading ${fileName}`);
      const [model, ...data] = await Promise.all([readFileBytes(request.model, track('model')), ...request.externalData.map((f) => readFileBytes(f, track(f.name)))]);
      bytes = model!;
      request.externalData.forEach((f, i) => external.set(f.name, data[i]!));
      externalHow = ''; // checkExternalData already says to add the file together with the model
    }

    const inspected = inspectOnnx(bytes);
    if (!inspected.ok) throw new Error(`${fileName}: ${inspected.reason}`);
    const info = inspected.value;
    const decision = planFeed(info);
    if (!decision.ok) throw new Error(`${fileName}: ${decision.reason}`);
    // A URL names the data file itself: it is the one file the model needs, whatever it is called.
    const needed = externalDataFiles(info);
    if (urlData && needed.length === 1) external.set(needed[0]!.location, urlData);
    const externalData = matchExternalData(info, external, externalHow, fileName);
    // A batch fixed at 1 is made free when the graph provably allows it, so the model runs in batches (relaxBatch.ts).
    // `feed` below stays the file's declared one (the model panel describes the file); the notes say what ran.
    const run = relaxForFeed(bytes, decision.value);
    this.client.prepare({ key, bytes: run.bytes.slice().buffer, externalData, feed: run.feed });
    return {
      key,
      name: card?.name ?? fileName,
      fileName,
      sizeBytes: bytes.length,
      sha256: await sha256(bytes),
      origin,
      card,
      info,
      feed: decision.value,
      runFeed: run.feed,
      classes: decision.value.classes,
      externalData: externalData.map((f) => ({ path: f.path, sizeBytes: f.bytes.byteLength })),
      notes: run.feed.notes,
    };
  }

  /** The test set, read and checked (but not yet against a model). */
  loadData(request: DataRequest, report: Report): Promise<DataEntry> {
    const key = dataKey(request);
    let entry = this.data.get(key);
    if (!entry) {
      entry = this.fetchData(key, request, report);
      this.data.set(key, entry);
      const cached = entry;
      const forget = () => this.data.get(key) === cached && this.data.delete(key);
      // A file that turns out damaged halfway through its decompression is not kept either.
      entry.then((d) => d.decoding?.done.catch(forget), forget);
      this.evict(this.data, 3);
    }
    return entry;
  }

  private async fetchData(key: string, request: DataRequest, report: Report): Promise<DataEntry> {
    let imagesBytes: Uint8Array;
    let labelsBytes: Uint8Array;
    let name: string;
    let names: { images: string; labels: string };
    let origin: Origin;
    let datasetId: string | null = null;
    if (request.kind === 'builtin') {
      const dataset = builtinDataset(request.id);
      if (!dataset) throw new Error(`There is no built-in dataset "${request.id}" (built-in: ${DATASET_CHOICES.join(', ')}).`);
      const urls = testFileUrls(dataset);
      const track = byteTracker(report, `Loading the ${dataset.name} test set`);
      [imagesBytes, labelsBytes] = await Promise.all([fetchOrExplain(urls.images, track('images')), fetchOrExplain(urls.labels, track('labels'))]);
      name = `${dataset.name} test set`;
      names = { images: dataset.test.images.name, labels: dataset.test.labels.name };
      origin = 'built-in';
      datasetId = dataset.id;
    } else if (request.kind === 'url') {
      names = { images: baseName(new URL(request.images).pathname), labels: baseName(new URL(request.labels).pathname) };
      const track = byteTracker(report, `Loading ${names.images} and ${names.labels}`);
      [imagesBytes, labelsBytes] = await Promise.all([fetchOrExplain(request.images, track('images')), fetchOrExplain(request.labels, track('labels'))]);
      name = `${names.images} + ${names.labels} (URL)`;
      origin = 'URL';
    } else {
      names = { images: request.images.name, labels: request.labels.name };
      const track = byteTracker(report, `Reading ${names.images} and ${names.labels}`);
      [imagesBytes, labelsBytes] = await Promise.all([readFileBytes(request.images, track('images')), readFileBytes(request.labels, track('labels'))]);
      name = `${names.images} + ${names.labels} (your files)`;
      origin = 'dropped file';
    }
    // Decompressed straight into memory the inference worker can share when the page is isolated (see shared()).
    // There, a gzip image file is handed on as soon as its header has sized the buffer: inference starts on the
    // first images while the rest are decompressed (streamImages()).
    const share = canShareMemory();
    const labelsRaw = await explained(ungzipIfNeeded(labelsBytes), names.labels);
    const streamed = share && isGzip(imagesBytes) ? await gunzipStreamed(imagesBytes, true) : null;
    const imagesRaw = streamed ? streamed.bytes : shared(await explained(ungzipIfNeeded(imagesBytes, share), names.images), share);
    if (streamed && streamed.bytes.length === 0) await explained(streamed.done, names.images); // damaged before its header
    const read = readTestFiles(imagesRaw, labelsRaw, names);
    if (!read.ok) throw new Error(read.reason);
    const { images, labels } = read.value;
    // The sizes say whether the files may be a built-in test set (same bytes, any name), which then gets its names.
    const maybeBuiltin = DATASETS.some((d) => d.test.images.bytes === imagesRaw.length && d.test.labels.bytes === labelsRaw.length);
    let decoding = streamed ? streamImages(streamed, images, labelsRaw, names) : null;
    if (decoding && maybeBuiltin) {
      await decoding.done; // 10 000 images: recognising them by checksum matters more than starting early
      decoding = null;
    }
    // Hashing 47 MB takes a while and, for shared memory, a copy: only when asked for (the metrics JSON) or to
    // recognise a built-in test set.
    let hashing: Promise<{ images: string; labels: string }> | null = null;
    const complete = decoding?.done ?? Promise.resolve();
    const checksums = () => (hashing ??= complete.then(() => Promise.all([sha256(imagesRaw), sha256(labelsRaw)])).then(([i, l]) => ({ images: i, labels: l })));
    if (!datasetId && maybeBuiltin) datasetId = recogniseDataset(await checksums());
    const dataset = datasetId ? builtinDataset(datasetId) : null;
    if (dataset && origin !== 'built-in') name = `${dataset.name} test set (${origin === 'URL' ? 'from URL' : 'your files'})`;
    return { key, name, origin, datasetId, classNames: dataset?.classNames ?? null, files: names, checksums, images, labels, decoding };
  }

  /** Runs the request end to end. */
  async evaluate(request: EvaluationRequest, report: Report): Promise<Evaluation> {
    const started = performance.now();
    const [model, data] = await Promise.all([
      this.loadModel(request.model, report),
      // The worker gets the pixels as soon as they are decoded, while the model's session is still being made.
      this.loadData(request.data, report).then((d) => {
        this.client.preload(d.images, d.decoding);
        return d;
      }),
    ]);
    if (model.classes !== null) unwrap(makeTestSet(data.images, data.labels, model.classes), data.files.labels);

    const choice: PreprocessingChoice = request.pre ?? defaultChoice(model.card);
    let calibration: Calibration | null = null;
    let pre: Preprocessing;
    if (choice.kind === 'auto') {
      await data.decoding?.done; // the calibration slice is read whole
      calibration = await calibrate(data.images, data.labels, model.feed.inputType, (slice, pre, step) => {
        report('running', { label: `Choosing the preprocessing: trying ${step.index + 1} of ${step.of} on ${slice.count} images`, done: step.index, total: step.of, unit: 'steps' });
        return this.run(model, slice, pre, () => {});
      });
      pre = calibration.best.pre;
    } else {
      pre = choice.pre;
    }

    report('running', { label: `Running ${model.name}`, done: 0, total: data.images.count, unit: 'images' });
    let ran: Awaited<ReturnType<Pipeline['runOnBackend']>>;
    try {
      ran = await this.runOnBackend(model, data, pre, request.backend, report);
    } catch (e) {
      await data.decoding?.done; // a file damaged halfway is what went wrong, not the model: say so
      throw e;
    }
    const { output, notes: backendNotes, agreement } = ran;
    const classes = output.classes;
    if (classes < 2) throw new Error(`${model.fileName} outputs ${classes} class score per image; a classifier needs at least 2.`);
    const testSet = unwrap(makeTestSet(data.images, data.labels, classes), data.files.labels);
    const predictions = predictionsFromScores(output.scores, data.images.count, classes);
    const classNames = data.classNames && data.classNames.length === classes ? data.classNames : Array.from({ length: classes }, (_, k) => String(k));
    const notes = [...model.notes, ...backendNotes];
    if (model.card && data.datasetId && model.card.dataset !== data.datasetId) {
      notes.push(`${model.name} was trained on ${builtinDataset(model.card.dataset)?.name ?? model.card.dataset}, not on this test set.`);
    }
    return {
      request,
      model,
      data,
      classNames,
      preprocessing: pre,
      preChoice: choice,
      calibration,
      testSet,
      predictions,
      matrix: confusionMatrix(data.labels.labels, predictions.predicted, classes),
      timings: { sessionMs: output.sessionMs, inferenceMs: output.inferenceMs, requestToDoneMs: performance.now() - started, openToDoneMs: performance.now() },
      runtime: output.runtime,
      agreement,
      notes,
    };
  }

  /** Runs the model in the worker; its failures (onnxruntime's, explained) name the model file. */
  private async run(model: ModelEntry, images: ImageSet, pre: Preprocessing, onProgress: ProgressListener, backend: Backend = 'wasm') {
    try {
      return await this.client.evaluate(model.key, images, pre, onProgress, backend);
    } catch (e) {
      if (e instanceof EvaluationCancelled || e instanceof BackendUnavailable) throw e;
      throw new Error(`${model.fileName}: ${(e as Error).message}`);
    }
  }

  /**
   * Runs on the requested backend; when WebGL or WebGPU is missing or refuses the model, runs on WebAssembly
   * and says why. After a run on another backend, WebAssembly runs too, to count how many predictions agree.
   */
  private async runOnBackend(model: ModelEntry, data: DataEntry, pre: Preprocessing, backend: Backend, report: Report) {
    const { images, labels } = data;
    // Results fill in while the model runs: the share correct so far travels with the progress and, once a run
    // has lasted long enough to be watched (a quick one would only flash), the confusion matrix so far.
    const classes = model.classes ?? data.classNames?.length ?? null;
    const classNames = classes === null ? null : data.classNames?.length === classes ? data.classNames : Array.from({ length: classes }, (_, k) => String(k));
    const running = (label: string): ProgressListener => {
      let correct = 0;
      const counts = classes === null ? null : new Uint32Array(classes * classes);
      const started = performance.now();
      // A new snapshot at most every LIVE_MATRIX_EVERY_MS: between two, the views see the same object and skip
      // redrawing; every redraw takes the CPU onnxruntime's threads are using.
      let partial: Progress['partial'];
      let partialAt = -Infinity;
      return (done, _total, chunk) => {
        for (let i = 0; i < chunk.predicted.length; i++) {
          const t = labels.labels[chunk.from + i]!;
          const p = chunk.predicted[i]!;
          if (p === t) correct++;
          if (counts && t < classes! && p < classes!) counts[t * classes! + p]! += 1;
        }
        const now = performance.now();
        if (counts && classNames && done < images.count && now - started >= LIVE_MATRIX_AFTER_MS && now - partialAt >= LIVE_MATRIX_EVERY_MS) {
          partial = { matrix: { classes: classes!, counts: counts.slice() }, classNames, done, total: images.count };
          partialAt = now;
        }
        report('running', { label, done, total: images.count, unit: 'images', correct, ...(partial ? { partial } : {}) });
      };
    };
    const notes: string[] = [];
    let output: EvaluationOutput;
    try {
      output = await this.run(model, images, pre, running(`Running ${model.name}${backend === 'wasm' ? '' : ` on ${BACKEND_NAMES[backend]}`}`), backend);
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      notes.push(`${BACKEND_NAMES[backend]} could not run ${model.fileName}: ${e.message.replace(/[.\s]*$/, '.')} It was evaluated with WebAssembly instead.`);
      output = await this.run(model, images, pre, running(`Running ${model.name} on WebAssembly`));
    }
    let agreement: BackendAgreement | null = null;
    if (output.runtime.backend !== 'wasm') {
      const reference = await this.run(model, images, pre, running(`Checking ${BACKEND_NAMES[output.runtime.backend]} against WebAssembly`));
      const a = argmaxRows(output.scores, images.count, output.classes);
      const b = argmaxRows(reference.scores, images.count, reference.classes);
      let agree = 0;
      for (let i = 0; i < images.count; i++) if (a[i] === b[i]) agree++;
      agreement = { backend: output.runtime.backend, agree, total: images.count };
      notes.push(`${BACKEND_NAMES[output.runtime.backend]} and WebAssembly agree on ${agree.toLocaleString('en-US')} of ${images.count.toLocaleString('en-US')} predictions.`);
    }
    return { output, notes, agreement };
  }

  private evict<T>(cache: Map<string, Promise<T>>, keep: number, onEvict?: (key: string) => void): void {
    while (cache.size > keep) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
      onEvict?.(oldest);
    }
  }
}

/** Images ready are announced in steps of this many: each announcement is a message to the worker. */
const ANNOUNCE_EVERY_IMAGES = 1000;

/**
 * What the worker and the pipeline need to know of an image file still being decompressed: how many whole images
 * are there, news as that grows, and when the file is complete. A file that ends short of (or beyond) what its
 * header declared fails `done` with the IDX reader's explanation.
 */
function streamImages(streamed: StreamedFile, images: ImageSet, labelsRaw: Uint8Array, names: { images: string; labels: string }): DecodingImages {
  const header = streamed.bytes.length - images.count * images.rows * images.cols;
  const perImage = images.rows * images.cols;
  const available = (): number => Math.min(images.count, Math.max(0, Math.floor((streamed.decoded() - header) / perImage)));
  const listeners: ((available: number) => void)[] = [];
  let announced = available();
  streamed.onProgress = () => {
    const now = available();
    if (now - announced < ANNOUNCE_EVERY_IMAGES && now < images.count) return;
    announced = now;
    for (const listener of listeners) listener(now);
  };
  const done = explained(streamed.done, names.images).then((whole) => {
    if (whole === streamed.bytes) return;
    const read = readTestFiles(whole, labelsRaw, names);
    throw new Error(read.ok ? `${names.images}: the file changed while it was decompressed.` : read.reason);
  });
  done.catch(() => {}); // reported by whoever waits for it (the worker's batches, checksums)
  return { available, onAvailable: (listener) => listeners.push(listener), done };
}

/** A decompression's failure, named after its file (browsers' messages do not say which file). */
async function explained<T>(promise: Promise<T>, name: string): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

/**
 * The image file in memory the inference worker can share (a SharedArrayBuffer, when the page is cross-origin
 * isolated): pixels are never written after decoding, and a copy for the worker would double the largest thing
 * the page holds (47 MB for the MNIST training set). gunzip writes there directly; an uncompressed file is
 * copied once. Otherwise the worker gets a copy (client.ts).
 */
function shared(bytes: Uint8Array, share: boolean): Uint8Array {
  if (!share || isShared(bytes.buffer)) return bytes;
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** Web Crypto refuses shared memory: such bytes are hashed from a (momentary) copy. */
const sha256 = async (bytes: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', (isShared(bytes.buffer) ? bytes.slice() : bytes) as Uint8Array<ArrayBuffer>)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The built-in dataset whose test files have exactly these bytes (SHA-256 of the decompressed files), if any. */
const recogniseDataset = (hashes: { images: string; labels: string }): string | null =>
  DATASETS.find((d) => d.test.images.sha256 === hashes.images && d.test.labels.sha256 === hashes.labels)?.id ?? null;

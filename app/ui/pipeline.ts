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
import { CALIBRATION_SIZE, chooseCalibration, type Calibration, type CalibrationRow } from '../core/calibration';
import { confusionMatrix } from '../core/metrics/confusion';
import type { ModelCard } from '../core/modelCard';
import { inspectOnnx } from '../core/onnx/inspect';
import type { OnnxModel } from '../core/onnx/model';
import { argmaxRows, predictionsFromScores } from '../core/predictions';
import type { Preprocessing } from '../core/preprocess';
import { CANDIDATES, type PreprocessingChoice } from '../core/preprocessChoice';
import type { Result } from '../core/result';
import { makeTestSet, readImages, readLabels } from '../core/testSet';
import type { ImageSet, LabelSet } from '../core/types';
import type { InferenceClient } from '../inference/client';
import type { ExternalDataFile } from '../inference/protocol';
import { checkExternalData, externalDataFiles } from '../core/onnx/externalData';
import { planFeed, type Feed } from '../core/onnx/feed';
import { fetchBytes, readFileBytes, ungzipIfNeeded, type ByteProgress } from '../io/fetchBytes';
import type { DataRequest, EvaluationRequest, ModelRequest } from './request';
import type { Evaluation, Progress } from './state';

export type Origin = 'built-in' | 'dropped file' | 'URL';

/** A model ready to run, with what the model panel shows about it. */
export interface ModelEntry {
  readonly key: string;
  readonly name: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly origin: Origin;
  readonly card: ModelCard | null;
  readonly info: OnnxModel;
  readonly feed: Feed;
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
  readonly images: ImageSet;
  readonly labels: LabelSet;
}

export type Report = (phase: 'loading' | 'running', progress: Progress) => void;

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
function matchExternalData(info: OnnxModel, available: ReadonlyMap<string, Uint8Array>, how: string): ExternalDataFile[] {
  const provided = [...available].map(([name, bytes]) => ({ name, size: bytes.length }));
  const matched = checkExternalData(info, provided);
  if (!matched.ok) throw new Error(`${matched.reason}${available.size === 0 ? ` ${how}` : ''}`);
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
      externalHow = 'Drop it together with the .onnx file.';
    }

    const inspected = inspectOnnx(bytes);
    if (!inspected.ok) throw new Error(`${fileName}: ${inspected.reason}`);
    const info = inspected.value;
    const decision = planFeed(info);
    if (!decision.ok) throw new Error(`${fileName}: ${decision.reason}`);
    // A URL names the data file itself: it is the one file the model needs, whatever it is called.
    const needed = externalDataFiles(info);
    if (urlData && needed.length === 1) external.set(needed[0]!.location, urlData);
    const externalData = matchExternalData(info, external, externalHow);
    this.client.prepare({ key, bytes: bytes.slice().buffer, externalData, feed: decision.value });
    return {
      key,
      name: card?.name ?? fileName,
      fileName,
      sizeBytes: bytes.length,
      origin,
      card,
      info,
      feed: decision.value,
      classes: decision.value.classes,
      externalData: externalData.map((f) => ({ path: f.path, sizeBytes: f.bytes.byteLength })),
      notes: decision.value.notes,
    };
  }

  /** The test set, read and checked (but not yet against a model). */
  loadData(request: DataRequest, report: Report): Promise<DataEntry> {
    const key = dataKey(request);
    let entry = this.data.get(key);
    if (!entry) {
      entry = this.fetchData(key, request, report);
      this.data.set(key, entry);
      entry.catch(() => this.data.delete(key));
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
    const imagesRaw = await decompress(imagesBytes, names.images);
    const labelsRaw = await decompress(labelsBytes, names.labels);
    const images = unwrap(readImages(imagesRaw), names.images);
    const labels = unwrap(readLabels(labelsRaw), names.labels);
    if (images.rows !== 28 || images.cols !== 28) {
      throw new Error(`${names.images}: the images are ${images.rows}×${images.cols} pixels; MNIST-like models take 28×28. Resize them to 28×28 first.`);
    }
    if (images.count !== labels.count) {
      throw new Error(`${names.images} holds ${images.count.toLocaleString('en-US')} images but ${names.labels} holds ${labels.count.toLocaleString('en-US')} labels; they must match one to one.`);
    }
    // Files that are a built-in test set (same bytes, any name) get its name and class names.
    datasetId ??= await recogniseDataset(imagesRaw, labelsRaw);
    const dataset = datasetId ? builtinDataset(datasetId) : null;
    if (dataset && origin !== 'built-in') name = `${dataset.name} test set (${origin === 'URL' ? 'from URL' : 'your files'})`;
    return { key, name, origin, datasetId, classNames: dataset?.classNames ?? null, files: names, images, labels };
  }

  /** Runs the request end to end. */
  async evaluate(request: EvaluationRequest, report: Report): Promise<Evaluation> {
    const started = performance.now();
    const [model, data] = await Promise.all([this.loadModel(request.model, report), this.loadData(request.data, report)]);
    if (model.classes !== null) unwrap(makeTestSet(data.images, data.labels, model.classes), data.files.labels);

    const choice: PreprocessingChoice = request.pre ?? (model.card ? { kind: 'fixed', pre: { preset: model.card.preprocessing.preset, invert: model.card.preprocessing.invert } } : { kind: 'auto' });
    let calibration: Calibration | null = null;
    let pre: Preprocessing;
    if (choice.kind === 'auto') {
      calibration = await this.calibrate(model, data, report);
      pre = calibration.best.pre;
    } else {
      pre = choice.pre;
    }

    const running = (done: number) => report('running', { label: `Running ${model.name}`, done, total: data.images.count, unit: 'images' });
    running(0);
    const output = await this.client.evaluate(model.key, data.images, pre, running);
    const classes = output.classes;
    if (classes < 2) throw new Error(`${model.fileName} outputs ${classes} class score per image; a classifier needs at least 2.`);
    const testSet = unwrap(makeTestSet(data.images, data.labels, classes), data.files.labels);
    const predictions = predictionsFromScores(output.scores, data.images.count, classes);
    const classNames = data.classNames && data.classNames.length === classes ? data.classNames : Array.from({ length: classes }, (_, k) => String(k));
    const notes = [...model.notes];
    if (model.card && data.datasetId && model.card.dataset !== data.datasetId) {
      notes.push(`${model.name} was trained on ${builtinDataset(model.card.dataset)?.name ?? model.card.dataset}, not on this test set.`);
    }
    return {
      request,
      model,
      data,
      modelName: model.name,
      datasetName: data.name,
      classNames,
      preprocessing: pre,
      preChoice: choice,
      calibration,
      testSet,
      predictions,
      matrix: confusionMatrix(data.labels.labels, predictions.predicted, classes),
      timings: { sessionMs: output.sessionMs, inferenceMs: output.inferenceMs, requestToDoneMs: performance.now() - started, openToDoneMs: performance.now() },
      runtime: output.runtime,
      notes,
    };
  }

  /** Tries every candidate preprocessing on the first images and keeps the most accurate. */
  private async calibrate(model: ModelEntry, data: DataEntry, report: Report): Promise<Calibration> {
    const size = Math.min(CALIBRATION_SIZE, data.images.count);
    const pixelsPerImage = data.images.rows * data.images.cols;
    const slice: ImageSet = { ...data.images, count: size, pixels: data.images.pixels.subarray(0, size * pixelsPerImage) };
    // A uint8 input takes bytes as they are: only the raw preset (plain or inverted) can feed it.
    const candidates = model.feed.inputType === 'uint8' ? CANDIDATES.filter((c) => c.preset === 'raw') : CANDIDATES;
    const rows: CalibrationRow[] = [];
    let classes = 0;
    for (const [i, pre] of candidates.entries()) {
      report('running', { label: `Choosing the preprocessing: trying ${i + 1} of ${candidates.length} on ${size} images`, done: i, total: candidates.length, unit: 'steps' });
      const out = await this.client.evaluate(model.key, slice, pre, () => {});
      classes = out.classes;
      const predicted = argmaxRows(out.scores, size, out.classes);
      let correct = 0;
      for (let k = 0; k < size; k++) if (predicted[k] === data.labels.labels[k]) correct++;
      rows.push({ pre, correct, total: size, accuracy: correct / size });
    }
    return chooseCalibration(rows, classes);
  }

  private evict<T>(cache: Map<string, Promise<T>>, keep: number, onEvict?: (key: string) => void): void {
    while (cache.size > keep) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
      onEvict?.(oldest);
    }
  }
}

const sha256 = async (bytes: Uint8Array): Promise<string> =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)), (b) => b.toString(16).padStart(2, '0')).join('');

/** The built-in dataset whose test files have exactly these bytes, if any. */
async function recogniseDataset(images: Uint8Array, labels: Uint8Array): Promise<string | null> {
  const candidates = DATASETS.filter((d) => d.test.labels.sha256 !== undefined);
  const labelsHash = await sha256(labels);
  const match = candidates.find((d) => d.test.labels.sha256 === labelsHash);
  if (!match) return null;
  return (await sha256(images)) === match.test.images.sha256 ? match.id : null;
}

async function decompress(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  try {
    return await ungzipIfNeeded(bytes);
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

/**
 * The dashboard's evaluation without a browser: the same steps as app/ui/pipeline.ts (inspect the model, plan
 * its feed, relax a fixed batch of 1, check the test set, calibrate `auto` on the first 500 images, run in
 * batches of 1 000, compute the metrics) with onnxruntime-node in place of the page's worker. Everything but
 * the runtime is app/core, so the numbers are the page's. Used by the CLI (cli.ts) and the benchmark.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { calibrate as calibrateWith, type Calibration } from '../core/calibration';
import { DATASETS, type DatasetDescription } from '../core/datasets';
import { accuracy, confusionMatrix, type ConfusionMatrix } from '../core/metrics/confusion';
import { deepEvaluation, type DeepEvaluation } from '../core/metrics/deepEvaluation';
import { metricsJson, type DatasetIdentity, type MetricsJson, type ModelIdentity } from '../core/metrics/export';
import type { ModelCard } from '../core/modelCard';
import { checkExternalData, externalDataFiles } from '../core/onnx/externalData';
import { planFeed, type Feed } from '../core/onnx/feed';
import { inspectOnnx } from '../core/onnx/inspect';
import type { OnnxModel } from '../core/onnx/model';
import { relaxForFeed } from '../core/onnx/relaxBatch';
import { predictionsFromScores } from '../core/predictions';
import { describePreprocessing, type Preprocessing } from '../core/preprocess';
import { defaultChoice, formatChoice, type PreprocessingChoice } from '../core/preprocessChoice';
import type { Result } from '../core/result';
import { makeTestSet, readTestFiles } from '../core/testSet';
import { runBatches } from './nativeEvaluate';
import type { ImageSet, LabelSet, Predictions } from '../core/types';
import { ungzipIfNeeded } from '../io/fetchBytes';

/** Images per `session.run`, as the page's client (app/inference/client.ts). */
export const BATCH_SIZE = 1000;

/** A failure meant for the user: the CLI prints its message and exits with status 1. */
export class InputError extends Error {}

const unwrap = <T>(result: Result<T>, what: string): T => {
  if (!result.ok) throw new InputError(`${what}: ${result.reason}`);
  return result.value;
};

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function readInput(path: string, what: string): Uint8Array {
  if (!existsSync(path)) throw new InputError(`${what} ${path} does not exist.`);
  if (statSync(path).isDirectory()) throw new InputError(`${what} ${path} is a folder, not a file.`);
  return new Uint8Array(readFileSync(path));
}

/** A model loaded as the page loads it: inspected, its feed planned and a fixed batch of 1 relaxed when safe. */
export interface LoadedModel {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly info: OnnxModel;
  /** The feed the runtime uses (after relaxation). */
  readonly feed: Feed;
  /** The bytes given to the runtime (relaxed, or the file's). */
  readonly runBytes: Uint8Array;
  /** The card beside the model (`<name>.card.json` naming this file), as the page has for built-in models. */
  readonly card: ModelCard | null;
  readonly notes: readonly string[];
}

export function loadModel(path: string): LoadedModel {
  const bytes = readInput(path, 'The model');
  const fileName = basename(path);
  const info = unwrap(inspectOnnx(bytes), fileName);
  const planned = unwrap(planFeed(info), fileName);
  const needed = externalDataFiles(info);
  if (needed.length > 0) {
    const folder = dirname(path);
    const provided = needed.flatMap((f) => [f.location, f.fileName]).filter((n) => existsSync(join(folder, n))).map((name) => ({ name, size: statSync(join(folder, name)).size }));
    unwrap(checkExternalData(info, provided), fileName);
  }
  const relaxed = needed.length > 0 ? { bytes, feed: planned } : relaxForFeed(bytes, planned);
  const cardPath = join(dirname(path), `${fileName.replace(/\.onnx$/i, '')}.card.json`);
  let card: ModelCard | null = null;
  if (existsSync(cardPath)) {
    const parsed = JSON.parse(readFileSync(cardPath, 'utf8')) as ModelCard;
    if (parsed.file === fileName) card = parsed;
  }
  return { path, fileName, bytes, sha256: sha256(bytes), info, feed: relaxed.feed, runBytes: relaxed.bytes, card, notes: relaxed.feed.notes };
}

/** A test set read from IDX files (gzip or raw), checked as the page checks dropped files. */
export interface LoadedData {
  readonly name: string;
  readonly files: { readonly images: string; readonly labels: string };
  readonly images: ImageSet;
  readonly labels: LabelSet;
  readonly sha256: { readonly images: string; readonly labels: string };
  /** The built-in dataset these files are (same decompressed bytes), if any. */
  readonly dataset: DatasetDescription | null;
}

export async function loadData(imagesPath: string, labelsPath: string): Promise<LoadedData> {
  const names = { images: basename(imagesPath), labels: basename(labelsPath) };
  const decompress = async (path: string, name: string, what: string): Promise<Uint8Array> => {
    try {
      return await ungzipIfNeeded(readInput(path, what));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`${name}: ${(e as Error).message}`);
    }
  };
  const imagesRaw = await decompress(imagesPath, names.images, 'The image file');
  const labelsRaw = await decompress(labelsPath, names.labels, 'The label file');
  const read = readTestFiles(imagesRaw, labelsRaw, names);
  if (!read.ok) throw new InputError(read.reason);
  const { images, labels } = read.value;
  const hashes = { images: sha256(imagesRaw), labels: sha256(labelsRaw) };
  // As the page: files that are a built-in test set (same bytes, any name) get its name and class names.
  const dataset = DATASETS.find((d) => d.test.labels.sha256 === hashes.labels && d.test.images.sha256 === hashes.images) ?? null;
  const name = dataset ? `${dataset.name} test set` : `${names.images} + ${names.labels}`;
  return { name, files: names, images, labels, sha256: hashes, dataset };
}

/** An onnxruntime-node session fed exactly as the page's worker feeds onnxruntime-web. */
export class NativeSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly feed: Feed,
  ) {}

  static async create(model: LoadedModel, options: ort.InferenceSession.SessionOptions = {}): Promise<NativeSession> {
    const sessionOptions: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', ...options };
    // A model with external data is opened by path, so onnxruntime finds the data files beside it.
    const external = externalDataFiles(model.info).length > 0;
    try {
      const session = external ? await ort.InferenceSession.create(model.path, sessionOptions) : await ort.InferenceSession.create(model.runBytes, sessionOptions);
      return new NativeSession(session, model.feed);
    } catch (e) {
      throw new InputError(`${model.fileName}: onnxruntime could not load the model: ${(e as Error).message}`);
    }
  }

  /** Scores of every image, `count`×`classes` float32, batch by batch (a fixed batch is padded with blank images). */
  async run(images: ImageSet, pre: Preprocessing, batchSize = BATCH_SIZE): Promise<{ scores: Float32Array; classes: number; ms: number }> {
    const started = performance.now();
    try {
      const { scores, classes } = await runBatches(this.session, this.feed, images, pre, batchSize);
      return { scores, classes, ms: performance.now() - started };
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Tries every candidate preprocessing on the first images and keeps the most accurate, as the page's `auto`. */
export const calibrate = (session: NativeSession, data: LoadedData): Promise<Calibration> =>
  calibrateWith(data.images, data.labels, session.feed.inputType, (slice, pre) => session.run(slice, pre));

export interface HeadlessEvaluation {
  readonly model: LoadedModel;
  readonly data: LoadedData;
  readonly choice: PreprocessingChoice;
  readonly preprocessing: Preprocessing;
  readonly calibration: Calibration | null;
  readonly classNames: readonly string[];
  readonly predictions: Predictions;
  readonly matrix: ConfusionMatrix;
  readonly accuracy: number;
  readonly deep: DeepEvaluation;
  readonly timings: { readonly sessionMs: number; readonly calibrationMs: number; readonly inferenceMs: number };
  readonly notes: readonly string[];
  readonly metrics: MetricsJson;
}

/**
 * Evaluates a model on a test set as the page does. `choice` null means the page's default: the card's
 * preprocessing when the model has a card, `auto` otherwise.
 */
export async function evaluateFiles(modelPath: string, imagesPath: string, labelsPath: string, choice: PreprocessingChoice | null): Promise<HeadlessEvaluation> {
  const model = loadModel(modelPath);
  const data = await loadData(imagesPath, labelsPath);
  if (model.feed.classes !== null) unwrap(makeTestSet(data.images, data.labels, model.feed.classes), data.files.labels);
  const chosen: PreprocessingChoice = choice ?? defaultChoice(model.card);

  let t = performance.now();
  const session = await NativeSession.create(model);
  const sessionMs = performance.now() - t;
  try {
    t = performance.now();
    const calibration = chosen.kind === 'auto' ? await calibrate(session, data) : null;
    const calibrationMs = performance.now() - t;
    const pre = calibration ? calibration.best.pre : (chosen as { pre: Preprocessing }).pre;
    const out = await session.run(data.images, pre);
    if (out.classes < 2) throw new InputError(`${model.fileName} outputs ${out.classes} class score per image; a classifier needs at least 2.`);
    unwrap(makeTestSet(data.images, data.labels, out.classes), data.files.labels);
    const predictions = predictionsFromScores(out.scores, data.images.count, out.classes);
    const matrix = confusionMatrix(data.labels.labels, predictions.predicted, out.classes);
    const classNames = data.dataset && data.dataset.classNames.length === out.classes ? data.dataset.classNames : Array.from({ length: out.classes }, (_, k) => String(k));
    const deep = deepEvaluation(data.labels.labels, predictions, matrix);
    const notes = [...model.notes];
    if (model.card && data.dataset && model.card.dataset !== data.dataset.id) {
      notes.push(`${model.card.name} was trained on ${DATASETS.find((d) => d.id === model.card!.dataset)?.name ?? model.card.dataset}, not on this test set.`);
    }
    if (calibration?.nearChance) notes.push(`Even the best preprocessing (${formatChoice({ kind: 'fixed', pre })}) is close to guessing: the model may want another layout or scaling.`);
    const modelIdentity: ModelIdentity = { name: model.card?.name ?? model.fileName, fileName: model.fileName, sizeBytes: model.bytes.length, sha256: model.sha256 };
    const datasetIdentity: DatasetIdentity = { name: data.name, count: data.images.count, sha256: data.sha256 };
    return {
      model,
      data,
      choice: chosen,
      preprocessing: pre,
      calibration,
      classNames,
      predictions,
      matrix,
      accuracy: accuracy(matrix),
      deep,
      timings: { sessionMs, calibrationMs, inferenceMs: out.ms },
      notes,
      metrics: metricsJson({ model: modelIdentity, dataset: datasetIdentity, classNames, evaluation: deep }),
    };
  } finally {
    await session.release();
  }
}

/** The built-in dataset's test files as `npm run data` lays them out. */
export function builtinTestFiles(datasetId: string, root: string): { images: string; labels: string } {
  const dataset = DATASETS.find((d) => d.id === datasetId);
  if (!dataset) throw new InputError(`There is no built-in dataset "${datasetId}" (built-in: ${DATASETS.map((d) => d.id).join(', ')}).`);
  const folder = join(root, 'public', 'data', dataset.id);
  return { images: join(folder, dataset.test.images.name), labels: join(folder, dataset.test.labels.name) };
}

// ---------------------------------------------------------------------------------------------------
// The summary printed by the CLI.

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
const fixed = (x: number): string => x.toFixed(4);

function table(rows: readonly (readonly string[])[], alignLeft = 1): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c < alignLeft ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

export function formatSummary(e: HeadlessEvaluation): string {
  const lines: string[] = [];
  const { report } = e.deep;
  const total = e.data.images.count;
  const correct = Math.round(e.accuracy * total);
  lines.push(`Model      ${e.model.fileName}${e.model.card ? ` (${e.model.card.name})` : ''}  sha256 ${e.model.sha256.slice(0, 12)}…`);
  lines.push(`Test set   ${e.data.name}: ${total.toLocaleString('en-US')} images`);
  const how = e.calibration ? `auto → ${formatChoice({ kind: 'fixed', pre: e.preprocessing })}` : formatChoice(e.choice);
  lines.push(`Preprocess ${how} (${describePreprocessing(e.preprocessing)})`);
  const rate = Math.round(total / (e.timings.inferenceMs / 1000)).toLocaleString('en-US');
  lines.push(
    `Runtime    onnxruntime-node ${ort.env.versions?.common ?? ''}, session ${e.timings.sessionMs.toFixed(0)} ms, ` +
      `${e.calibration ? `calibration ${e.timings.calibrationMs.toFixed(0)} ms, ` : ''}inference ${e.timings.inferenceMs.toFixed(0)} ms (${rate} images/s)` +
      `${e.model.feed.fixedBatch ? `, batch fixed at ${e.model.feed.fixedBatch}` : `, batches of ${BATCH_SIZE}`}`,
  );
  for (const note of e.notes) lines.push(`Note       ${note}`);
  if (e.calibration) {
    lines.push('', 'Calibration on the first images:');
    lines.push(table([['preprocessing', 'correct', 'accuracy'], ...e.calibration.rows.map((r) => [formatChoice({ kind: 'fixed', pre: r.pre }), `${r.correct}/${r.total}`, pct(r.accuracy)])]));
  }
  lines.push('', `Accuracy   ${fixed(e.accuracy)}  (${correct.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`, '');
  const name = (k: number): string => e.classNames[k] ?? String(k);
  lines.push(
    table([
      ['class', 'precision', 'recall', 'f1', 'support'],
      ...report.rows.map((r) => [name(r.classIndex), fixed(r.precision), fixed(r.recall), fixed(r.f1), String(r.support)]),
      ['macro avg', fixed(report.macro.precision), fixed(report.macro.recall), fixed(report.macro.f1), String(report.support)],
      ['weighted avg', fixed(report.weighted.precision), fixed(report.weighted.recall), fixed(report.weighted.f1), String(report.support)],
    ]),
  );
  const c = e.matrix.classes;
  const short = (k: number): string => (e.classNames[k]!.length <= 6 ? e.classNames[k]! : String(k));
  lines.push('', 'Confusion matrix (rows: true label, columns: predicted):');
  lines.push(
    table([
      ['', ...Array.from({ length: c }, (_, k) => short(k))],
      ...Array.from({ length: c }, (_, t) => [name(t), ...Array.from(e.matrix.counts.subarray(t * c, (t + 1) * c), String)]),
    ]),
  );
  return lines.join('\n');
}

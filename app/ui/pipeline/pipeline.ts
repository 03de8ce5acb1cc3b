/**
 * From a request (model, test set, preprocessing) to an evaluation on screen:
 *   1. load the model (built-in, URL or dropped file) and inspect it: how to feed it, how many classes;
 *   2. load the test set and check it against the model;
 *   3. for `auto`, try every preprocessing on a labelled slice and keep the best;
 *   4. run the model over the whole set in the worker and compute the metrics.
 * Loaded models and test sets are cached, so changing only the preprocessing re-runs step 4 alone.
 * Every failure is an Error whose message is meant for the user.
 */
import { builtinDataset } from '../../builtins';
import { calibrate, type Calibration } from '../../core/calibration';
import { confusionMatrix } from '../../core/metrics/confusion';
import { argmaxRows, predictionsFromScores } from '../../core/predictions';
import type { Preprocessing } from '../../core/preprocess';
import { defaultChoice, formatChoice, type PreprocessingChoice } from '../../core/preprocessChoice';
import type { Result } from '../../core/result';
import { makeTestSet } from '../../core/testSet';
import type { ImageSet } from '../../core/types';
import { BackendUnavailable, EvaluationCancelled, type EvaluationOutput, type InferenceClient, type ProgressListener } from '../../inference/client';
import { BACKEND_NAMES, type Backend } from '../../inference/protocol';
import { isOutOfMemory } from '../../inference/runtimeErrors';
import type { BackendAgreement, DataEntry, Evaluation, ModelEntry, Progress, Report } from '../evaluation';
import type { DataRequest, EvaluationRequest, ModelRequest } from '../request';
import { BUILD_ID } from '../../offline/buildId';
import { loadSaved, save, savedNoted, type SavedResult } from '../../io/savedResults';
import { loadDataEntry } from './loadData';
import { fromSaved, savedResultKey, savedResultKeys } from './savedRun';
import { checkOrientation } from './orientation';
import { loadModelEntry } from './loadModel';
import { mark } from '../../core/timeline';

export type { DataEntry, ModelEntry, Origin, Report } from '../evaluation';

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
  d.kind === 'builtin' ? `builtin:${d.id}` : d.kind === 'url' ? `url:${d.images}|${d.labels}` : d.kind === 'bundle' ? `bundle:${d.files.map((f) => `${f.path}:${fileKey(f.file)}`).join('|')}` : `${fileKey(d.images)}|${d.labels ? fileKey(d.labels) : 'no labels'}`;

const UNIT: Preprocessing = { preset: 'unit', invert: false };

/** What replaces `auto` for an unlabelled set: the model card's preprocessing, else `unit` (pixel/255). */
const unlabelledFallback = (model: ModelEntry): PreprocessingChoice => {
  const card = defaultChoice(model.card);
  return card.kind === 'fixed' ? card : { kind: 'fixed', pre: UNIT };
};

/** The first of these keys' saved results that Cache Storage still holds. */
async function firstSaved(keys: readonly string[]): Promise<SavedResult | null> {
  for (const key of keys) {
    const saved = await loadSaved(BUILD_ID, key);
    if (saved) return saved;
  }
  return null;
}

/** Soon after the results of this task are drawn: React commits them in the tasks that follow. */
function afterResultsShown(then: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(then, { timeout: 300 });
  else setTimeout(then, 100);
}

export class Pipeline {
  private readonly models = new Map<string, Promise<ModelEntry>>();
  private readonly data = new Map<string, Promise<DataEntry>>();
  /**
   * Only the evaluation the page opens on may show an earlier visit's saved results: after that the user is
   * asking for a run (another model, a preprocessing back and forth, a long session), so the model runs.
   */
  private openingEvaluation = true;
  /** Cancels the test sets being read (their image decoding); replaced after each cancel. */
  private loading = new AbortController();

  constructor(private readonly client: InferenceClient) {}

  /** The model, loaded and inspected, with its session started in the worker. */
  loadModel(request: ModelRequest, report: Report): Promise<ModelEntry> {
    const key = modelKey(request);
    let entry = this.models.get(key);
    if (!entry) {
      entry = loadModelEntry(this.client, key, request, report);
      this.models.set(key, entry);
      entry.catch(() => this.models.delete(key));
      this.evict(this.models, 3, (k) => this.client.release(k));
    }
    return entry;
  }

  /** The test set, read and checked (but not yet against a model). */
  loadData(request: DataRequest, report: Report): Promise<DataEntry> {
    const key = dataKey(request);
    let entry = this.data.get(key);
    if (!entry) {
      entry = loadDataEntry(key, request, report, this.loading.signal);
      this.data.set(key, entry);
      const cached = entry;
      const forget = () => this.data.get(key) === cached && this.data.delete(key);
      // A file that turns out damaged halfway through its decompression is not kept either.
      entry.then((d) => d.decoding?.done.catch(forget), forget);
      this.evict(this.data, 3);
    }
    return entry;
  }

  /** Stops reading the test sets being loaded (the evaluations themselves are cancelled by the inference client). */
  cancel(): void {
    this.loading.abort();
    this.loading = new AbortController();
  }

  /** Runs the request end to end. */
  async evaluate(request: EvaluationRequest, report: Report): Promise<Evaluation> {
    const started = performance.now();
    mark('evaluate');
    const [model, loaded] = await Promise.all([
      this.loadModel(request.model, report).then((m) => (mark('model-ready'), m)),
      // The worker gets the pixels as soon as they are decoded, while the model's session is still being made.
      this.loadData(request.data, report).then(
        (d) => {
          mark('data-ready');
          this.client.preload(d.images, d.decoding);
          return d;
        },
        (e: unknown) => {
          throw e instanceof DOMException && e.name === 'AbortError' ? new EvaluationCancelled() : e;
        },
      ),
    ]);
    let data = loaded;
    if (model.classes !== null && data.labels) unwrap(makeTestSet(data.images, data.labels, model.classes), data.files.labels ?? data.name);

    const asked: PreprocessingChoice = request.pre ?? defaultChoice(model.card);
    const notes: string[] = [];
    // `auto` compares preprocessings by accuracy, which needs labels: without them the model's own default is
    // used (its card's), or `unit`, and the page says so.
    const choice: PreprocessingChoice = asked.kind === 'auto' && !data.labels ? unlabelledFallback(model) : asked;
    if (choice !== asked && choice.kind === 'fixed') {
      notes.push(`No labels: auto cannot compare preprocessings without them, so ${formatChoice(choice)} (${model.card ? "the model card's" : 'the usual'} scaling) is used. Choose another in the toolbar if the predictions look wrong.`);
    }
    let calibration: Calibration | null = null;
    let pre: Preprocessing;

    if (choice.kind === 'auto' && data.labels) {
      await data.decoding?.done; // the calibration slice is read whole
      calibration = await calibrate(data.images, data.labels, model.feed.inputType, (slice, pre, step) => {
        report('running', { label: `Choosing the preprocessing: trying ${step.index + 1} of ${step.of} on ${slice.count} images`, done: step.index, total: step.of, unit: 'steps' });
        return this.run(model, slice, pre, () => {});
      });
      pre = calibration.best.pre;
    } else {
      pre = choice.kind === 'fixed' ? choice.pre : UNIT;
    }

    // EMNIST-like files store images transposed: the model, on the first labelled images, says which way is up.
    if (loaded.orientationCheck && loaded.labels) {
      await loaded.decoding?.done;
      report('running', { label: 'Checking the images’ orientation (stored transposed, as EMNIST’s?)', done: 0, total: 2, unit: 'steps' });
      data = await checkOrientation(loaded, (slice) => this.run(model, slice, pre, () => {}));
    }

    report('running', { label: `Running ${model.name}`, done: 0, total: data.images.count, unit: 'images' });
    let ran: Awaited<ReturnType<Pipeline['runOnBackend']>>;
    // A built-in model on a built-in test set: an earlier visit's results with this build are these results.
    const savedKey = savedResultKey(request, pre);
    const opening = this.openingEvaluation;
    this.openingEvaluation = false;
    // Cache Storage is opened only when the localStorage hint says something is there (a first visit's run waits for nothing).
    const saved = opening ? await firstSaved(savedResultKeys(request, pre).filter((key) => savedNoted(BUILD_ID, key))) : null;
    // A worker the first script held back for these saved results starts once they are on screen (main.tsx).
    if (opening) afterResultsShown(() => this.client.begin());
    mark(saved ? 'saved-read' : 'run-start');
    try {
      ran = saved ? fromSaved(saved) : await this.runOnBackend(model, data, pre, request.backend, report);
    } catch (e) {
      await data.decoding?.done; // a file damaged halfway is what went wrong, not the model: say so
      throw e;
    }
    if (savedKey && !saved) {
      const { scores, classes, inferenceMs, runtime } = ran.output;
      // After the results are drawn: storing them copies the scores, work the first drawing need not wait for.
      setTimeout(() => void save(BUILD_ID, savedKey, { scores, classes, inferenceMs, runtime, savedAt: Date.now() }));
    }
    mark('run-end');
    const { output, notes: backendNotes, agreement } = ran;
    const classes = output.classes;
    if (classes < 2) throw new Error(`${model.fileName} outputs ${classes} class score per image; a classifier needs at least 2.`);
    const testSet = data.labels ? unwrap(makeTestSet(data.images, data.labels, classes), data.files.labels ?? data.name) : null;
    const predictions = predictionsFromScores(output.scores, data.images.count, classes);
    const classNames = data.classNames && data.classNames.length === classes ? data.classNames : Array.from({ length: classes }, (_, k) => String(k));
    notes.unshift(...model.notes);
    notes.push(...(data.notes ?? []), ...backendNotes);
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
      matrix: data.labels ? confusionMatrix(data.labels.labels, predictions.predicted, classes) : null,
      timings: { sessionMs: output.sessionMs, inferenceMs: output.inferenceMs, requestToDoneMs: performance.now() - started, openToDoneMs: performance.now(), ...(saved ? { savedAt: saved.savedAt } : {}) },
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
      // A model that exhausted the worker's memory is not kept: its session would exhaust the fresh worker's too.
      if (isOutOfMemory((e as Error).message)) this.forgetModel(model.key);
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
      // From the first images done, not from the request: the wait for the session is not a run worth watching.
      let started: number | null = null;
      // A new snapshot at most every LIVE_MATRIX_EVERY_MS: between two, the views see the same object and skip
      // redrawing; every redraw takes the CPU onnxruntime's threads are using.
      let partial: Progress['partial'];
      let partialAt = -Infinity;
      return (done, _total, chunk) => {
        for (let i = 0; labels && i < chunk.predicted.length; i++) {
          const t = labels.labels[chunk.from + i]!;
          const p = chunk.predicted[i]!;
          if (p === t) correct++;
          if (counts && t < classes! && p < classes!) counts[t * classes! + p]! += 1;
        }
        const now = performance.now();
        started ??= now;
        if (labels && counts && classNames && done < images.count && now - started >= LIVE_MATRIX_AFTER_MS && now - partialAt >= LIVE_MATRIX_EVERY_MS) {
          partial = { matrix: { classes: classes!, counts: counts.slice() }, classNames, done, total: images.count };
          partialAt = now;
        }
        report('running', { label, done, total: images.count, unit: 'images', ...(labels ? { correct } : {}), ...(partial ? { partial } : {}) });
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

  private forgetModel(key: string): void {
    this.models.delete(key);
    this.client.release(key);
  }

  private evict<T>(cache: Map<string, Promise<T>>, keep: number, onEvict?: (key: string) => void): void {
    while (cache.size > keep) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
      onEvict?.(oldest);
    }
  }
}


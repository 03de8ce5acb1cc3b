/**
 * Runs the default evaluation when the page opens: fetch model and test set, evaluate in the worker,
 * compute the metrics. Owns the InferenceClient; every step reports progress into the dashboard state.
 */
import { useCallback, useEffect, useReducer, useRef, type Dispatch } from 'react';
import { DEFAULT_DATASET, DEFAULT_MODEL, testFileUrls } from '../builtins';
import { confusionMatrix } from '../core/metrics/confusion';
import { describePreprocessing } from '../core/preprocess';
import { predictionsFromScores } from '../core/predictions';
import type { Result } from '../core/result';
import { makeTestSet, readImages, readLabels } from '../core/testSet';
import { InferenceClient } from '../inference/client';
import { fetchBytes, ungzipIfNeeded } from '../io/fetchBytes';
import { initialState, reduce, type Action, type DashboardState } from './state';
import { readSeedFromUrl, writeUrl } from './urlState';

const unwrap = <T,>(result: Result<T>, what: string): T => {
  if (!result.ok) throw new Error(`${what}: ${result.reason}`);
  return result.value;
};

async function runDefaultEvaluation(client: InferenceClient, dispatch: Dispatch<Action>): Promise<void> {
  const model = DEFAULT_MODEL;
  const dataset = DEFAULT_DATASET;
  const urls = testFileUrls(dataset);
  const loaded = { model: 0, images: 0, labels: 0 };
  const sizes = { model: 0, images: 0, labels: 0 };
  const report = (part: keyof typeof loaded) => (done: number, total: number | null) => {
    loaded[part] = done;
    sizes[part] = total ?? done;
    const all = sizes.model + sizes.images + sizes.labels;
    dispatch({
      type: 'progress',
      phase: 'loading',
      progress: { label: `Loading ${model.card.name} and the ${dataset.name} test set`, done: loaded.model + loaded.images + loaded.labels, total: all || null, unit: 'bytes' },
    });
  };
  report('model')(0, null);

  // The model goes to the worker as soon as it arrives, so session creation overlaps the test-set download.
  const modelKey = `builtin:${model.card.id}`;
  const modelReady = fetchBytes(model.url, report('model')).then((bytes) => {
    client.prepare({
      key: modelKey,
      bytes: bytes.slice().buffer,
      inputName: model.card.input.name,
      layout: model.card.input.layout,
      scoresOutput: model.card.outputs.scores,
    });
  });
  const [imagesGz, labelsGz] = await Promise.all([
    fetchBytes(urls.images, report('images')),
    fetchBytes(urls.labels, report('labels')),
    modelReady,
  ]);
  const images = unwrap(readImages(await ungzipIfNeeded(imagesGz)), dataset.test.images.name);
  const labels = unwrap(readLabels(await ungzipIfNeeded(labelsGz)), dataset.test.labels.name);
  const testSet = unwrap(makeTestSet(images, labels, dataset.classNames.length), dataset.name);

  const running = (done: number) =>
    dispatch({ type: 'progress', phase: 'running', progress: { label: `Running ${model.card.name}`, done, total: images.count, unit: 'images' } });
  running(0);
  const preprocessing = { preset: model.card.preprocessing.preset, invert: model.card.preprocessing.invert };
  const output = await client.evaluate(modelKey, images, preprocessing, running);
  if (output.classes !== dataset.classNames.length) {
    throw new Error(`${model.card.name} outputs ${output.classes} classes but ${dataset.name} has ${dataset.classNames.length}.`);
  }
  const predictions = predictionsFromScores(output.scores, images.count, output.classes);
  dispatch({
    type: 'evaluated',
    evaluation: {
      modelName: model.card.name,
      datasetName: dataset.name,
      classNames: dataset.classNames,
      preprocessing: describePreprocessing(preprocessing),
      testSet,
      predictions,
      matrix: confusionMatrix(labels.labels, predictions.predicted, output.classes),
      timings: { sessionMs: output.sessionMs, inferenceMs: output.inferenceMs, openToDoneMs: performance.now() },
      runtime: output.runtime,
    },
  });
}

export interface Dashboard {
  readonly state: DashboardState;
  readonly dispatch: Dispatch<Action>;
  readonly cancel: () => void;
  readonly retry: () => void;
}

export function useDashboard(): Dashboard {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(readSeedFromUrl()));
  const client = useRef<InferenceClient | null>(null);
  const [attempt, bumpAttempt] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    const c = new InferenceClient();
    client.current = c;
    return () => {
      c.dispose();
      client.current = null;
    };
  }, []);

  useEffect(() => {
    const c = client.current;
    if (!c) return;
    // A run outlived by its effect (unmount, retry) must not write into the state any more.
    let live = true;
    const guarded: Dispatch<Action> = (action) => live && dispatch(action);
    runDefaultEvaluation(c, guarded).catch((e: unknown) => {
      guarded({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(() => writeUrl({ seed: state.seed }), [state.seed]);

  const cancel = useCallback(() => client.current?.cancel(), []);
  return { state, dispatch, cancel, retry: bumpAttempt };
}

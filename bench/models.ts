/** What the benchmark measures: the built-in models and the third-party ones, with the URLs that open them. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../app/core/datasets';
import type { ModelCard } from '../app/core/modelCard';
import { planFeed, type Feed } from '../app/core/onnx/feed';
import { inspectOnnx } from '../app/core/onnx/inspect';
import { relaxForFeed } from '../app/core/onnx/relaxBatch';
import type { Preprocessing } from '../app/core/preprocess';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { CACHE, opts, ORIGIN, THIRD_PARTY } from './config';

// ---------------------------------------------------------------------------------------------------
// What to measure.

export interface BenchModel {
  readonly label: string;
  readonly path: string;
  readonly dataset: string;
  readonly pre: Preprocessing;
  readonly feed: Feed;
  /** The relaxed model's URL for the raw page, when the model's batch is fixed at 1 and could be freed. */
  readonly relaxedUrl: string | null;
  readonly modelUrl: string;
  readonly dashboardUrl: string;
}

export function plan(path: string): Feed {
  const inspected = inspectOnnx(new Uint8Array(readFileSync(path)));
  if (!inspected.ok) throw new Error(`${path}: ${inspected.reason}`);
  const feed = planFeed(inspected.value);
  if (!feed.ok) throw new Error(`${path}: ${feed.reason}`);
  return feed.value;
}

export const testUrls = (datasetId: string, origin = ORIGIN): { images: string; labels: string } => {
  const d = DATASETS.find((x) => x.id === datasetId)!;
  return { images: `${origin}/app/data/${d.id}/${d.test.images.name}`, labels: `${origin}/app/data/${d.id}/${d.test.labels.name}` };
};

export function benchModels(): BenchModel[] {
  const list: BenchModel[] = [];
  const cards = readdirSync(join(PROJECT_ROOT, 'models'))
    .filter((f) => f.endsWith('.card.json'))
    .map((f) => JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', f), 'utf8')) as ModelCard)
    .sort((a, b) => (a.id === 'mnist-logreg' ? -1 : b.id === 'mnist-logreg' ? 1 : a.id.localeCompare(b.id)));
  for (const card of cards) {
    const path = join(PROJECT_ROOT, 'models', card.file);
    list.push({
      label: card.id,
      path,
      dataset: card.dataset,
      pre: { preset: card.preprocessing.preset, invert: card.preprocessing.invert },
      feed: plan(path),
      relaxedUrl: null,
      modelUrl: `${ORIGIN}/models/${card.file}`,
      // A built-in model by id, as the model picker and shared links open it.
      dashboardUrl: `${ORIGIN}/app/?model=${card.id}&dataset=${card.dataset}`,
    });
  }
  if (existsSync(THIRD_PARTY)) {
    for (const file of readdirSync(THIRD_PARTY).filter((f) => f.endsWith('.onnx')).sort()) {
      const path = join(THIRD_PARTY, file);
      const feed = plan(path);
      // Both published for MNIST and scored there with pixels/255 (../shared/models-third-party/README.md).
      const urls = testUrls('mnist');
      const modelUrl = `${ORIGIN}/third-party/${file}`;
      let relaxedUrl: string | null = null;
      if (feed.fixedBatch === 1) {
        const relaxed = relaxForFeed(new Uint8Array(readFileSync(path)), feed);
        if (relaxed.relaxed) {
          mkdirSync(join(CACHE, 'relaxed'), { recursive: true });
          writeFileSync(join(CACHE, 'relaxed', file), relaxed.bytes);
          relaxedUrl = `${ORIGIN}/relaxed/${file}`;
        }
      }
      list.push({
        label: file.replace(/\.onnx$/, ''),
        path,
        dataset: 'mnist',
        pre: { preset: 'unit', invert: false },
        feed,
        relaxedUrl,
        modelUrl,
        // A model and test files by URL: the "open a link" case.
        dashboardUrl: `${ORIGIN}/app/?model=${encodeURIComponent(modelUrl)}&images=${encodeURIComponent(urls.images)}&labels=${encodeURIComponent(urls.labels)}&pre=unit`,
      });
    }
  }
  return opts.only ? list.filter((m) => m.label.includes(opts.only!)) : list;
}


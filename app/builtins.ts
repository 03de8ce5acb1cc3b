/**
 * The models and datasets that ship with the site. Model files are imported as URLs so that Vite
 * copies them into the build with content hashes; the cards come along as JSON.
 */
import { DATASETS, testFilePath, type DatasetDescription } from './core/datasets';
import type { ModelCard } from './core/modelCard';
import mnistLogregCard from '../models/mnist-logreg.card.json';
import mnistLogregUrl from '../models/mnist-logreg.onnx?url';

export interface BuiltinModel {
  readonly card: ModelCard;
  readonly url: string;
}

// The cards are written by models/train_*.py and checked against the models by models/cards.test.ts.
export const BUILTIN_MODELS: readonly BuiltinModel[] = [{ card: mnistLogregCard as unknown as ModelCard, url: mnistLogregUrl }];

export const MODEL_CHOICES: readonly string[] = BUILTIN_MODELS.map((m) => m.card.id);
export const DATASET_CHOICES: readonly string[] = DATASETS.map((d) => d.id);

export const builtinDataset = (id: string): DatasetDescription | null => DATASETS.find((d) => d.id === id) ?? null;

/** URLs of a built-in dataset's test files, relative to the page. */
export const testFileUrls = (dataset: DatasetDescription): { images: string; labels: string } => ({
  images: testFilePath(dataset, dataset.test.images),
  labels: testFilePath(dataset, dataset.test.labels),
});

/**
 * The models and datasets that ship with the site. Model files are imported as URLs so that Vite
 * copies them into the build with content hashes; the cards come along as JSON.
 */
import { DATASETS, testFilePath, type DatasetDescription } from './core/datasets';
import type { ModelCard } from './core/modelCard';
import fashionCnnCard from '../models/fashion-cnn.card.json';
import fashionCnnUrl from '../models/fashion-cnn.onnx?url';
import fashionLogregCard from '../models/fashion-logreg.card.json';
import fashionLogregUrl from '../models/fashion-logreg.onnx?url';
import mnistCnnCard from '../models/mnist-cnn.card.json';
import mnistCnnUrl from '../models/mnist-cnn.onnx?url';
import mnistLogregCard from '../models/mnist-logreg.card.json';
import mnistLogregUrl from '../models/mnist-logreg.onnx?url';

export interface BuiltinModel {
  readonly card: ModelCard;
  readonly url: string;
}

// The cards are written by models/train_*.py and checked against the models by models/cards.test.ts.
export const BUILTIN_MODELS: readonly BuiltinModel[] = [
  { card: mnistLogregCard as unknown as ModelCard, url: mnistLogregUrl },
  { card: mnistCnnCard as unknown as ModelCard, url: mnistCnnUrl },
  { card: fashionLogregCard as unknown as ModelCard, url: fashionLogregUrl },
  { card: fashionCnnCard as unknown as ModelCard, url: fashionCnnUrl },
];

export const builtinModel = (id: string): BuiltinModel | null => BUILTIN_MODELS.find((m) => m.card.id === id) ?? null;

/** The built-in models trained for a dataset, the dataset's default (its seed-recipe model) first. */
export const modelsFor = (datasetId: string): readonly BuiltinModel[] => BUILTIN_MODELS.filter((m) => m.card.dataset === datasetId);

export const MODEL_CHOICES: readonly string[] = BUILTIN_MODELS.map((m) => m.card.id);
export const DATASET_CHOICES: readonly string[] = DATASETS.map((d) => d.id);

export const builtinDataset = (id: string): DatasetDescription | null => DATASETS.find((d) => d.id === id) ?? null;

/** URLs of a built-in dataset's test files, relative to the page. */
export const testFileUrls = (dataset: DatasetDescription): { images: string; labels: string } => ({
  images: testFilePath(dataset, dataset.test.images),
  labels: testFilePath(dataset, dataset.test.labels),
});

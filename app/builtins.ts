/**
 * The models and datasets that ship with the site. Model files are imported as URLs so that Vite
 * copies them into the build with content hashes; the cards come along as JSON.
 */
import { MNIST, testFilePath, type DatasetDescription } from './core/datasets';
import type { ModelCard } from './core/modelCard';
import mnistLogregCard from '../models/mnist-logreg.card.json';
import mnistLogregUrl from '../models/mnist-logreg.onnx?url';

export interface BuiltinModel {
  readonly card: ModelCard;
  readonly url: string;
}

// The cards are written by models/train_*.py and checked against the models by the model tests.
export const DEFAULT_MODEL: BuiltinModel = { card: mnistLogregCard as unknown as ModelCard, url: mnistLogregUrl };
export const DEFAULT_DATASET: DatasetDescription = MNIST;

/** URLs of a built-in dataset's test files, relative to the page. */
export const testFileUrls = (dataset: DatasetDescription): { images: string; labels: string } => ({
  images: testFilePath(dataset, dataset.test.images),
  labels: testFilePath(dataset, dataset.test.labels),
});

/**
 * The map in Node (`npm run eval -- --map out.csv`): the page's feature rewrite and projection (app/core) on the
 * model's features computed by onnxruntime-node, or its probabilities when it has no hidden layer. Same seed as
 * the page; the coordinates differ from the page's only as far as onnxruntime-node's floats differ from the web's.
 */
import { coordinatesCsv } from '../core/embedding/mapCsv';
import { MAP_SEED, projectAll, type Projection } from '../core/embedding/project';
import { exposeFeatures } from '../core/onnx/penultimate';
import type { HeadlessEvaluation } from './headlessEval';
import { nativeFeatures } from './nativeFeatures';

export interface NativeMap {
  /** `features` (with the tensor's name) or `probabilities` (with the reason no features were found). */
  readonly source: { readonly kind: 'features'; readonly tensor: string; readonly dims: number } | { readonly kind: 'probabilities'; readonly reason: string };
  readonly projection: Projection;
  readonly csv: string;
}

/** Maps an evaluation's test set; `maxPoints` as the page's sample limit (default 10 000). */
export async function nativeMap(evaluation: HeadlessEvaluation, maxPoints?: number): Promise<NativeMap> {
  const { model, data, predictions, preprocessing } = evaluation;
  const count = data.images.count;
  const found = exposeFeatures(model.runBytes, model.feed.scoresOutput);
  let source: NativeMap['source'];
  let values: Float32Array;
  let dims: number;
  if (found.kind === 'features') {
    const out = await nativeFeatures(found.bytes, model.feed, found.tensor, data.images, preprocessing);
    source = { kind: 'features', tensor: found.tensor, dims: out.featureDims };
    values = out.features;
    dims = out.featureDims;
  } else {
    source = { kind: 'probabilities', reason: found.reason };
    values = Float32Array.from(evaluation.deep.probabilities.values);
    dims = predictions.classes;
  }
  const projection = projectAll(values, count, dims, { seed: MAP_SEED, ...(maxPoints === undefined ? {} : { maxPoints }) });
  return { source, projection, csv: coordinatesCsv(projection.indices, projection.coordinates, data.labels.labels, predictions.predicted) };
}

/**
 * The first script's head start: the files the address asks for (the built-in or URL model and test set) are
 * fetched before React renders, a built-in test set decompressed too, and the dashboard's pipeline takes them over
 * (app/io/earlyFetch.ts, app/io/earlyDecompress.ts).
 */
import { builtinDataset, builtinModel, DATASET_CHOICES, MODEL_CHOICES, testFileUrls } from '../../builtins';
import { prefetchDecompressed } from '../../io/earlyDecompress';
import { prefetch } from '../../io/earlyFetch';
import type { EvaluationRequest } from '../request';
import { parseUrl } from '../urlState';

export function prefetchFromAddress(): EvaluationRequest {
  const { request } = parseUrl(location.href, MODEL_CHOICES, DATASET_CHOICES);
  const { model, data } = request;
  if (model.kind === 'builtin') {
    const builtin = builtinModel(model.id);
    if (builtin) prefetch(builtin.url);
  } else if (model.kind === 'url') {
    prefetch(model.url);
    if (model.dataUrl) prefetch(model.dataUrl);
  }
  if (data.kind === 'builtin') {
    const dataset = builtinDataset(data.id);
    if (dataset) {
      const urls = testFileUrls(dataset);
      prefetchDecompressed(urls.images);
      prefetchDecompressed(urls.labels);
    }
  } else if (data.kind === 'url') {
    prefetch(data.images);
    prefetch(data.labels);
  }
  return request;
}

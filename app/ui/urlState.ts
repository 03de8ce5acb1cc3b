/**
 * The part of the dashboard state that lives in the address bar, read and written in one place.
 *
 *   model    built-in model id (mnist-logreg) or the URL of an .onnx file
 *   data     URL of the model's external data file (with a model URL)
 *   dataset  built-in dataset id (mnist)
 *   images, labels   URLs of IDX files (gzip or raw), instead of dataset; or of zip, tar, CSV, NumPy files
 *                    (images= alone when one file holds both)
 *   pre      auto | unit | raw | standard | symmetric, optionally ",invert"
 *   backend  wasm (default) | webgl | webgpu
 *   seed     the sample strip's seed
 *   view     counts | errors (the matrix view)
 *   cell     t,p: the matrix cell whose samples the gallery shows
 *   sample   the test image the inspector shows
 *   tab      per-class | mistakes | confidence | compare | labels | stress | map
 *   compare  built-in model id of the comparison's second model
 *   review   the review of suspect labels: 8w3.12a.33r (image 8 is a 3, 12 ambiguous, 33's label is right)
 *   truth    corrected: the headline, matrix and per-class table count the reviewed labels
 *
 * URLs may be relative to the page; only http and https are fetched.
 */
import { EMPTY_REVIEW, formatReviewParam, parseReviewParam, type Review } from '../core/labelIssues/review';
import { parseChoice, formatChoice } from '../core/preprocessChoice';
import { BACKEND_NAMES, type Backend } from '../inference/protocol';
import type { DataRequest, EvaluationRequest, ModelRequest } from './request';
import { ANALYSIS_TABS, type AnalysisTab, type MatrixView, type Truth } from './state';

export const DEFAULT_SEED = 42;
export const DEFAULT_MODEL_ID = 'mnist-logreg';
export const DEFAULT_DATASET_ID = 'mnist';

export interface UrlState {
  readonly request: EvaluationRequest;
  readonly seed: number;
  readonly view: MatrixView;
  readonly cell: { readonly t: number; readonly p: number } | null;
  readonly sample: number | null;
  readonly tab: AnalysisTab;
  /** A built-in model to compare with (dropped ones cannot be linked). */
  readonly compare: ModelRequest | null;
  /** Optional so that callers that know nothing of suspect labels need not pass them. */
  readonly review?: Review;
  readonly truth?: Truth;
}

export interface ParsedUrl extends UrlState {
  /** Parameters that were refused, each with the reason; the rest of the URL still applies. */
  readonly problems: readonly string[];
}

/** Resolves a user-given URL against the page and refuses every scheme but http(s). */
export function safeUrl(raw: string, base: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return { ok: false, reason: `"${raw}" is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `only http and https URLs are loaded, not ${url.protocol.replace(/:$/, '')}:` };
  }
  return { ok: true, url: url.href };
}

const isId = (s: string): boolean => /^[a-z0-9][a-z0-9-]{0,63}$/.test(s);

export function parseUrl(href: string, builtinModels: readonly string[], builtinDatasets: readonly string[]): ParsedUrl {
  const url = new URL(href);
  const q = url.searchParams;
  const problems: string[] = [];
  const fetchable = (name: string): string | null => {
    const raw = q.get(name);
    if (raw === null || raw === '') return null;
    const checked = safeUrl(raw, href);
    if (!checked.ok) {
      problems.push(`${name}: ${checked.reason}`);
      return null;
    }
    return checked.url;
  };

  let model: ModelRequest = { kind: 'builtin', id: DEFAULT_MODEL_ID };
  const modelParam = q.get('model');
  if (modelParam) {
    if (isId(modelParam) && !modelParam.includes('.')) {
      if (builtinModels.includes(modelParam)) model = { kind: 'builtin', id: modelParam };
      else problems.push(`model: there is no built-in model "${modelParam}" (built-in: ${builtinModels.join(', ')})`);
    } else {
      const modelUrl = fetchable('model');
      if (modelUrl) model = { kind: 'url', url: modelUrl, dataUrl: fetchable('data') };
    }
  }

  let data: DataRequest = { kind: 'builtin', id: DEFAULT_DATASET_ID };
  const datasetParam = q.get('dataset');
  if (datasetParam) {
    if (builtinDatasets.includes(datasetParam)) data = { kind: 'builtin', id: datasetParam };
    else problems.push(`dataset: there is no built-in dataset "${datasetParam}" (built-in: ${builtinDatasets.join(', ')})`);
  }
  if (q.has('images') || q.has('labels')) {
    const images = fetchable('images');
    const labels = fetchable('labels');
    if (images && labels) data = { kind: 'url', images, labels };
    // A zip, tar, CSV or NumPy archive holds images and labels in one file: `images=` alone (labels '').
    else if (images && !q.has('labels') && /\.(zip|npz|csv|tar|tgz|tar\.gz)$/i.test(new URL(images, 'http://x/').pathname)) data = { kind: 'url', images, labels: '' };
    else if (!problems.some((p) => p.startsWith('images') || p.startsWith('labels'))) problems.push('images and labels: give both URLs');
  }

  let pre = null;
  const preParam = q.get('pre');
  if (preParam) {
    pre = parseChoice(preParam);
    if (!pre) problems.push(`pre: "${preParam}" is not auto, unit, raw, standard or symmetric (optionally followed by ,invert)`);
  }

  let backend: Backend = 'wasm';
  const backendParam = q.get('backend');
  if (backendParam) {
    if (backendParam in BACKEND_NAMES) backend = backendParam as Backend;
    else problems.push(`backend: "${backendParam}" is not wasm, webgl or webgpu; using WebAssembly (wasm)`);
  }

  const seedParam = q.get('seed');
  const seedNumber = seedParam === null ? NaN : Number(seedParam);
  const seed = Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= 0xffffffff ? seedNumber : DEFAULT_SEED;
  if (seedParam !== null && seed !== seedNumber) problems.push(`seed: "${seedParam}" is not a whole number from 0 to 4294967295`);

  const view: MatrixView = q.get('view') === 'errors' ? 'errors' : 'counts';

  let cell: UrlState['cell'] = null;
  const cellParam = q.get('cell');
  if (cellParam) {
    const m = /^(\d{1,4}),(\d{1,4})$/.exec(cellParam);
    if (m) cell = { t: Number(m[1]), p: Number(m[2]) };
    else problems.push(`cell: "${cellParam}" is not two class numbers like 5,3`);
  }
  let sample: number | null = null;
  const sampleParam = q.get('sample');
  if (sampleParam) {
    if (/^\d{1,9}$/.test(sampleParam)) sample = Number(sampleParam);
    else problems.push(`sample: "${sampleParam}" is not a test image number`);
  }
  const tabParam = q.get('tab');
  const tab: AnalysisTab = tabParam && (ANALYSIS_TABS as readonly string[]).includes(tabParam) ? (tabParam as AnalysisTab) : 'per-class';
  if (tabParam && tab !== tabParam) problems.push(`tab: "${tabParam}" is not one of ${ANALYSIS_TABS.join(', ')}`);
  let compare: ModelRequest | null = null;
  const compareParam = q.get('compare');
  if (compareParam) {
    if (builtinModels.includes(compareParam)) compare = { kind: 'builtin', id: compareParam };
    else problems.push(`compare: there is no built-in model "${compareParam}"`);
  }
  let review: Review = EMPTY_REVIEW;
  const reviewParam = q.get('review');
  if (reviewParam) {
    const parsed = parseReviewParam(reviewParam);
    if (parsed.ok) review = parsed.value;
    else problems.push(`review: ${parsed.reason}`);
  }
  const truth: Truth = q.get('truth') === 'corrected' && review.size > 0 ? 'corrected' : 'given';
  return { request: { model, data, pre, backend }, seed, view, cell, sample, tab, compare, ...(review.size > 0 ? { review, truth } : {}), problems };
}

/**
 * The address for a state. Dropped files cannot be linked: their parameters are left out, and the page
 * offers "Share results" instead. The hash (a shared report) is kept as it is.
 */
export function formatUrl(state: UrlState, current: string): string {
  const url = new URL(current);
  const q = new URLSearchParams();
  const { model, data, pre } = state.request;
  if (model.kind === 'builtin' && model.id !== DEFAULT_MODEL_ID) q.set('model', model.id);
  if (model.kind === 'url') {
    q.set('model', model.url);
    if (model.dataUrl) q.set('data', model.dataUrl);
  }
  if (data.kind === 'builtin' && data.id !== DEFAULT_DATASET_ID) q.set('dataset', data.id);
  if (data.kind === 'url') {
    q.set('images', data.images);
    if (data.labels) q.set('labels', data.labels);
  }
  if (pre) q.set('pre', formatChoice(pre));
  if (state.request.backend !== 'wasm') q.set('backend', state.request.backend);
  q.set('seed', String(state.seed));
  if (state.view !== 'counts') q.set('view', state.view);
  if (state.cell) q.set('cell', `${state.cell.t},${state.cell.p}`);
  if (state.sample !== null) q.set('sample', String(state.sample));
  if (state.tab !== 'per-class') q.set('tab', state.tab);
  if (state.compare?.kind === 'builtin') q.set('compare', state.compare.id);
  if (state.review && state.review.size > 0) q.set('review', formatReviewParam(state.review));
  if (state.truth === 'corrected' && state.review && state.review.size > 0) q.set('truth', 'corrected');
  url.search = q.toString();
  return url.href;
}

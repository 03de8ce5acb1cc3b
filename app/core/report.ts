/**
 * A shared report: an evaluation's results without the model, small enough to travel in a link's hash.
 * Links come from strangers, so decoding checks every field and bound before anything is drawn.
 */
import { fail, ok, type Result } from './result';
import { REVIEW_STATUSES, type ReviewedImage } from './labelIssues/review';

export const REPORT_VERSION = 1;

export interface SharedReport {
  readonly v: typeof REPORT_VERSION;
  readonly createdAt: string;
  readonly model: { readonly name: string; readonly fileName: string; readonly sizeBytes: number; readonly producer: string; readonly parameters: number };
  /** `id` is a built-in dataset's id (its images can be drawn), null for the user's own files. */
  readonly dataset: { readonly id: string | null; readonly name: string; readonly count: number };
  readonly preprocessing: string;
  readonly classNames: readonly string[];
  /** Rows true label, columns predicted. */
  readonly matrix: readonly (readonly number[])[];
  readonly strip: { readonly seed: number; readonly indices: readonly number[]; readonly predicted: readonly number[] };
  /** The sender's review of suspect labels, if any (absent in reports made before it existed). */
  readonly review?: readonly ReviewedImage[];
}

const MAX_CLASSES = 1000;
const MAX_STRIP = 100;
const MAX_TEXT = 300;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_TEXT;
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isCounts = (x: unknown, length?: number): x is number[] => Array.isArray(x) && (length === undefined || x.length === length) && x.every(isCount);

/** Checks untrusted JSON (already parsed) against the report's shape and its internal consistency. */
export function validateReport(x: unknown): Result<SharedReport> {
  const bad = (what: string) => fail<SharedReport>(`The shared report is damaged or from another version: ${what}.`);
  if (!isObject(x)) return bad('it is not an object');
  if (x['v'] !== REPORT_VERSION) return bad(`version ${String(x['v'])} is not ${REPORT_VERSION}`);
  const { model, dataset, classNames, matrix, strip } = x;
  if (!isText(x['createdAt']) || !isText(x['preprocessing'])) return bad('createdAt or preprocessing');
  if (!isObject(model) || !isText(model['name']) || !isText(model['fileName']) || !isText(model['producer']) || !isCount(model['sizeBytes']) || !isCount(model['parameters'])) return bad('model');
  if (!isObject(dataset) || !(dataset['id'] === null || isText(dataset['id'])) || !isText(dataset['name']) || !isCount(dataset['count'])) return bad('dataset');
  if (!Array.isArray(classNames) || classNames.length < 2 || classNames.length > MAX_CLASSES || !classNames.every(isText)) return bad('classNames');
  const c = classNames.length;
  if (!Array.isArray(matrix) || matrix.length !== c || !matrix.every((row) => isCounts(row, c))) return bad(`matrix (expected ${c}×${c} counts)`);
  const total = (matrix as number[][]).flat().reduce((a, b) => a + b, 0);
  if (total !== dataset['count']) return bad(`matrix counts ${total} images but the dataset has ${String(dataset['count'])}`);
  if (!isObject(strip) || !isCount(strip['seed']) || !isCounts(strip['indices']) || !isCounts(strip['predicted'])) return bad('strip');
  const indices = strip['indices'] as number[];
  const predicted = strip['predicted'] as number[];
  if (indices.length > MAX_STRIP || predicted.length !== indices.length) return bad('strip sizes');
  if (indices.some((i) => i >= total) || predicted.some((p) => p >= c)) return bad('strip indices or predictions out of range');
  const reviewProblem = checkReviewedImages(x['review'], matrix as number[][], total);
  if (reviewProblem) return bad(reviewProblem);
  return ok(x as unknown as SharedReport);
}

const MAX_REVIEWED = 100_000;

/** What is wrong with a report's review, or null: every image in range, and in a matrix cell that can give it up. */
function checkReviewedImages(review: unknown, matrix: readonly (readonly number[])[], total: number): string | null {
  if (review === undefined) return null;
  if (!Array.isArray(review) || review.length > MAX_REVIEWED) return 'review';
  const c = matrix.length;
  const left = matrix.map((row) => [...row]);
  const seen = new Set<number>();
  for (const r of review as unknown[]) {
    if (!isObject(r) || !isCount(r['index']) || !isCount(r['given']) || !isCount(r['predicted'])) return 'review entries';
    const { index, given, predicted, status, corrected } = r as { index: number; given: number; predicted: number; status: unknown; corrected: unknown };
    if (!(REVIEW_STATUSES as readonly unknown[]).includes(status)) return `review status ${String(status)}`;
    if (!(corrected === null || (isCount(corrected) && corrected < c)) || (status === 'wrong' && corrected === null)) return 'review corrected labels';
    if (index >= total || given >= c || predicted >= c || seen.has(index)) return 'review indices or labels out of range';
    seen.add(index);
    if (--left[given]![predicted]! < 0) return 'review images the matrix does not have';
  }
  return null;
}

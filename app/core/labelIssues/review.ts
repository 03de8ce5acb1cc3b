/**
 * A person's review of suspect labels, and the evaluation "corrected" by it: an image marked "label is wrong"
 * counts under its corrected label, one marked "ambiguous" is left out, one marked "label is right" stays as it is.
 * The review travels in the address bar, in shared reports and as a CSV (`index,given,corrected,status`).
 */
import { confusionMatrix, type ConfusionMatrix } from '../metrics/confusion';
import { fail, ok, type Result } from '../result';

export type ReviewStatus = 'wrong' | 'ambiguous' | 'right';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['wrong', 'ambiguous', 'right'];

export interface ReviewMark {
  readonly status: ReviewStatus;
  /** The right label of an image marked wrong; null otherwise. */
  readonly corrected: number | null;
}

/** Marks by test-image index. */
export type Review = ReadonlyMap<number, ReviewMark>;

export const EMPTY_REVIEW: Review = new Map();

/** The label an image counts under once reviewed; null when it is left out (ambiguous). */
export function reviewedLabel(given: number, mark: ReviewMark | undefined): number | null {
  if (!mark) return given;
  if (mark.status === 'ambiguous') return null;
  return mark.status === 'wrong' && mark.corrected !== null ? mark.corrected : given;
}

/** The corrected label of an image left out as ambiguous: no class, so it lands in no cell. */
export const EXCLUDED = 0xffff;

export interface CorrectedEvaluation {
  readonly matrix: ConfusionMatrix;
  /** Per image, the label it counts under, or {@link EXCLUDED}. */
  readonly labels: Uint16Array;
  /** Images left out as ambiguous. */
  readonly excluded: number;
  /** Images counted under another label than the one given. */
  readonly relabelled: number;
}

/**
 * The confusion matrix with the review applied (rows: corrected labels, columns: the model's predictions). Marks
 * that do not fit (a corrected label past the model's classes, an index past the test set) are ignored.
 */
export function correctedEvaluation(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number, review: Review): CorrectedEvaluation {
  const kept: number[] = [];
  const truth: number[] = [];
  const corrected = new Uint16Array(labels.length);
  let excluded = 0;
  let relabelled = 0;
  for (let i = 0; i < labels.length; i++) {
    const reviewed = reviewedLabel(labels[i]!, review.get(i));
    const label = reviewed !== null && reviewed >= classes ? labels[i]! : reviewed;
    if (label === null) {
      excluded++;
      corrected[i] = EXCLUDED;
      continue;
    }
    if (label !== labels[i]) relabelled++;
    corrected[i] = label;
    kept.push(predicted[i]!);
    truth.push(label);
  }
  return { matrix: confusionMatrix(truth, kept, classes), labels: corrected, excluded, relabelled };
}

/** One reviewed image as a shared report carries it: the matrix cell it leaves and the one it joins. */
export interface ReviewedImage {
  readonly index: number;
  readonly given: number;
  readonly predicted: number;
  readonly status: ReviewStatus;
  readonly corrected: number | null;
}

/**
 * Applies reviewed images to a confusion matrix given as rows (a shared report's, which has no per-image labels):
 * each leaves its (given, predicted) cell and, unless ambiguous, joins (corrected, predicted).
 */
export function correctRows(rows: readonly (readonly number[])[], reviewed: readonly ReviewedImage[]): number[][] {
  const out = rows.map((r) => [...r]);
  for (const r of reviewed) {
    const label = reviewedLabel(r.given, { status: r.status, corrected: r.corrected });
    out[r.given]![r.predicted]! -= 1;
    if (label !== null) out[label]![r.predicted]! += 1;
  }
  return out;
}

/** Marks that do not fit a test set (an index past its end, a corrected label the model does not have). */
export function checkReview(review: Review, count: number, classes: number): string[] {
  const problems: string[] = [];
  for (const [index, mark] of review) {
    if (index >= count) problems.push(`image ${index} is past the end of the test set (${count} images)`);
    else if (mark.corrected !== null && mark.corrected >= classes) problems.push(`image ${index} is corrected to class ${mark.corrected}, but there are only ${classes} classes`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The address bar: `review=8w3.12a.33r` — image 8 is a 3, image 12 ambiguous, image 33's label is right.

const CODES: Readonly<Record<ReviewStatus, string>> = { wrong: 'w', ambiguous: 'a', right: 'r' };

export function formatReviewParam(review: Review): string {
  return [...review.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, mark]) => `${index}${CODES[mark.status]}${mark.status === 'wrong' ? mark.corrected : ''}`)
    .join('.');
}

export function parseReviewParam(text: string): Result<Review> {
  const review = new Map<number, ReviewMark>();
  if (text === '') return ok(review);
  for (const part of text.split('.')) {
    const m = /^(\d{1,9})(?:w(\d{1,4})|(a)|(r))$/.exec(part);
    if (!m) return fail(`"${part}" is not a review mark like 8w3 (image 8 is a 3), 12a (ambiguous) or 33r (label is right)`);
    const index = Number(m[1]);
    review.set(index, m[2] !== undefined ? { status: 'wrong', corrected: Number(m[2]) } : { status: m[3] ? 'ambiguous' : 'right', corrected: null });
  }
  return ok(review);
}

// ---------------------------------------------------------------------------------------------------------------
// The CSV: one row per reviewed image.

export const REVIEW_CSV_HEADER = 'index,given,corrected,status';

/** `index,given,corrected,status` rows, by index; `corrected` is the label the image counts under (empty when left out). */
export function formatReviewCsv(review: Review, labels: ArrayLike<number>): string {
  const lines = [REVIEW_CSV_HEADER];
  for (const [index, mark] of [...review.entries()].sort(([a], [b]) => a - b)) {
    const given = labels[index]!;
    const corrected = reviewedLabel(given, mark);
    lines.push(`${index},${given},${corrected ?? ''},${mark.status}`);
  }
  return lines.join('\n') + '\n';
}

const UTF8_BOM = '\uFEFF';

/**
 * True when the bytes start with exactly the review CSV's header line (a UTF-8 byte-order mark allowed): the drop
 * intake tells this file from test sets and models by it, so other CSVs are never taken for a review.
 */
export function looksLikeReviewCsv(bytes: Uint8Array): boolean {
  let text = '';
  for (const b of bytes.subarray(0, REVIEW_CSV_HEADER.length + 5)) text += String.fromCharCode(b);
  if (text.startsWith('\xEF\xBB\xBF')) text = text.slice(3);
  if (!text.startsWith(REVIEW_CSV_HEADER)) return false;
  const after = text.charAt(REVIEW_CSV_HEADER.length);
  return after === '' || after === '\n' || after === '\r';
}

/**
 * Reads a review CSV against the test set it is dropped on: every row's `given` must be that image's label here
 * (else the file was made for another test set), and every label a class of the model.
 */
export function parseReviewCsv(text: string, labels: ArrayLike<number>, classes: number): Result<Review> {
  const lines = (text.startsWith(UTF8_BOM) ? text.slice(1) : text).split(/\r?\n/);
  if (lines[0]?.trim() !== REVIEW_CSV_HEADER) return fail(`the first line must be "${REVIEW_CSV_HEADER}"`);
  const review = new Map<number, ReviewMark>();
  const isWhole = (s: string) => /^\d{1,9}$/.test(s);
  for (let row = 1; row < lines.length; row++) {
    const line = lines[row]!.trim();
    if (line === '') continue;
    const at = `line ${row + 1}`;
    const cells = line.split(',');
    if (cells.length !== 4) return fail(`${at} has ${cells.length} fields, not 4 (index,given,corrected,status)`);
    const [indexText, givenText, correctedText, status] = cells as [string, string, string, string];
    if (!isWhole(indexText) || !isWhole(givenText)) return fail(`${at}: index and given must be whole numbers, not "${indexText}" and "${givenText}"`);
    if (!(REVIEW_STATUSES as readonly string[]).includes(status)) return fail(`${at}: status "${status}" is not wrong, ambiguous or right`);
    const index = Number(indexText);
    const given = Number(givenText);
    if (index >= labels.length) return fail(`${at}: image ${index} is past the end of this test set (${labels.length} images)`);
    if (labels[index] !== given) return fail(`${at}: image ${index} is labelled ${labels[index]} in this test set, not ${given}: was the review made for another test set?`);
    if (review.has(index)) return fail(`${at}: image ${index} is reviewed twice`);
    if (status === 'wrong') {
      if (!isWhole(correctedText)) return fail(`${at}: an image marked wrong needs its corrected label, not "${correctedText}"`);
      const corrected = Number(correctedText);
      if (corrected >= classes) return fail(`${at}: corrected label ${corrected} is not a class (0–${classes - 1})`);
      review.set(index, { status: 'wrong', corrected });
    } else review.set(index, { status: status as ReviewStatus, corrected: null });
  }
  return ok(review);
}

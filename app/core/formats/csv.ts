/**
 * MNIST as CSV, one image per row: Kaggle's `train.csv` (header `label,pixel0,…,pixel783`), the widely copied
 * `mnist_test.csv` (no header, the label first, then 784 values) and Kaggle's `test.csv` (header
 * `pixel0,…,pixel783`, no labels: an unlabelled set). Values are whole numbers 0–255; anything else is refused
 * naming the row and the column. Parsed from the bytes in one pass, no string per value: Kaggle's train.csv is
 * 73 MB.
 */
import { fail, ok, type Result } from '../result';
import { asciiText } from './text';
import type { ImageSet, LabelSet } from '../types';

export type CsvLayout = 'kaggle header' | 'kaggle test header' | 'no header' | 'no header, no labels';

export interface CsvSet {
  readonly images: ImageSet;
  readonly labels: LabelSet | null;
  readonly layout: CsvLayout;
}

const PIXELS = 784;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const formatCount = (n: number): string => n.toLocaleString('en-US');

/** True when the start of a file looks like this CSV: digits, commas, or a header naming label/pixel columns. */
export function looksLikeMnistCsv(head: Uint8Array): boolean {
  const text = asciiText(withoutBom(head).subarray(0, 64));
  return /^(label|pixel0|"label"|"pixel0")\s*,/i.test(text) || /^\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,/.test(text);
}

function firstLine(bytes: Uint8Array): { text: string; end: number } {
  let end = bytes.indexOf(LF);
  if (end < 0) end = bytes.length;
  return { text: asciiText(bytes.subarray(0, end)).replace(/\r$/, ''), end };
}

const withoutBom = (bytes: Uint8Array): Uint8Array => (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes);

export function readMnistCsv(file: Uint8Array, name: string): Result<CsvSet> {
  const bytes = withoutBom(file);
  if (bytes.length === 0) return fail(`${name}: the file is empty.`);
  const first = firstLine(bytes);
  const hasHeader = /[a-zA-Z]/.test(first.text);
  let columns: number;
  let labelled: boolean;
  let start: number;
  let headerNames: string[] | null = null;
  if (hasHeader) {
    headerNames = first.text.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    columns = headerNames.length;
    labelled = headerNames[0]!.toLowerCase() === 'label';
    start = first.end + 1;
    if (columns !== (labelled ? PIXELS + 1 : PIXELS)) {
      return fail(`${name}: the header has ${formatCount(columns)} columns; expected ${labelled ? `label and 784 pixel columns (785)` : '784 pixel columns (or label first, 785)'}.`);
    }
  } else {
    columns = first.text.split(',').length;
    start = 0;
    if (columns === PIXELS + 1) labelled = true;
    else if (columns === PIXELS) labelled = false;
    else return fail(`${name}: row 1 has ${formatCount(columns)} columns; an MNIST CSV row is a label and 784 pixels (785 columns), or 784 pixels without label.`);
  }
  // Count the rows first to allocate once: every line that is not empty.
  let rows = 0;
  for (let i = start, lineStart = start; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === LF) {
      if (i - lineStart > 1 || (i - lineStart === 1 && bytes[lineStart] !== CR)) rows++;
      lineStart = i + 1;
    }
  }
  if (rows === 0) return fail(`${name}: the file has a header but no rows.`);
  const pixels = new Uint8Array(rows * PIXELS);
  const labels = labelled ? new Uint8Array(rows) : null;
  const lineOffset = hasHeader ? 2 : 1; // file line of row 0
  let row = 0;
  let column = 0;
  let value = -1; // -1: no digit yet in this cell
  let bad = false;
  let line = lineOffset;
  let cellStart = start;
  const columnName = (c: number): string => (headerNames ? `column ${c + 1} (${headerNames[c]})` : `column ${c + 1}`);
  const store = (): Result<null> | null => {
    if (bad || value < 0 || value > 255) {
      const cellEnd = findCellEnd(bytes, cellStart);
      const text = asciiText(bytes.subarray(cellStart, cellEnd)).trim();
      return fail(`${name}: line ${line}, ${columnName(column)} holds ${JSON.stringify(text)}; ${column === 0 && labelled ? 'a label is a whole number' : 'pixels are whole numbers 0–255'}.`);
    }
    if (column >= columns) return fail(`${name}: line ${line} has more than ${formatCount(columns)} columns.`);
    if (labels && column === 0) labels[row] = value;
    else pixels[row * PIXELS + column - (labels ? 1 : 0)] = value;
    return null;
  };
  let lineEmpty = true;
  for (let i = start; i <= bytes.length; i++) {
    const b = i === bytes.length ? LF : bytes[i]!;
    if (b >= 0x30 && b <= 0x39) {
      value = value < 0 ? b - 0x30 : value * 10 + (b - 0x30);
      if (value > 100000) value = 100000; // keep it bounded; reported as out of range
      lineEmpty = false;
    } else if (b === COMMA) {
      const err = store();
      if (err) return err as Result<never>;
      column++;
      value = -1;
      bad = false;
      cellStart = i + 1;
      lineEmpty = false;
    } else if (b === LF) {
      if (!lineEmpty) {
        const err = store();
        if (err) return err as Result<never>;
        if (column !== columns - 1) return fail(`${name}: line ${line} has ${formatCount(column + 1)} columns; every row needs ${formatCount(columns)} (${labelled ? 'a label and 784 pixels' : '784 pixels'}).`);
        row++;
      }
      line++;
      column = 0;
      value = -1;
      bad = false;
      cellStart = i + 1;
      lineEmpty = true;
    } else if (b === CR || b === 0x20 || b === 0x09 || b === 0x22) {
      // spaces, tabs, quotes around numbers and Windows line ends carry nothing
    } else {
      bad = true;
      lineEmpty = false;
    }
  }
  if (!labels && !hasHeader && looksLikeLabels(pixels, row)) {
    return fail(`${name}: each row has 784 columns and the first looks like a label (small whole numbers, where an image's corner pixel is almost always 0): that leaves 783 pixels, one short of 784. Each row needs a label and 784 pixels.`);
  }
  // Lines of blanks were counted above but hold no row.
  return ok({
    images: { count: row, rows: 28, cols: 28, pixels: row === rows ? pixels : pixels.subarray(0, row * PIXELS) },
    labels: labels ? { count: row, labels: labels.subarray(0, row) } : null,
    layout: hasHeader ? (labelled ? 'kaggle header' : 'kaggle test header') : labelled ? 'no header' : 'no header, no labels',
  });
}

function findCellEnd(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && bytes[i] !== COMMA && bytes[i] !== LF && bytes[i] !== CR) i++;
  return i;
}

/**
 * An MNIST-like image's top-left pixel is background (0) in practice; a first column mostly non-zero and small is
 * a label column, in a file whose rows are one pixel short.
 */
function looksLikeLabels(pixels: Uint8Array, rows: number): boolean {
  let nonZero = 0;
  for (let r = 0; r < rows; r++) {
    const v = pixels[r * PIXELS]!;
    if (v > 46) return false; // EMNIST balanced has 47 classes
    if (v !== 0) nonZero++;
  }
  return nonZero > rows / 2;
}

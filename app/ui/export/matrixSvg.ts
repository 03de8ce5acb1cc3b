/**
 * The confusion matrix as a standalone SVG document, built as text from the counts: a real vector heatmap with
 * class labels, axis titles and a legend, coloured as the page's Counts view (blue diagonal and orange errors,
 * each on its own scale). The PNG export draws this same SVG onto a canvas.
 */
import { interpolateBlues, interpolateOranges } from 'd3-scale-chromatic';
import type { ConfusionMatrix } from '../../core/metrics/confusion';
import { heatmapCells } from '../matrix/heatmap';

export interface MatrixSvg {
  readonly svg: string;
  /** Size in CSS px. */
  readonly width: number;
  readonly height: number;
}

/** Escapes text for SVG/XML content and attribute values. */
export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";
const CELL = 46;
const GAP = 2;
/** Rough width of one character at 12 px, to leave room for class names without measuring text. */
const CHAR = 7;

/**
 * Builds the SVG. `title` goes on top (e.g. "mnist-logreg on MNIST test: accuracy 91.93%"). Long class names
 * (Fashion-MNIST's "T-shirt/top") are slanted above the columns so that cells stay square.
 */
export function confusionMatrixSvg(matrix: ConfusionMatrix, classNames: readonly string[], title: string): MatrixSvg {
  const n = matrix.classes;
  const names = Array.from({ length: n }, (_, k) => classNames[k] ?? String(k));
  const longest = Math.max(1, ...names.map((s) => s.length));
  const slanted = longest > 3;
  const rowLabelWidth = longest * CHAR + 12;
  const colLabelHeight = slanted ? Math.ceil(longest * CHAR * 0.75) + 14 : 20;
  const left = 28 + rowLabelWidth;
  const top = 34 + 22 + colLabelHeight;
  const grid = n * CELL + (n - 1) * GAP;
  const width = Math.max(left + grid + 24, 360);
  const height = top + grid + 52;
  const cells = heatmapCells(matrix, 'counts');
  const x = (p: number) => left + p * (CELL + GAP);
  const y = (t: number) => top + t * (CELL + GAP);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}" role="img" aria-label="${escapeXml(`Confusion matrix. ${title}`)}">`,
    `<title>${escapeXml(`Confusion matrix. ${title}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="650" fill="#171b21">${escapeXml(title)}</text>`,
    `<text x="${left + grid / 2}" y="${34 + 16}" font-size="12" font-weight="600" fill="#5d6673" text-anchor="middle">Predicted label</text>`,
    `<text transform="translate(16 ${top + grid / 2}) rotate(-90)" font-size="12" font-weight="600" fill="#5d6673" text-anchor="middle" dominant-baseline="middle">True label</text>`,
  );
  names.forEach((name, p) => {
    const cx = x(p) + CELL / 2;
    const by = top - 6;
    parts.push(
      slanted
        ? `<text transform="translate(${cx} ${by}) rotate(-45)" font-size="12" fill="#5d6673">${escapeXml(name)}</text>`
        : `<text x="${cx}" y="${by}" font-size="12" font-weight="600" fill="#5d6673" text-anchor="middle">${escapeXml(name)}</text>`,
    );
  });
  names.forEach((name, t) => {
    parts.push(`<text x="${left - 8}" y="${y(t) + CELL / 2}" font-size="12" font-weight="600" fill="#5d6673" text-anchor="end" dominant-baseline="middle">${escapeXml(name)}</text>`);
  });
  for (const row of cells) {
    for (const cell of row) {
      const cx = x(cell.predictedClass);
      const cy = y(cell.trueClass);
      parts.push(
        `<g class="cell" data-true="${cell.trueClass}" data-pred="${cell.predictedClass}" data-count="${cell.count}">` +
          `<rect x="${cx}" y="${cy}" width="${CELL}" height="${CELL}" rx="4" fill="${cell.background}"/>` +
          `<text x="${cx + CELL / 2}" y="${cy + CELL / 2}" font-size="12"${cell.diagonal ? ' font-weight="700"' : ''} fill="${cell.count === 0 ? '#8a93a0' : cell.foreground}" text-anchor="middle" dominant-baseline="central">${cell.count}</text>` +
          `</g>`,
      );
    }
  }
  const ly = top + grid + 26;
  parts.push(
    `<rect x="${left}" y="${ly - 9}" width="28" height="10" rx="2" fill="${interpolateBlues(0.7)}"/>`,
    `<text x="${left + 34}" y="${ly}" font-size="11" fill="#5d6673">correct (diagonal)</text>`,
    `<rect x="${left + 150}" y="${ly - 9}" width="28" height="10" rx="2" fill="${interpolateOranges(0.6)}"/>`,
    `<text x="${left + 184}" y="${ly}" font-size="11" fill="#5d6673">errors; each on its own scale, darker = more</text>`,
    `</svg>`,
  );
  return { svg: parts.join('\n') + '\n', width, height };
}

/** A file-name-safe slug: "MNIST logreg (v2)" → "mnist-logreg-v2". */
export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/\.onnx$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'model';

export type ExportKind = 'predictions.csv' | 'metrics.json' | 'confusion-matrix.svg' | 'confusion-matrix.png';

/** "mnist-logreg_mnist_predictions.csv": model and test set, so downloads of several runs do not collide. */
export const exportFileName = (modelName: string, datasetName: string, kind: ExportKind): string => `${slug(modelName)}_${slug(datasetName)}_${kind}`;

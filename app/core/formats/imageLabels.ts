/**
 * Labels for a set of image files, from where people put them: the subfolder (torchvision's ImageFolder:
 * `test/7/123.png`), a labels CSV beside the images (`filename,label`), or a pattern in the file names
 * (`123_7.png`, `7-123.png`, `label7_…`). Class names are matched to a dataset's (`0`…`9`, Fashion-MNIST's) when
 * they are those; otherwise they are sorted as strings, as ImageFolder sorts them.
 */
import { DATASETS } from '../datasets';
import { fail, ok, type Result } from '../result';
import { asciiText } from './text';

export interface ImageLabels {
  /** One label per path, in the order given; null when the set is unlabelled. */
  readonly labels: Uint16Array | null;
  /** Names of the classes the labels index; null when the labels are plain class numbers. */
  readonly classNames: readonly string[] | null;
  /** The built-in dataset whose class names the folder names are, if any. */
  readonly datasetId: string | null;
  /** How the labels were found, to show on the page. */
  readonly source: string;
}

const baseName = (path: string): string => path.split('/').pop() ?? path;
const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** File-name patterns, tried in this order; the first that names a label for every file is used. */
const PATTERNS: readonly { readonly shown: string; readonly re: RegExp }[] = [
  { shown: 'label<k>_… (label7_123.png)', re: /^label[-_]?(\d+)(?:\D|$)/i },
  { shown: '<n>_<k>.png (123_7.png)', re: /^\d+_(\d+)\.[a-z]+$/i },
  { shown: '<k>-<n>.png (7-123.png)', re: /^(\d+)-\d+\.[a-z]+$/i },
  { shown: '…_label_<k>.png (img_5_label_7.png)', re: /label[-_]?(\d+)\.[a-z]+$/i },
];

/**
 * Class indices for names: the names of a built-in dataset's classes (digits are MNIST's, whatever their order),
 * else all whole numbers (used as they are), else ImageFolder's sorted order.
 */
export function classIndex(names: readonly string[]): { index: Map<string, number>; classNames: readonly string[] | null; datasetId: string | null; how: string } {
  const unique = [...new Set(names)];
  for (const dataset of DATASETS) {
    const known = new Map(dataset.classNames.map((n, i) => [normalise(n), i]));
    if (unique.every((n) => known.has(normalise(n))) && dataset.classNames.some((n) => /[a-z]/i.test(n))) {
      return { index: new Map(unique.map((n) => [n, known.get(normalise(n))!])), classNames: dataset.classNames, datasetId: dataset.id, how: `matched to ${dataset.name}'s classes` };
    }
  }
  if (unique.every((n) => /^\d+$/.test(n) && Number(n) < 65536)) {
    return { index: new Map(unique.map((n) => [n, Number(n)])), classNames: null, datasetId: null, how: 'class numbers' };
  }
  const sorted = [...unique].sort(); // as torchvision sorts: by code unit
  return { index: new Map(sorted.map((n, i) => [n, i])), classNames: sorted, datasetId: null, how: 'sorted by name as torchvision ImageFolder does' };
}

/** The folder holding each file, below the folder all files share. */
function classFolders(paths: readonly string[]): string[] | null {
  const parents = paths.map((p) => p.split('/').slice(0, -1));
  if (parents.some((p) => p.length === 0)) return null;
  const names = parents.map((p) => p[p.length - 1]!);
  return new Set(names).size >= 2 ? names : null;
}

/** Parses a `filename,label` CSV (a header optional) into base name → label text. */
export function parseLabelsCsv(bytes: Uint8Array, name: string): Result<Map<string, string>> {
  const lines = asciiText(bytes, 64 << 20).split(/\r?\n/).filter((l) => l.trim() !== '');
  const map = new Map<string, string>();
  lines.forEach((line, i) => {
    const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (i === 0 && /^(file|filename|image|name|path|id)$/i.test(cells[0] ?? '')) return;
    if (cells.length >= 2 && cells[0] && cells[1] !== undefined) map.set(baseName(cells[0]), cells[1]);
  });
  if (map.size === 0) return fail(`${name}: no "filename,label" rows.`);
  return ok(map);
}

export interface LabelsCsv {
  readonly name: string;
  readonly rows: Map<string, string>;
}

/** Labels for `paths` (relative to the drop). `labelsCsv`: a `filename,label` file found beside them. */
export function labelImages(paths: readonly string[], labelsCsv: LabelsCsv | null): Result<ImageLabels> {
  if (labelsCsv) {
    const names: string[] = [];
    for (const p of paths) {
      const label = labelsCsv.rows.get(baseName(p));
      if (label === undefined) return fail(`${labelsCsv.name} has no label for ${p}; it must list every image (filename,label).`);
      names.push(label);
    }
    return ok(withClasses(names, `from ${labelsCsv.name}`));
  }
  const folders = classFolders(paths);
  if (folders) return ok(withClasses(folders, 'from the subfolder names'));
  for (const pattern of PATTERNS) {
    const names: string[] = [];
    for (const p of paths) {
      const m = pattern.re.exec(baseName(p));
      if (!m) break;
      names.push(String(Number(m[1])));
    }
    if (names.length === paths.length && new Set(names).size >= 2) return ok(withClasses(names, `from the file names, pattern ${pattern.shown}`));
  }
  return ok({ labels: null, classNames: null, datasetId: null, source: 'none: no subfolders per class, no labels CSV and no label in the file names' });
}

function withClasses(names: readonly string[], source: string): ImageLabels {
  const classes = classIndex(names);
  const labels = Uint16Array.from(names, (n) => classes.index.get(n)!);
  return { labels, classNames: classes.classNames, datasetId: classes.datasetId, source: `${source} (${classes.how})` };
}

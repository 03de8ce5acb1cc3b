/**
 * Sorting a drop: which file is the model, which are its external data, which are images and labels.
 * Decided by content (app/core/sniff.ts), never by name, since people drop files named anything.
 */
import { looksLikeReviewCsv } from '../core/labelIssues/review';
import { sniff, type Sniffed } from '../core/sniff';
import { readHead } from '../io/fetchBytes';
import { checkDeclaredImages, checkModelSize, pageLimits } from './pipeline/sizeLimits';
import type { DataRequest, ModelRequest } from './request';
import type { PendingFiles } from './state';

export interface Intake {
  readonly model: ModelRequest | null;
  readonly data: DataRequest | null;
  /** Images or labels still waiting for their partner. */
  readonly pending: PendingFiles;
  /** Files that are none of the above, each with the reason; the drop still applies the rest. */
  readonly problems: readonly string[];
  /** A review of suspect labels (`index,given,corrected,status` CSV) to restore. */
  readonly review?: File | null;
}

/** Where a dropped file sits in a dropped folder (react-dropzone's `relativePath`, a folder input's `webkitRelativePath`). */
export function dropPath(file: File): string {
  const withPath = file as File & { readonly relativePath?: string; readonly path?: string };
  const path = withPath.relativePath || file.webkitRelativePath || withPath.path || file.name;
  return path.replace(/^\.?\/+/, '');
}

/** Image files in a folder are many: known by their names here, by their bytes when decoded. */
const IMAGE_NAME = /\.(png|jpe?g|bmp|gif|webp)$/i;
/** Kinds that make a drop a test set of another format than IDX (app/ui/pipeline/loadBundle.ts reads it). */
const BUNDLE_KINDS: ReadonlySet<DropKind['kind']> = new Set(['zip', 'tar', 'npy', 'csv', 'image']);
/** What a dropped file is: a sniffed format, or a review of suspect labels to restore (its exact CSV header). */
type DropKind = Sniffed | { readonly kind: 'review-csv' };

export async function sortDrop(files: readonly File[], pending: PendingFiles): Promise<Intake> {
  const paths = files.map(dropPath);
  const inFolder = paths.some((p) => p.includes('/'));
  const kinds = await Promise.all(
    files.map(async (file, i): Promise<{ file: File; gzipped: boolean; sniffed: DropKind }> => {
      if (inFolder && IMAGE_NAME.test(paths[i]!)) return { file, gzipped: false, sniffed: { kind: 'image', format: 'png' } };
      try {
        const head = await readHead(file);
        if (looksLikeReviewCsv(head.bytes)) return { file, gzipped: false, sniffed: { kind: 'review-csv' as const } };
        const sniffed = sniff(head.bytes, { size: file.size, ...(head.gunzipped ? { gunzipped: head.gunzipped } : {}) });
        // A .tar.gz: the gzip holds a tar archive.
        return { file, gzipped: Boolean(head.gunzipped), sniffed: head.gunzipped === 'ok' && sniffed.kind === 'tar' ? { kind: 'tar' } : sniffed };
      } catch (e) {
        return { file, gzipped: false, sniffed: { kind: 'unknown' as const, reason: `The file could not be read: ${(e as Error).message}` } };
      }
    }),
  );
  // Past this device's limits (core/limits.ts): refused now, unread, by the file's size or, for a gzip image file
  // (which may hold far more than its own size), by its IDX header. A raw file's size bounds its data already: a
  // header declaring more than follows gets the reader's "truncated" message.
  const limits = pageLimits();
  const tooLarge: string[] = [];
  for (const k of kinds) {
    const checked =
      k.sniffed.kind === 'onnx' ? checkModelSize(k.file.name, k.file.size, limits) : k.sniffed.kind === 'idx-images' && k.sniffed.dims && k.gzipped ? checkDeclaredImages(k.file.name, k.sniffed.dims, limits) : null;
    if (checked && !checked.ok) {
      tooLarge.push(checked.reason);
      k.sniffed = { kind: 'unknown', reason: checked.reason };
    }
  }
  const models = kinds.filter((k) => k.sniffed.kind === 'onnx').map((k) => k.file);
  if ((inFolder || kinds.some((k) => BUNDLE_KINDS.has(k.sniffed.kind))) && models.length <= 1) {
    // A folder, an archive, a CSV, NumPy arrays or images: everything but the model is the test set's.
    const rest = files.map((file, i) => ({ path: paths[i]!, file })).filter((f) => !models.includes(f.file));
    const model: ModelRequest | null = models.length === 1 ? { kind: 'files', model: models[0]!, externalData: [] } : null;
    return { model, data: { kind: 'bundle', name: bundleName(rest.map((f) => f.path)), files: rest }, pending, problems: tooLarge };
  }
  const images = kinds.filter((k) => k.sniffed.kind === 'idx-images').map((k) => k.file);
  const labels = kinds.filter((k) => k.sniffed.kind === 'idx-labels').map((k) => k.file);
  const others = kinds.filter((k) => (k.sniffed.kind === 'unknown' && !tooLarge.includes(k.sniffed.reason)) || k.sniffed.kind === 'gzip');
  const problems: string[] = [...tooLarge];
  const reviews = kinds.filter((k) => k.sniffed.kind === 'review-csv').map((k) => k.file);
  if (reviews.length > 1) problems.push(`Drop one review at a time: ${reviews.map((f) => f.name).join(', ')} are all reviews of suspect labels.`);
  const review = reviews.length === 1 ? reviews[0]! : null;

  let model: ModelRequest | null = null;
  if (models.length > 1) problems.push(`Drop one model at a time: ${models.map((f) => f.name).join(', ')} are all ONNX models.`);
  else if (models.length === 1) {
    // Anything else in the drop may be the model's external data; the model says which it needs.
    model = { kind: 'files', model: models[0]!, externalData: others.map((k) => k.file) };
  }
  if (!model) {
    for (const { file, sniffed } of others) {
      problems.push(`${file.name}: ${sniffed.kind === 'unknown' ? sniffed.reason : 'a gzip file that could not be decompressed.'}`);
    }
  }
  if (images.length > 1) problems.push(`Drop one image file at a time: ${images.map((f) => f.name).join(', ')} are all IDX image files.`);
  if (labels.length > 1) problems.push(`Drop one label file at a time: ${labels.map((f) => f.name).join(', ')} are all IDX label files.`);

  const next: PendingFiles = {
    images: images.length === 1 ? images[0]! : pending.images,
    labels: labels.length === 1 ? labels[0]! : pending.labels,
  };
  // A partner of a refused file is not kept waiting for it: the drop fails as a whole, with the reason.
  const droppedData = (images.length === 1 || labels.length === 1) && tooLarge.length === 0;
  if (droppedData && next.images && next.labels) {
    return { model, data: { kind: 'files', images: next.images, labels: next.labels }, pending: { images: null, labels: null }, problems, review };
  }
  return { model, data: null, pending: droppedData ? next : pending, problems, review };
}

/** The top folder of a folder drop, the file's name for one file, else how many files. */
function bundleName(paths: readonly string[]): string {
  const tops = new Set(paths.map((p) => p.split('/')[0]!));
  if (tops.size === 1 && paths.length > 1) return [...tops][0]!;
  if (paths.length === 1) return paths[0]!;
  return `${paths.length.toLocaleString('en-US')} files`;
}

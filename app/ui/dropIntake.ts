/**
 * Sorting a drop: which file is the model, which are its external data, which are images and labels.
 * Decided by content (app/core/sniff.ts), never by name, since people drop files named anything.
 */
import { looksLikeReviewCsv } from '../core/labelIssues/review';
import { sniff } from '../core/sniff';
import { readHead } from '../io/fetchBytes';
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

export async function sortDrop(files: readonly File[], pending: PendingFiles): Promise<Intake> {
  const kinds = await Promise.all(
    files.map(async (file) => {
      try {
        const head = await readHead(file);
        if (looksLikeReviewCsv(head.bytes)) return { file, sniffed: { kind: 'review-csv' as const } };
        return { file, sniffed: sniff(head.bytes, { size: file.size, ...(head.gunzipped ? { gunzipped: head.gunzipped } : {}) }) };
      } catch (e) {
        return { file, sniffed: { kind: 'unknown' as const, reason: `The file could not be read: ${(e as Error).message}` } };
      }
    }),
  );
  const models = kinds.filter((k) => k.sniffed.kind === 'onnx').map((k) => k.file);
  const images = kinds.filter((k) => k.sniffed.kind === 'idx-images').map((k) => k.file);
  const labels = kinds.filter((k) => k.sniffed.kind === 'idx-labels').map((k) => k.file);
  const others = kinds.filter((k) => k.sniffed.kind === 'unknown' || k.sniffed.kind === 'gzip');
  const problems: string[] = [];
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
  const droppedData = images.length === 1 || labels.length === 1;
  if (droppedData && next.images && next.labels) {
    return { model, data: { kind: 'files', images: next.images, labels: next.labels }, pending: { images: null, labels: null }, problems, review };
  }
  return { model, data: null, pending: droppedData ? next : pending, problems, review };
}

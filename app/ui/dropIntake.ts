/**
 * Sorting a drop: which file is the model, which are its external data, which are images and labels.
 * Decided by content (app/core/sniff.ts), never by name, since people drop files named anything.
 */
import { sniff } from '../core/sniff';
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
}

export async function sortDrop(files: readonly File[], pending: PendingFiles): Promise<Intake> {
  const kinds = await Promise.all(
    files.map(async (file) => {
      try {
        const head = await readHead(file);
        return { file, gzipped: Boolean(head.gunzipped), sniffed: sniff(head.bytes, { size: file.size, ...(head.gunzipped ? { gunzipped: head.gunzipped } : {}) }) };
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
  const images = kinds.filter((k) => k.sniffed.kind === 'idx-images').map((k) => k.file);
  const labels = kinds.filter((k) => k.sniffed.kind === 'idx-labels').map((k) => k.file);
  const others = kinds.filter((k) => (k.sniffed.kind === 'unknown' && !tooLarge.includes(k.sniffed.reason)) || k.sniffed.kind === 'gzip');
  const problems: string[] = [...tooLarge];

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
    return { model, data: { kind: 'files', images: next.images, labels: next.labels }, pending: { images: null, labels: null }, problems };
  }
  return { model, data: null, pending: droppedData ? next : pending, problems };
}

/**
 * `images=`/`labels=` URLs of the new formats: a zip, tar, CSV or NumPy file holds a whole test set
 * (`?images=mnist.npz` alone) or one half of it (`?images=x_test.npy&labels=y_test.npy`). IDX files (gzip or raw)
 * keep their own path in loadData.ts.
 */
import { isGzip } from '../../core/idx';
import { sniff } from '../../core/sniff';
import type { DroppedFile } from '../../io/bundle';
import { baseName } from './sources';

const isIdx = (bytes: Uint8Array): boolean => {
  const kind = sniff(bytes.subarray(0, 4096)).kind;
  return kind === 'idx-images' || kind === 'idx-labels';
};

/** The fetched files as a bundle, or null when they are an IDX pair (or gzip: a .gz IDX, or a .tar.gz bundle, told apart later). */
export function urlBundle(request: { readonly images: string; readonly labels: string }, images: Uint8Array, labels: Uint8Array): { name: string; files: DroppedFile[] } | null {
  const gzipTar = isGzip(images) && /\.(tar\.gz|tgz)$/i.test(new URL(request.images).pathname);
  if (request.labels && (isIdx(images) || isGzip(images)) && !gzipTar) return null;
  if (!request.labels && isIdx(images)) return null;
  const name = (url: string) => baseName(new URL(url).pathname) || 'download';
  const files: DroppedFile[] = [{ path: name(request.images), file: new Blob([images as Uint8Array<ArrayBuffer>]) }];
  if (request.labels) files.push({ path: name(request.labels), file: new Blob([labels as Uint8Array<ArrayBuffer>]) });
  return { name: files.map((f) => f.path).join(' + '), files };
}

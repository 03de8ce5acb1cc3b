/**
 * Everything a drop, a folder or a URL may hold, flattened into files with paths: archives (zip with fflate, tar
 * with nanotar, gzip with the browser's DecompressionStream) are opened here, at the edge, within stated limits,
 * so that a zip bomb is refused before it is inflated and a path like `../x` never names anything.
 */
import type { UnzipFileInfo } from 'fflate';
import { parseTar } from 'nanotar';
import { isGzip } from '../core/idx';
import { sniff, type Sniffed } from '../core/sniff';
import { readHead } from './fetchBytes';

/** Uncompressed bytes one drop may unpack to, in all: beyond any MNIST-like set (EMNIST byclass is ~560 MB as IDX). */
export const MAX_UNPACKED_BYTES = 1 << 30;
/** Files one drop may hold: EMNIST byclass's test split has 116 323 images; 200 000 loose files are refused. */
export const MAX_FILES = 150_000;

export interface BundleFile {
  /** The path inside the drop: `folder/7/123.png`, `mnist.zip/testing/7/123.png`. */
  readonly path: string;
  /** NaN for a folder's image files (not asked for: see openBundle). */
  readonly size: number;
  /** The whole content (a File is read, an archive member is already in memory). */
  readonly bytes: () => Promise<Uint8Array>;
  /** What the content is, by its bytes. */
  readonly sniffed: Sniffed;
  /** A File to hand to a decoding worker as it is, without reading it here (images from a folder). */
  readonly blob: Blob | null;
}

export interface Bundle {
  readonly files: readonly BundleFile[];
  /** Paths that are no test data, each with the reason (shown as skipped, not fatal). */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

export interface DroppedFile {
  readonly path: string;
  readonly file: Blob;
}

export class BundleError extends Error {}

const formatCount = (n: number): string => n.toLocaleString('en-US');
const IMAGE_NAME = /\.(png|jpe?g|bmp|gif|webp)$/i;

/** A path made safe and relative: `..`, `.` and leading slashes are what an archive may use to escape its folder. */
export function safePath(path: string): string | null {
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..') || /^[a-zA-Z]:/.test(parts[0] ?? '')) return null;
  return parts.join('/');
}

/** Opens every archive among the dropped files (also archives inside archives, once) and sniffs every file. */
export async function openBundle(dropped: readonly DroppedFile[], progress?: (done: number, total: number) => void): Promise<Bundle> {
  if (dropped.length > MAX_FILES) {
    throw new BundleError(`The drop holds ${formatCount(dropped.length)} files; at most ${formatCount(MAX_FILES)} are read at once (more than any MNIST-like test set has). Drop a folder with fewer files, or an IDX, CSV or NumPy file.`);
  }
  const files: BundleFile[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const budget = { bytes: MAX_UNPACKED_BYTES };
  let done = 0;
  for (const d of dropped) {
    done++;
    if (done % 500 === 0) progress?.(done, dropped.length);
    // Images are the many files of a folder: sniffed from the bytes by the decoding worker, not read twice. Not even
    // their size is asked for: for a picked file that is a file-system call, 2 s for 10 000 files.
    if (IMAGE_NAME.test(d.path)) {
      files.push({ path: d.path, size: Number.NaN, bytes: async () => new Uint8Array(await d.file.arrayBuffer()), sniffed: { kind: 'image', format: 'png' }, blob: d.file });
      continue;
    }
    const head = await readHead(d.file);
    const sniffed = sniff(head.bytes, { size: d.file.size });
    if (sniffed.kind === 'zip' || sniffed.kind === 'tar' || sniffed.kind === 'gzip') {
      await unpack(d.path, new Uint8Array(await d.file.arrayBuffer()), files, skipped, budget, 0);
    } else {
      files.push({ path: d.path, size: d.file.size, bytes: async () => new Uint8Array(await d.file.arrayBuffer()), sniffed, blob: null });
    }
  }
  if (files.length > MAX_FILES) throw new BundleError(`The drop unpacks to ${formatCount(files.length)} files; at most ${formatCount(MAX_FILES)} are read at once.`);
  return { files, skipped };
}

const inMemory = (path: string, bytes: Uint8Array, sniffed: Sniffed): BundleFile => ({ path, size: bytes.length, bytes: () => Promise.resolve(bytes), sniffed, blob: null });

async function unpack(path: string, bytes: Uint8Array, files: BundleFile[], skipped: { path: string; reason: string }[], budget: { bytes: number }, depth: number): Promise<void> {
  const sniffed = sniff(bytes.subarray(0, 4096), { size: bytes.length });
  if (depth > 2 || (sniffed.kind !== 'zip' && sniffed.kind !== 'tar' && sniffed.kind !== 'gzip')) {
    files.push(inMemory(path, bytes, sniffed));
    return;
  }
  if (sniffed.kind === 'gzip') {
    const inner = await gunzipCapped(bytes, budget.bytes, path);
    budget.bytes -= inner.length;
    // `x.tar.gz` opens; `images.gz` stays a gzip IDX file under its own name.
    await unpack(path, inner, files, skipped, budget, depth + 1);
    return;
  }
  // fflate only when a zip comes: it builds its tables as it loads, a task the page's opening need not carry.
  const members = sniffed.kind === 'zip' ? unzipMembers((await import('fflate')).unzipSync, path, bytes, budget) : untarMembers(path, bytes, budget);
  for (const m of members) {
    const safe = safePath(m.name);
    if (safe === null) {
      skipped.push({ path: `${path}/${m.name}`, reason: 'its path leads out of the archive (../ or absolute); not read' });
      continue;
    }
    if (m.bytes === null) continue; // a directory
    const memberPath = `${path}/${safe}`;
    if (/(^|\/)(__MACOSX|\.DS_Store$|\._)/.test(safe)) {
      skipped.push({ path: memberPath, reason: 'macOS metadata' });
      continue;
    }
    // An npz is a zip of .npy files: its members are the arrays, named after it (mnist.npz/x_test.npy).
    await unpack(memberPath, m.bytes, files, skipped, budget, depth + 1);
  }
}

interface Member {
  readonly name: string;
  /** Null for a directory. */
  readonly bytes: Uint8Array | null;
}

/**
 * Lists the zip's central directory first and refuses it when the sizes it declares add up past the budget; fflate
 * then inflates each member into a buffer of its declared size, so a member that lies about its size cannot grow
 * past it either.
 */
function unzipMembers(unzipSync: typeof import('fflate').unzipSync, path: string, bytes: Uint8Array, budget: { bytes: number }): Member[] {
  const infos: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, { filter: (info) => (infos.push(info), false) });
  } catch (e) {
    throw new BundleError(
      `${path}: This is a ZIP archive that cannot be opened (${(e as Error).message}). If it holds your files, zip them again; ` +
        'if it is a PyTorch (.pt, .pth) or Keras (.keras) model, export it to ONNX first (torch.onnx.export, tf2onnx) and use the .onnx file.',
    );
  }
  if (infos.length > MAX_FILES) throw new BundleError(`${path}: the archive holds ${formatCount(infos.length)} files; at most ${formatCount(MAX_FILES)} are read.`);
  const declared = infos.reduce((sum, i) => sum + i.originalSize, 0);
  if (declared > budget.bytes) {
    throw new BundleError(`${path}: the archive would unpack to ${formatSize(declared)} (${formatCount(infos.length)} files), past the limit of ${formatSize(MAX_UNPACKED_BYTES)} for one drop; it was not unpacked. A zip this large is no MNIST-like test set (or it is a zip bomb).`);
  }
  const unsupported = infos.find((i) => i.compression !== 0 && i.compression !== 8);
  if (unsupported) throw new BundleError(`${path}: ${unsupported.name} is compressed with method ${unsupported.compression}; only stored and deflated zip members can be read. Re-zip it with the default settings.`);
  budget.bytes -= declared;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes);
  } catch (e) {
    throw new BundleError(`${path}: the zip archive is damaged: ${(e as Error).message}.`);
  }
  return Object.entries(unzipped).map(([name, data]) => ({ name, bytes: name.endsWith('/') && data.length === 0 ? null : data }));
}

function untarMembers(path: string, bytes: Uint8Array, budget: { bytes: number }): Member[] {
  let items: ReturnType<typeof parseTar>;
  try {
    items = parseTar(bytes);
  } catch (e) {
    throw new BundleError(`${path}: the tar archive cannot be read: ${(e as Error).message}.`);
  }
  if (items.length > MAX_FILES) throw new BundleError(`${path}: the archive holds ${formatCount(items.length)} files; at most ${formatCount(MAX_FILES)} are read.`);
  // The members are views on the tar's bytes, already counted against the budget when it was decompressed.
  void budget;
  return items.map((i) => ({ name: i.name, bytes: i.type === 'file' || i.type === undefined || i.type === 'contiguousFile' ? (('data' in i ? i.data : undefined) ?? new Uint8Array(0)) : null }));
}

/** gunzip with the browser, stopped as soon as the output passes `limit` bytes (a gzip bomb never fills memory). */
export async function gunzipCapped(bytes: Uint8Array, limit: number, path: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        throw new BundleError(`${path}: decompresses to more than ${formatSize(limit)}, past the limit for one drop (${formatSize(MAX_UNPACKED_BYTES)}); decompression was stopped.`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(`${path}: the gzip data is damaged: ${(e as Error).message}`);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const formatSize = (bytes: number): string =>
  bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GB` : bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${formatCount(Math.ceil(bytes / 1024))} kB`;

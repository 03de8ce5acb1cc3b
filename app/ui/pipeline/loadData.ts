/**
 * A test set from a built-in, URLs or dropped files: read, decompressed (into memory the worker can share, streamed
 * for large files), checked, and recognised as a built-in test set when its bytes are one.
 */
import { builtinDataset, DATASET_CHOICES, testFileUrls } from '../../builtins';
import { DATASETS } from '../../core/datasets';
import { isGzip } from '../../core/idx';
import { readTestFiles, readUnlabelledImages } from '../../core/testSet';
import type { ImageSet } from '../../core/types';
import type { DecodingImages } from '../../inference/client';
import { gunzipStreamed, readFileBytes, ungzipIfNeeded, type StreamedFile } from '../../io/fetchBytes';
import { takeDecompressed } from '../../io/earlyDecompress';
import { canShareMemory, isShared } from '../../io/sharedMemory';
import type { DataEntry, Origin, Report } from '../evaluation';
import type { DataRequest } from '../request';
import { loadBundleEntry } from './loadBundle';
import { checkTestSetSize, enforce, fetchWithin, pageLimits } from './sizeLimits';
import { baseName, byteTracker, explained, fetchOrExplain, sha256 } from './sources';
import { urlBundle } from './urlBundle';

export async function loadDataEntry(key: string, request: DataRequest, report: Report, signal?: AbortSignal): Promise<DataEntry> {
  if (request.kind === 'bundle') return loadBundleEntry(key, request.files, request.name, 'dropped file', report, signal);
  if (request.kind === 'files' && request.labels === null) return loadUnlabelledFile(key, request.images, report);
  let imagesBytes: Uint8Array;
  let labelsBytes: Uint8Array;
  let name: string;
  let names: { images: string; labels: string };
  let origin: Origin;
  let datasetId: string | null = null;
  if (request.kind === 'builtin') {
    const dataset = builtinDataset(request.id);
    if (!dataset) throw new Error(`There is no built-in dataset "${request.id}" (built-in: ${DATASET_CHOICES.join(', ')}).`);
    const urls = testFileUrls(dataset);
    const track = byteTracker(report, `Loading the ${dataset.name} test set`);
    // Usually fetched and decompressed already by the first script (earlyDecompress.ts).
    [imagesBytes, labelsBytes] = await Promise.all([
      takeDecompressed(urls.images, () => fetchOrExplain(urls.images, track('images'))),
      takeDecompressed(urls.labels, () => fetchOrExplain(urls.labels, track('labels'))),
    ]);
    name = `${dataset.name} test set`;
    names = { images: dataset.test.images.name, labels: dataset.test.labels.name };
    origin = 'built-in';
    datasetId = dataset.id;
  } else if (request.kind === 'url') {
    names = { images: baseName(new URL(request.images).pathname), labels: request.labels ? baseName(new URL(request.labels).pathname) : '(in the same file)' };
    const track = byteTracker(report, `Loading ${names.images} and ${names.labels}`);
    const limits = pageLimits();
    [imagesBytes, labelsBytes] = await Promise.all([
      fetchWithin(request.images, track('images'), (size) => checkTestSetSize(names.images, size, limits)),
      request.labels ? fetchWithin(request.labels, track('labels'), (size) => checkTestSetSize(names.labels, size, limits)) : new Uint8Array(0),
    ]);
    // A zip, CSV or NumPy URL holds a whole test set (then `labels` may be absent) or is half of one.
    const bundle = urlBundle(request, imagesBytes, labelsBytes);
    if (bundle) return loadBundleEntry(key, bundle.files, bundle.name, 'URL', report, signal);
    name = `${names.images} + ${names.labels} (URL)`;
    origin = 'URL';
  } else {
    const labelsFile = request.labels!; // an unlabelled request went to loadUnlabelledFile above
    names = { images: request.images.name, labels: labelsFile.name };
    const limits = pageLimits();
    enforce(checkTestSetSize(names.images, request.images.size, limits));
    enforce(checkTestSetSize(names.labels, labelsFile.size, limits));
    const track = byteTracker(report, `Reading ${names.images} and ${names.labels}`);
    [imagesBytes, labelsBytes] = await Promise.all([readFileBytes(request.images, track('images')), readFileBytes(labelsFile, track('labels'))]);
    name = `${names.images} + ${names.labels} (your files)`;
    origin = 'dropped file';
  }
  // Decompressed straight into memory the inference worker can share when the page is isolated (see shared()).
  // There, a gzip image file is handed on as soon as its header has sized the buffer: inference starts on the
  // first images while the rest are decompressed (streamImages()).
  const share = canShareMemory();
  const labelsRaw = await explained(ungzipIfNeeded(labelsBytes), names.labels);
  const streamed = share && isGzip(imagesBytes) ? await gunzipStreamed(imagesBytes, true) : null;
  const imagesRaw = streamed ? streamed.bytes : shared(await explained(ungzipIfNeeded(imagesBytes, share), names.images), share);
  if (streamed && streamed.bytes.length === 0) await explained(streamed.done, names.images); // damaged before its header
  const read = readTestFiles(imagesRaw, labelsRaw, names);
  if (!read.ok) throw new Error(read.reason);
  const { images, labels } = read.value;
  // The sizes say whether the files may be a built-in test set (same bytes, any name), which then gets its names.
  const maybeBuiltin = DATASETS.some((d) => d.test.images.bytes === imagesRaw.length && d.test.labels.bytes === labelsRaw.length);
  let decoding = streamed ? streamImages(streamed, images, labelsRaw, names) : null;
  if (decoding && maybeBuiltin) {
    await decoding.done; // 10 000 images: recognising them by checksum matters more than starting early
    decoding = null;
  }
  // Hashing 47 MB takes a while and, for shared memory, a copy: only when asked for (the metrics JSON) or to
  // recognise a built-in test set.
  let hashing: Promise<{ images: string; labels: string }> | null = null;
  const complete = decoding?.done ?? Promise.resolve();
  const checksums = () => (hashing ??= complete.then(() => Promise.all([sha256(imagesRaw), sha256(labelsRaw)])).then(([i, l]) => ({ images: i, labels: l })));
  if (!datasetId && maybeBuiltin) datasetId = recogniseDataset(await checksums());
  const dataset = datasetId ? builtinDataset(datasetId) : null;
  if (dataset && origin !== 'built-in') name = `${dataset.name} test set (${origin === 'URL' ? 'from URL' : 'your files'})`;
  return { key, name, origin, datasetId, classNames: dataset?.classNames ?? null, files: names, checksums, images, labels, decoding, orientationCheck: !dataset };
}

/**
 * A lone IDX image file evaluated without labels: predictions only. Read whole (no streaming: the worker gets the
 * pixels at once), and named as the user's file; a built-in test set's images are recognised by checksum for
 * their class names.
 */
async function loadUnlabelledFile(key: string, file: File, report: Report): Promise<DataEntry> {
  const share = canShareMemory();
  const track = byteTracker(report, `Reading ${file.name}`);
  const bytes = await readFileBytes(file, track('images'));
  const imagesRaw = shared(await explained(ungzipIfNeeded(bytes, share), file.name), share);
  const read = readUnlabelledImages(imagesRaw, file.name);
  if (!read.ok) throw new Error(read.reason);
  const hash = await sha256(imagesRaw);
  const dataset = DATASETS.find((d) => d.test.images.sha256 === hash) ?? null;
  return {
    key,
    name: `${file.name} (your file, no labels)`,
    origin: 'dropped file',
    datasetId: dataset?.id ?? null,
    classNames: dataset?.classNames ?? null,
    files: { images: file.name, labels: null },
    checksums: () => Promise.resolve({ images: hash, labels: null }),
    images: read.value,
    labels: null,
    decoding: null,
  };
}

/** Images ready are announced in steps of this many: each announcement is a message to the worker. */
const ANNOUNCE_EVERY_IMAGES = 1000;

/**
 * What the worker and the pipeline need to know of an image file still being decompressed: how many whole images
 * are there, news as that grows, and when the file is complete. A file that ends short of (or beyond) what its
 * header declared fails `done` with the IDX reader's explanation.
 */
function streamImages(streamed: StreamedFile, images: ImageSet, labelsRaw: Uint8Array, names: { images: string; labels: string }): DecodingImages {
  const header = streamed.bytes.length - images.count * images.rows * images.cols;
  const perImage = images.rows * images.cols;
  const available = (): number => Math.min(images.count, Math.max(0, Math.floor((streamed.decoded() - header) / perImage)));
  const listeners: ((available: number) => void)[] = [];
  let announced = available();
  streamed.onProgress = () => {
    const now = available();
    if (now - announced < ANNOUNCE_EVERY_IMAGES && now < images.count) return;
    announced = now;
    for (const listener of listeners) listener(now);
  };
  const done = explained(streamed.done, names.images).then((whole) => {
    if (whole === streamed.bytes) return;
    const read = readTestFiles(whole, labelsRaw, names);
    throw new Error(read.ok ? `${names.images}: the file changed while it was decompressed.` : read.reason);
  });
  done.catch(() => {}); // reported by whoever waits for it (the worker's batches, checksums)
  return { available, onAvailable: (listener) => listeners.push(listener), done };
}

/**
 * The image file in memory the inference worker can share (a SharedArrayBuffer, when the page is cross-origin
 * isolated): pixels are never written after decoding, and a copy for the worker would double the largest thing
 * the page holds (47 MB for the MNIST training set). gunzip writes there directly; an uncompressed file is
 * copied once. Otherwise the worker gets a copy (client.ts).
 */
function shared(bytes: Uint8Array, share: boolean): Uint8Array {
  if (!share || isShared(bytes.buffer)) return bytes;
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** The built-in dataset whose test files have exactly these bytes (SHA-256 of the decompressed files), if any. */
const recogniseDataset = (hashes: { images: string; labels: string }): string | null =>
  DATASETS.find((d) => d.test.images.sha256 === hashes.images && d.test.labels.sha256 === hashes.labels)?.id ?? null;

/**
 * The largest model, test set and archive the page accepts on a device, checked before anything is read whole:
 * a file past them is refused with its size and the limit, instead of filling the tab's memory and failing later
 * (or taking the tab down). Pure: the page passes `navigator.deviceMemory` (app/ui/pipeline/sizeLimits.ts).
 *
 * Why these numbers: onnxruntime-web's WebAssembly heap is 32-bit (4 GiB at most) and holds the model's bytes
 * and its initialised weights side by side, so no model past 2 GiB can run however much memory the device has.
 * A test set's decoded pixels live once in memory (shared with the worker), plus a batch converted at a time.
 * Chromium reports `deviceMemory` rounded to a power of two (GiB); a browser that does not report it is taken as
 * a 4 GiB device.
 */
import { fail, ok, type Result } from './result';

export interface Limits {
  /** Device memory the limits were derived from, GiB (as reported, or the assumed default). */
  readonly deviceMemoryGiB: number;
  /** Whether the browser reported it (false: the 4 GiB assumption). */
  readonly reported: boolean;
  /** An .onnx file plus its external data files. */
  readonly modelBytes: number;
  /** A test set's decoded images (count × rows × cols bytes), which is also the most a compressed file may hold. */
  readonly testSetBytes: number;
  /** A compressed archive of test files (zip, tar, tar.gz), before it is unpacked. */
  readonly archiveBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** What a browser that does not say is taken to have. */
export const ASSUMED_DEVICE_MEMORY_GIB = 4;
/** onnxruntime-web's heap is 4 GiB; a model, its weights once loaded and their working copies must fit in it. */
export const MAX_MODEL_BYTES = 2 * GiB;
/** fetchBytes.ts never presizes past 1 GiB; no test set the page is made for comes near it (MNIST train: 47 MB). */
export const MAX_TEST_SET_BYTES = 1 * GiB;
export const MAX_ARCHIVE_BYTES = 1 * GiB;

export function deviceLimits(deviceMemoryGiB: number | undefined | null): Limits {
  const reported = typeof deviceMemoryGiB === 'number' && Number.isFinite(deviceMemoryGiB) && deviceMemoryGiB > 0;
  const memory = reported ? deviceMemoryGiB : ASSUMED_DEVICE_MEMORY_GIB;
  return {
    deviceMemoryGiB: memory,
    reported,
    // A quarter of the device for the model (it exists about twice while its session is made), an eighth for
    // the test set and for an archive.
    modelBytes: Math.min(MAX_MODEL_BYTES, Math.floor(memory * GiB / 4)),
    testSetBytes: Math.min(MAX_TEST_SET_BYTES, Math.floor(memory * GiB / 8)),
    archiveBytes: Math.min(MAX_ARCHIVE_BYTES, Math.floor(memory * GiB / 8)),
  };
}

/** 1.5 GB, 312 MB, 40 kB in binary units (as Windows shows sizes), so that the limits read as round numbers. */
export function formatSize(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GB`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}

const device = (limits: Limits): string =>
  limits.reported ? `on this device (the browser reports ${limits.deviceMemoryGiB} GB of memory)` : `on this device (the browser does not report its memory; ${limits.deviceMemoryGiB} GB assumed)`;

/** A model file (with its external data) of `bytes` in all. */
export function checkModelSize(name: string, bytes: number, limits: Limits): Result<void> {
  if (bytes <= limits.modelBytes) return ok(undefined);
  return fail(
    `${name} is ${formatSize(bytes)}, more than the ${formatSize(limits.modelBytes)} this page accepts for a model ${device(limits)}. ` +
      'It was not read. Evaluate it natively with `npm run eval` (onnxruntime-node), or use a smaller or quantised export of the model.',
  );
}

/** A test file of `bytes` (compressed or not) before reading it, or a test set's decoded images. */
export function checkTestSetSize(name: string, bytes: number, limits: Limits): Result<void> {
  if (bytes <= limits.testSetBytes) return ok(undefined);
  return fail(
    `${name} is ${formatSize(bytes)}, more than the ${formatSize(limits.testSetBytes)} this page accepts for a test set ${device(limits)}. ` +
      'It was not read. Evaluate on a subset of the images, or natively with `npm run eval`.',
  );
}

/**
 * An IDX image file's declared size (its header's counts), before any pixel is read: a gzip file may hold far
 * more than its own size, and the header says how much.
 */
export function checkDeclaredImages(name: string, dims: readonly number[], limits: Limits): Result<void> {
  const bytes = dims.reduce((product, d) => product * d, 1);
  if (bytes <= limits.testSetBytes) return ok(undefined);
  return fail(
    `${name} declares ${dims.map((d) => d.toLocaleString('en-US')).join(' × ')} images (${formatSize(bytes)} of pixels), more than the ${formatSize(limits.testSetBytes)} this page accepts for a test set ${device(limits)}. ` +
      'It was not read. Evaluate on a subset of the images, or natively with `npm run eval`.',
  );
}

/** An archive of test files, before it is unpacked. */
export function checkArchiveSize(name: string, bytes: number, limits: Limits): Result<void> {
  if (bytes <= limits.archiveBytes) return ok(undefined);
  return fail(
    `${name} is ${formatSize(bytes)}, more than the ${formatSize(limits.archiveBytes)} this page accepts for an archive ${device(limits)}. ` +
      'It was not read. Unpack it and drop the test files themselves, or a smaller archive.',
  );
}

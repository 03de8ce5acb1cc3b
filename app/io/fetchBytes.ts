/** Where bytes enter the page: fetched from the site, with progress, gunzipped by the browser. */
import { idxByteLength, isGzip } from '../core/idx';
import { takePrefetched } from './earlyFetch';
import { nextTask, SLICE_MS } from './nextTask';
import { canShareMemory } from './sharedMemory';

export type ByteProgress = (loaded: number, total: number | null) => void;

/** Fetches a URL completely, reporting bytes as they arrive. Errors name the URL and the HTTP status. */
export async function fetchBytes(url: string, onProgress?: ByteProgress, signal?: AbortSignal): Promise<Uint8Array> {
  let response: Response;
  try {
    const early = signal ? null : takePrefetched(url);
    response = await (early ? early.catch(() => fetch(url)) : fetch(url, { signal }));
  } catch (e) {
    throw new Error(`Could not fetch ${url}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`Could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  const length = Number(response.headers.get('content-length')) || null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  // A response fetched ahead (earlyFetch.ts) is all there: its chunks and what follows would be one long task.
  let slice = performance.now();
  for (;;) {
    if (performance.now() - slice >= SLICE_MS) {
      await nextTask();
      slice = performance.now();
    }
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress?.(loaded, length);
  }
  return concat(chunks, loaded);
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * The IDX bytes of a file that may or may not be gzipped. Decided by the bytes, not the name or headers:
 * some servers (Vite's dev server among them) send `.gz` files with `Content-Encoding: gzip`, and the
 * browser has then already decompressed them.
 */
export async function ungzipIfNeeded(bytes: Uint8Array, shared = false): Promise<Uint8Array> {
  return isGzip(bytes) ? gunzip(bytes, shared) : bytes;
}

/** Compressed bytes inflated per step: about 2 ms of DecompressionStream's work on a slow machine. */
const INPUT_SLICE_BYTES = 64 * 1024;

/** Larger than any test set this page can hold; a header claiming more is not trusted for the allocation. */
const MAX_PRESIZED_BYTES = 1 << 30;

/**
 * Decompresses gzip with the browser's native DecompressionStream. When the content is IDX, its header (in the
 * first decompressed bytes) gives the final size: the bytes go straight into one buffer of that size, so a
 * 47 MB training set never exists twice (as chunks and as their concatenation). `shared`: that buffer is a
 * SharedArrayBuffer (for a cross-origin-isolated page to share with a worker).
 */
export async function gunzip(bytes: Uint8Array, shared = false): Promise<Uint8Array> {
  return (await gunzipStreamed(bytes, shared)).done;
}

/** A file being decompressed into the buffer its IDX header asked for. */
export interface StreamedFile {
  /** The whole file as its header declares it, filled in from the start as decompression goes. */
  readonly bytes: Uint8Array;
  /** How many bytes of `bytes` are decompressed so far. */
  readonly decoded: () => number;
  /** Called after each decompressed chunk (set it before awaiting anything, or read `decoded()`). */
  onProgress: ((decoded: number) => void) | null;
  /**
   * The decompressed file once complete: `bytes` itself when it had the declared size, otherwise what there was
   * (shorter or longer: the IDX reader says what is wrong). Rejects, explained, when the gzip data is damaged.
   */
  readonly done: Promise<Uint8Array>;
}

/**
 * gunzip that hands over the file's buffer as soon as the IDX header has sized it, while decompression goes on:
 * a caller can start on the first images before the last are decompressed. Content without such a header
 * resolves only once complete (`bytes` is then the whole file).
 */
export function gunzipStreamed(bytes: Uint8Array, shared = false): Promise<StreamedFile> {
  // The bytes themselves (a Blob would copy them first) go in a slice at a time, with a new task between slices
  // once SLICE_MS have passed: given the whole file at once, or piped in (which writes as fast as the stream takes),
  // DecompressionStream inflates all of it in one step, one long task of the page (60 ms for the MNIST test set).
  const inflate = new DecompressionStream('gzip');
  const reader = inflate.readable.getReader();
  const writer = inflate.writable.getWriter();
  void (async () => {
    let slice = performance.now();
    for (let offset = 0; offset < bytes.length; offset += INPUT_SLICE_BYTES) {
      if (performance.now() - slice >= SLICE_MS) {
        await nextTask();
        slice = performance.now();
      }
      await writer.write(bytes.subarray(offset, offset + INPUT_SLICE_BYTES) as Uint8Array<ArrayBuffer>);
    }
    await writer.close();
  })().catch(() => {
    // Damaged data: the reader below fails too, and says so.
  });
  let chunks: Uint8Array[] = [];
  let out: Uint8Array | null = null;
  let size = 0;
  let handedOverYet = false;
  let progress: (decoded: number) => void = () => {};
  let finish: { resolve: (whole: Uint8Array) => void; reject: (e: Error) => void } = { resolve: () => {}, reject: () => {} };
  const done = new Promise<Uint8Array>((resolve, reject) => (finish = { resolve, reject }));
  let handOver: (file: StreamedFile) => void = () => {};
  const handedOver = new Promise<StreamedFile>((resolve) => (handOver = resolve));
  const hand = (content: Uint8Array): void => {
    if (handedOverYet) return;
    handedOverYet = true;
    const streamed: StreamedFile = { bytes: content, decoded: () => size, onProgress: null, done };
    progress = (n) => streamed.onProgress?.(n);
    handOver(streamed);
  };
  void (async () => {
    try {
      // The compressed bytes are all here: every read would resolve at once, and the whole file (60 ms for the
      // MNIST test set) would be decompressed in one task of the page. A new task every SLICE_MS.
      let slice = performance.now();
      for (;;) {
        if (performance.now() - slice >= SLICE_MS) {
          await nextTask();
          slice = performance.now();
        }
        const { done: end, value } = await reader.read();
        if (end) break;
        if (out && size + value.length <= out.length) {
          out.set(value, size);
          size += value.length;
          progress(size);
          continue;
        }
        if (out) {
          // More bytes than the header declared: keep everything (the IDX reader will say what is wrong).
          chunks = [out.subarray(0, size)];
          out = null;
        }
        chunks.push(value);
        size += value.length;
        const declared: number | null = !handedOverYet && chunks.length <= 4 ? idxByteLength(concat(chunks, size).subarray(0, 20)) : null;
        if (declared !== null && declared >= size && declared <= MAX_PRESIZED_BYTES) {
          out = new Uint8Array(shared && canShareMemory() ? new SharedArrayBuffer(declared) : new ArrayBuffer(declared));
          out.set(concat(chunks, size));
          chunks = [];
          hand(out);
        }
      }
    } catch {
      // Browsers say only "Failed to fetch" or "Decompression failed"; what users need is what it means.
      const error = new Error(`The file is not valid gzip: the compressed data is cut short or damaged after ${size.toLocaleString('en-US')} decompressed bytes. Download or copy it again.`);
      hand(new Uint8Array(0));
      finish.reject(error);
      return;
    }
    const whole = out ? (size === out.length ? out : out.subarray(0, size)) : concat(chunks, size);
    // Content no header sized: handed over complete.
    hand(whole);
    finish.resolve(whole);
  })();
  return handedOver;
}

/** Reads a dropped or picked file completely, reporting bytes as they are read. */
export async function readFileBytes(file: Blob, onProgress?: ByteProgress): Promise<Uint8Array> {
  const reader = file.stream().getReader();
  const out = new Uint8Array(file.size);
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.length > out.length) throw new Error('The file changed while it was being read.');
    out.set(value, loaded);
    loaded += value.length;
    onProgress?.(loaded, file.size);
  }
  return loaded === out.length ? out : out.subarray(0, loaded);
}

/** The start of a file's content, and whether it had to be decompressed to get it. */
export interface FileHead {
  readonly bytes: Uint8Array;
  /** 'ok' when the file is gzip and `bytes` is its decompressed start; 'damaged' when decompressing yielded nothing. */
  readonly gunzipped?: 'ok' | 'damaged';
}

/**
 * The first `length` bytes of a file's content, decompressed if it is gzip: enough to tell what the file
 * is (app/core/sniff.ts) without reading or decompressing all of it.
 */
export async function readHead(file: Blob, length = 4096): Promise<FileHead> {
  const start = new Uint8Array(await file.slice(0, Math.max(length, 2)).arrayBuffer());
  if (!isGzip(start)) return { bytes: start.subarray(0, length) };
  const reader = file.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let damaged = false;
  try {
    while (size < length) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A damaged gzip stream: sniff what came out; the full read reports the damage.
    damaged = size === 0;
  } finally {
    void reader.cancel().catch(() => {});
  }
  return { bytes: concat(chunks, size).subarray(0, length), gunzipped: damaged ? 'damaged' : 'ok' };
}

/**
 * Tells what a dropped file is from its bytes, whatever its name: users drop several files at once,
 * named anything (`t10k-images.idx3-ubyte`, `images.gz`, `download (3)`), and the drop zone routes
 * each to the right reader. Only headers are looked at; the readers check the rest.
 */
import { sniffFormat, type SniffedFormat } from './formats/sniffFormats';
import { isGzip } from './idx';
import { describeForeignFormat } from './onnx/lookalike';
import { looksLikeOnnx } from './onnx/inspect';

export type Sniffed =
  /** Compressed: gunzip it and sniff the result. */
  | { readonly kind: 'gzip' }
  /** An IDX file with 3 dimensions (count × rows × cols); `dims` is null when the header itself is cut short. */
  | { readonly kind: 'idx-images'; readonly dims: readonly number[] | null }
  /** An IDX file with 1 dimension (count). */
  | { readonly kind: 'idx-labels'; readonly dims: readonly number[] | null }
  | { readonly kind: 'onnx' }
  /** Archives, NumPy arrays, CSV, images: see formats/sniffFormats.ts. */
  | SniffedFormat
  | { readonly kind: 'unknown'; readonly reason: string };

/** IDX element types (see idx.ts); the readers refuse all but unsigned bytes with their own message. */
const IDX_TYPES = new Set([0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e]);

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** What the caller knows beyond the bytes it hands over: the page sniffs only the start of a file. */
export interface SniffContext {
  /** The whole file's size in bytes, when `bytes` is only its start. */
  readonly size?: number;
  /**
   * The bytes are what a gzip file decompressed to; 'damaged' when decompressing failed before yielding
   * anything (then `bytes` is empty).
   */
  readonly gunzipped?: 'ok' | 'damaged';
}

/**
 * What the bytes are. Gzip is reported as such (app/core cannot decompress: the page does it with
 * DecompressionStream), so sniff again after decompressing, saying so in `context`.
 */
export function sniff(bytes: Uint8Array, context: SniffContext = {}): Sniffed {
  if (context.gunzipped === 'damaged') {
    return { kind: 'unknown', reason: 'The file starts like gzip but could not be decompressed: it is damaged or not gzip at all. Download or copy it again.' };
  }
  const inGzip = context.gunzipped === 'ok';
  if (bytes.length === 0) return { kind: 'unknown', reason: inGzip ? 'The gzip file is empty once decompressed (0 bytes).' : 'The file is empty (0 bytes).' };
  if (isGzip(bytes)) return { kind: 'gzip' };
  const idx = sniffIdx(bytes);
  if (idx !== null) return idx;
  const format = sniffFormat(bytes);
  if (format !== null) return format;
  if (looksLikeOnnx(bytes)) return { kind: 'onnx' };
  const foreign = describeForeignFormat(bytes);
  if (foreign !== null) {
    const what = inGzip ? `This gzip file holds ${foreign.what}` : `This is ${foreign.what}`;
    return { kind: 'unknown', reason: `${what}, not an IDX or ONNX file.${foreign.advice ? ` ${foreign.advice}` : ''}` };
  }
  const start = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return {
    kind: 'unknown',
    reason:
      (inGzip
        ? `This gzip file holds neither an IDX image or label file nor an ONNX model (what it holds starts with ${start}). `
        : `This file is neither an IDX image or label file nor an ONNX model (it is ${formatCount(context.size ?? bytes.length)} bytes and starts with ${start}). `) +
      'IDX files start with 00 00 08, ONNX models with 08.',
  };
}

function sniffIdx(bytes: Uint8Array): Sniffed | null {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !IDX_TYPES.has(bytes[2]!)) return null;
  const rank = bytes[3]!;
  if (rank === 0 || rank > 4) return null; // idx.ts reads at most 4 dimensions; beyond that it is a coincidence
  const complete = bytes.length >= 4 + 4 * rank;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = complete ? Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d, false)) : null;
  if (rank === 3) return { kind: 'idx-images', dims };
  if (rank === 1) return { kind: 'idx-labels', dims };
  const shape = dims === null ? '' : ` (${dims.join('×')})`;
  return {
    kind: 'unknown',
    reason: `This is an IDX file with ${rank} dimensions${shape}; image files have 3 (count × rows × cols) and label files 1.`,
  };
}

/**
 * Decodes image files into 28×28 grey pixels, off the page's thread. PNGs are decoded by fast-png (JavaScript):
 * the browser may apply a PNG's gamma or colour profile, and the MNIST images must come out byte for byte.
 * JPEG, BMP, GIF and WebP go through createImageBitmap and an OffscreenCanvas, without colour conversion.
 */
import { decode as decodePng } from 'fast-png';
import { sniffImage } from '../../core/formats/sniffFormats';
import type { DecodeRequest, DecodeResponse, ItemOutcome } from './protocol';
import { decodeSimplePng } from './fastPng';
import { exactGrey, type Rgba } from './rgbaToGrey';
import { toMnistStyle } from './toMnistStyle';

function pngToRgba(bytes: Uint8Array): Rgba {
  const png = decodePng(bytes);
  const { width, height, channels } = png;
  const n = width * height;
  const out = new Uint8Array(n * 4);
  const src = png.data;
  const shift = png.depth === 16 ? 8 : 0; // 16-bit samples keep their high byte
  if (png.palette) {
    const palette = png.palette;
    for (let i = 0; i < n; i++) {
      const c = palette[src[i]!] ?? [0, 0, 0];
      out[i * 4] = c[0]!;
      out[i * 4 + 1] = c[1]!;
      out[i * 4 + 2] = c[2]!;
      out[i * 4 + 3] = c.length > 3 ? c[3]! : 255;
    }
    return { width, height, data: out };
  }
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    if (channels <= 2) {
      const g = src[s]! >> shift;
      out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = g;
      out[i * 4 + 3] = channels === 2 ? src[s + 1]! >> shift : 255;
    } else {
      out[i * 4] = src[s]! >> shift;
      out[i * 4 + 1] = src[s + 1]! >> shift;
      out[i * 4 + 2] = src[s + 2]! >> shift;
      out[i * 4 + 3] = channels === 4 ? src[s + 3]! >> shift : 255;
    }
  }
  return { width, height, data: out };
}

async function bitmapToRgba(bytes: Uint8Array): Promise<Rgba> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas in this browser');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, data: context.getImageData(0, 0, canvas.width, canvas.height).data };
}

async function decodeOne(source: Promise<Uint8Array>, pixels: Uint8Array, at: number): Promise<ItemOutcome> {
  try {
    const bytes = await source;
    const format = sniffImage(bytes);
    if (!format) return { status: 'failed', reason: 'not an image (PNG, JPEG, BMP, GIF or WebP) by its bytes' };
    const rgba = format === 'png' ? (decodeSimplePng(bytes) ?? pngToRgba(bytes)) : await bitmapToRgba(bytes);
    const grey = exactGrey(rgba);
    if (grey) {
      pixels.set(grey, at);
      return { status: 'exact' };
    }
    const converted = toMnistStyle(rgba);
    if ('reason' in converted) return { status: 'failed', reason: `${rgba.width}×${rgba.height} ${format.toUpperCase()} cannot be converted to 28×28 grey: ${converted.reason}` };
    pixels.set(converted.pixels, at);
    return { status: 'converted', width: rgba.width, height: rgba.height };
  } catch (e) {
    return { status: 'failed', reason: `cannot be decoded: ${(e as Error).message || String(e)}` };
  }
}

/**
 * Files from a folder, read as one Blob of them all: each separate read is a round trip to the browser's file
 * system (about 0.7 ms), one read of the batch is one. A batch that cannot be read whole (a file removed since it
 * was picked) is read file by file, so that only the unreadable file fails.
 */
async function readAll(sources: readonly (Blob | Uint8Array)[]): Promise<Promise<Uint8Array>[]> {
  const one = (s: Blob | Uint8Array): Promise<Uint8Array> => (s instanceof Uint8Array ? Promise.resolve(s) : s.arrayBuffer().then((b) => new Uint8Array(b)));
  if (sources.every((s) => s instanceof Blob) && sources.length > 1) {
    try {
      const blobs = sources as readonly Blob[];
      const all = new Uint8Array(await new Blob(blobs as Blob[]).arrayBuffer());
      let at = 0;
      return blobs.map((b) => {
        const part = all.subarray(at, at + b.size);
        at += b.size;
        return Promise.resolve(part);
      });
    } catch {
      // fall through: file by file
    }
  }
  return sources.map(one);
}

self.onmessage = async (event: MessageEvent<DecodeRequest>) => {
  const { id, sources } = event.data;
  const pixels = new Uint8Array(sources.length * 784);
  const outcomes: ItemOutcome[] = [];
  const reads = await readAll(sources);
  for (const r of reads) r.catch(() => {}); // reported by decodeOne
  for (let i = 0; i < sources.length; i++) outcomes.push(await decodeOne(reads[i]!, pixels, i * 784));
  const response: DecodeResponse = { id, pixels, outcomes };
  (self as unknown as Worker).postMessage(response, [pixels.buffer]);
};

/**
 * The common PNG in test sets (8-bit grey, grey+alpha, RGB or RGBA, not interlaced) decoded with fflate's inflate:
 * fast-png takes about 0.8 ms per 28×28 image (its per-image setup), this about a tenth of that, which is what
 * makes 10 000 files a matter of seconds. Anything else (palette, 16-bit, interlaced) returns null and goes to
 * fast-png. Exact: the stored bytes, unfiltered as the PNG specification says.
 */
import { unzlibSync } from 'fflate';
import type { Rgba } from './rgbaToGrey';

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 4: 2, 2: 3, 6: 4 };

export function decodeSimplePng(bytes: Uint8Array): Rgba | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  let idatLength = 0;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (data.length !== length) throw new Error(`the PNG ends inside its ${type} chunk`);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const depth = data[8]!;
      const colour = data[9]!;
      const interlace = data[12]!;
      if (depth !== 8 || interlace !== 0 || !(colour in CHANNELS)) return null;
      channels = CHANNELS[colour]!;
    } else if (type === 'IDAT') {
      idat.push(data);
      idatLength += length;
    } else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!channels || width === 0 || height === 0 || width * height > 1 << 24) return null;
  const compressed = idat.length === 1 ? idat[0]! : concat(idat, idatLength);
  const stride = width * channels;
  const raw = unzlibSync(compressed, { out: new Uint8Array((stride + 1) * height) });
  if (raw.length < (stride + 1) * height) throw new Error('the PNG image data is cut short');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const v = raw[src + x]!;
      const a = x >= channels ? pixels[row + x - channels]! : 0;
      const b = y > 0 ? pixels[prev + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[prev + x - channels]! : 0;
      let p: number;
      switch (filter) {
        case 0: p = v; break;
        case 1: p = v + a; break;
        case 2: p = v + b; break;
        case 3: p = v + ((a + b) >> 1); break;
        case 4: {
          const base = a + b - c;
          const pa = Math.abs(base - a);
          const pb = Math.abs(base - b);
          const pc = Math.abs(base - c);
          p = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw new Error(`unknown PNG filter ${filter} in row ${y}`);
      }
      pixels[row + x] = p & 0xff;
    }
  }
  const n = width * height;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    const s = i * channels;
    if (channels <= 2) {
      out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = pixels[s]!;
      out[i * 4 + 3] = channels === 2 ? pixels[s + 1]! : 255;
    } else {
      out[i * 4] = pixels[s]!;
      out[i * 4 + 1] = pixels[s + 1]!;
      out[i * 4 + 2] = pixels[s + 2]!;
      out[i * 4 + 3] = channels === 4 ? pixels[s + 3]! : 255;
    }
  }
  return { width, height, data: out };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

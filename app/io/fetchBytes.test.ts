/** gunzip with the platform's DecompressionStream (Node has it too): real MNIST files, and files whose IDX header lies. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../node/testSetFiles';
import { gunzip, gunzipStreamed } from './fetchBytes';

const MNIST_IMAGES = join(PROJECT_ROOT, 'public', 'data', 'mnist', 't10k-images-idx3-ubyte.gz');

/** An IDX header for ubyte data of `dims`, followed by `dataBytes` bytes of content. */
function idx(dims: readonly number[], dataBytes: number): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + dataBytes);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  for (let i = 4 + 4 * dims.length; i < out.length; i++) out[i] = i % 251;
  return out;
}

describe('gunzip', () => {
  it('decompresses the MNIST test images into one buffer of exactly the declared size', async () => {
    const gz = new Uint8Array(readFileSync(MNIST_IMAGES));
    const out = await gunzip(gz);
    expect(out.length).toBe(4 + 3 * 4 + 10_000 * 28 * 28);
    expect(out.buffer.byteLength).toBe(out.length); // allocated once, not grown
    expect(Buffer.from(out).equals(gunzipSync(gz))).toBe(true);
  });

  it('keeps every byte when the header declares fewer or more than the file holds, and of non-IDX content', async () => {
    const short = idx([100, 28, 28], 50 * 784); // the header promises 100 images, the file has 50
    const long = idx([10, 28, 28], 20 * 784); // promises 10, holds 20
    const text = new TextEncoder().encode('not an IDX file '.repeat(20_000));
    for (const content of [short, long, text]) {
      expect(Buffer.from(await gunzip(new Uint8Array(gzipSync(content)))).equals(Buffer.from(content))).toBe(true);
    }
  });

  it('hands over the buffer the header sized while decompression goes on, then fills it', async () => {
    const gz = new Uint8Array(readFileSync(MNIST_IMAGES));
    const streamed = await gunzipStreamed(gz);
    expect(streamed.bytes.length).toBe(4 + 3 * 4 + 10_000 * 28 * 28);
    const seen: number[] = [streamed.decoded()];
    streamed.onProgress = (n) => seen.push(n);
    expect(await streamed.done).toBe(streamed.bytes);
    expect(seen.at(-1)).toBe(streamed.bytes.length);
    expect(seen.every((n, i) => i === 0 || n > seen[i - 1]!)).toBe(true);
    expect(Buffer.from(streamed.bytes).equals(gunzipSync(gz))).toBe(true);
  });

  it('hands over content without an IDX header only once complete, and damage as a rejection', async () => {
    const text = new TextEncoder().encode('not an IDX file '.repeat(20_000));
    const streamed = await gunzipStreamed(new Uint8Array(gzipSync(text)));
    expect(streamed.decoded()).toBe(text.length);
    expect(Buffer.from(await streamed.done).equals(Buffer.from(text))).toBe(true);
    const damaged = await gunzipStreamed(new Uint8Array(readFileSync(MNIST_IMAGES)).subarray(0, 200_000));
    await expect(damaged.done).rejects.toThrow(/not valid gzip/);
  });

  it('explains damaged gzip data', async () => {
    const gz = new Uint8Array(readFileSync(MNIST_IMAGES)).subarray(0, 200_000);
    await expect(gunzip(gz)).rejects.toThrow(/not valid gzip: the compressed data is cut short or damaged/);
  });
});

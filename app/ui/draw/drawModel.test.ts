/** The drawing pad's data shaping: picture sniffing, decode sizes, the model's input from a pad drawing and from the real MNIST test set. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MNIST } from '../../core/datasets';
import { readImages } from '../../core/testSet';
import { decodeSize, isSinglePicture, keyboardMove, PAD_SIDE, pictureInput, randomIndex, sniffPicture, testImageInput, verdict } from './drawModel';

describe('sniffPicture and isSinglePicture', () => {
  it('recognises the formats by their first bytes', () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    expect(sniffPicture(Uint8Array.from(png))).toBe('PNG');
    expect(sniffPicture(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('JPEG');
    expect(sniffPicture(new TextEncoder().encode('GIF89a'))).toBe('GIF');
    expect(sniffPicture(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('WebP');
    expect(sniffPicture(new Uint8Array(30).fill(0x42).map((b, i) => (i === 1 ? 0x4d : b)))).toBe('BMP');
    // An IDX image file (the start of t10k-images) is not a picture.
    expect(sniffPicture(Uint8Array.from([0, 0, 8, 3, 0, 0, 0x27, 0x10]))).toBeNull();
  });
  it('sends one picture to the pad and anything else to the intake', () => {
    expect(isSinglePicture([{ name: 'photo.JPG', type: '' }])).toBe(true);
    expect(isSinglePicture([{ name: 'scan', type: 'image/png' }])).toBe(true);
    expect(isSinglePicture([{ name: 'a.png', type: 'image/png' }, { name: 'b.png', type: 'image/png' }])).toBe(false);
    expect(isSinglePicture([{ name: 't10k-images-idx3-ubyte.gz', type: 'application/gzip' }])).toBe(false);
  });
});

describe('decodeSize', () => {
  it('keeps small pictures and scales large ones down on their long side', () => {
    expect(decodeSize(640, 480)).toEqual({ width: 640, height: 480, scaled: false });
    expect(decodeSize(4000, 3000)).toEqual({ width: 1024, height: 768, scaled: true });
    expect(decodeSize(10, 5000)).toEqual({ width: 2, height: 1024, scaled: true });
  });
});

describe('pictureInput', () => {
  it('turns a pad drawing (a white vertical stroke on black, RGBA) into a centred 28×28 "1"', () => {
    const rgba = new Uint8Array(PAD_SIDE * PAD_SIDE * 4);
    for (let y = 0; y < PAD_SIDE; y++) {
      for (let x = 0; x < PAD_SIDE; x++) {
        const ink = y >= 30 && y < 190 && x >= 150 && x < 168 ? 255 : 0;
        rgba.set([ink, ink, ink, 255], (y * PAD_SIDE + x) * 4);
      }
    }
    const input = pictureInput({ width: PAD_SIDE, height: PAD_SIDE, data: rgba });
    if (!input.ok) throw new Error(input.reason);
    const px = input.value.images.pixels;
    const inkColumns = new Set<number>();
    const inkRows = new Set<number>();
    px.forEach((v, i) => v > 0 && (inkColumns.add(i % 28), inkRows.add(Math.floor(i / 28))));
    expect(inkRows.size).toBe(20); // fitted to 20 high
    expect([...inkColumns].sort((a, b) => a - b)).toEqual([13, 14]); // 2 wide (18·20/160 rounded), centred: moved from the right
    expect(input.value.description).toMatch(/cropped to the ink \(18×160\)/);
  });
  it('says an empty pad is blank', () => {
    const empty = pictureInput({ width: PAD_SIDE, height: PAD_SIDE, data: new Uint8Array(PAD_SIDE * PAD_SIDE * 4).fill(255).map((v, i) => (i % 4 === 3 ? 255 : 0)) });
    expect(empty.ok || empty.reason).toMatch(/blank/);
  });
});

describe('testImageInput on the MNIST test set', () => {
  const read = readImages(gunzipSync(readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'data', 'mnist', MNIST.test.images.name))));
  if (!read.ok) throw new Error(read.reason);
  const images = read.value;
  it('gives the image as it is', () => {
    const input = testImageInput(images, 9999);
    if (!input.ok) throw new Error(input.reason);
    expect(Array.from(input.value.images.pixels)).toEqual(Array.from(images.pixels.subarray(9999 * 784)));
    expect(testImageInput(images, 10_000).ok).toBe(false);
  });
  it('picks indices within the set', () => {
    expect(randomIndex(images.count, 0)).toBe(0);
    expect(randomIndex(images.count, 0.99999999)).toBe(9999);
  });
});

describe('verdict', () => {
  it('uses probabilities as they are and softmaxes logits', () => {
    const p = verdict(Float32Array.from([0.1, 0.7, 0.2]), 3);
    expect([p.top, p.softmaxApplied]).toEqual([1, false]);
    const l = verdict(Float32Array.from([2, -1, 5]), 3);
    expect([l.top, l.softmaxApplied]).toEqual([2, true]);
    expect(l.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });
});

describe('keyboardMove', () => {
  it('moves the pen by a step and keeps it on the pad', () => {
    expect(keyboardMove('ArrowDown', { x: 100, y: 100 })).toEqual({ x: 100, y: 112 });
    expect(keyboardMove('ArrowLeft', { x: 5, y: 100 })).toEqual({ x: 0, y: 100 });
    expect(keyboardMove('a', { x: 5, y: 5 })).toBeNull();
  });
});

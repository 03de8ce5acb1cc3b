/**
 * The real MNIST test set in every form people keep it, for e2e/formats.spec.ts: a folder tree of PNGs, the same
 * zipped and as .tar.gz, both CSV styles, an npz like Keras's, .npy pairs of several dtypes, a transposed
 * EMNIST-like IDX zip, a flat folder with a labels CSV and one with labels in the file names; plus the malformed
 * cases. Written in TypeScript (fast-png, fflate, nanotar), into e2e/.fixtures-formats/, and rebuilt only when
 * this file changes (its hash is the cache key).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { zipSync } from 'fflate';
import { createTar } from 'nanotar';
import { MNIST } from '../app/core/datasets';
import { writeMnistCsv } from '../app/core/formats/csvWrite';
import { transposeImages } from '../app/core/formats/emnist';
import { writeNpy } from '../app/core/formats/npyWrite';
import { readImages, readLabels } from '../app/core/testSet';
import type { ImageSet, LabelSet } from '../app/core/types';
import { PROJECT_ROOT } from '../app/node/testSetFiles';

export const FORMATS_DIR = join(PROJECT_ROOT, 'e2e', '.fixtures-formats');
/** Images in most fixtures: the first ones of the test set (10 000 PNGs per run would be slow to make and drop). */
export const SUBSET = 300;

const gz = (name: string) => new Uint8Array(gunzipSync(readFileSync(join(PROJECT_ROOT, 'public', 'data', 'mnist', name))));

export function testSet(count = SUBSET): { images: ImageSet; labels: LabelSet } {
  const images = readImages(gz(MNIST.test.images.name));
  const labels = readLabels(gz(MNIST.test.labels.name));
  if (!images.ok || !labels.ok) throw new Error('run npm run data first');
  return {
    images: { ...images.value, count, pixels: images.value.pixels.subarray(0, count * 784) },
    labels: { count, labels: labels.value.labels.subarray(0, count) },
  };
}

export function idxBytes(images: ImageSet | null, labels: LabelSet | null): Uint8Array {
  if (images) {
    const out = new Uint8Array(16 + images.pixels.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, 0x0803);
    view.setUint32(4, images.count);
    view.setUint32(8, images.rows);
    view.setUint32(12, images.cols);
    out.set(images.pixels, 16);
    return out;
  }
  const out = new Uint8Array(8 + labels!.count);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0801);
  view.setUint32(4, labels!.count);
  out.set(labels!.labels, 8);
  return out;
}

export const png = (pixels: Uint8Array): Uint8Array => encodePng({ width: 28, height: 28, data: pixels, channels: 1, depth: 8 });

/** `prefix/<label>/<index>.png` for each image, as the popular mnist_png archives lay them out. */
function folderTree(images: ImageSet, labels: LabelSet, prefix: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < images.count; i++) files[`${prefix}/${labels.labels[i]}/${i}.png`] = png(images.pixels.subarray(i * 784, (i + 1) * 784));
  return files;
}

/** A digit as dark ink on white paper, `scale` times larger (nearest neighbour), as an RGB JPEG of quality 90. */
function paperJpeg(pixels: Uint8Array, scale: number): Uint8Array {
  const side = 28 * scale;
  const data = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const v = 255 - pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!;
      data.set([v, v, Math.min(255, v + 6), 255], (y * side + x) * 4); // paper slightly blue, as photos are
    }
  }
  return new Uint8Array(jpeg.encode({ data, width: side, height: side }, 90).data);
}

/** A digit as a grey PNG of dark ink on white paper, `scale` times larger (nearest neighbour). */
function paperPng(pixels: Uint8Array, scale: number): Uint8Array {
  const size = 28 * scale;
  const data = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = 255 - pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)]!;
  return encodePng({ width: size, height: size, data, channels: 1, depth: 8 });
}

function write(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

const KEY_FILE = join(FORMATS_DIR, '.key');

export const fixture = (...path: string[]): string => join(FORMATS_DIR, ...path);

/** Makes the fixtures unless those on disk were made by this very file. */
export function makeFormatFixtures(): void {
  const key = createHash('sha256').update(readFileSync(import.meta.filename)).digest('hex');
  if (existsSync(KEY_FILE) && readFileSync(KEY_FILE, 'utf8') === key) return;
  rmSync(FORMATS_DIR, { recursive: true, force: true });
  const { images, labels } = testSet();
  // The reference: the same images as IDX.
  write(fixture('idx', 'images-idx3-ubyte'), idxBytes(images, null));
  write(fixture('idx', 'labels-idx1-ubyte'), idxBytes(null, labels));

  const tree = folderTree(images, labels, 'testing');
  for (const [path, bytes] of Object.entries(tree)) write(fixture('folder', path), bytes);
  write(fixture('mnist_png.zip'), zipSync(Object.fromEntries(Object.entries(tree).map(([p, b]) => [`mnist_png/${p}`, b]))));
  write(fixture('mnist_png.tar.gz'), gzipSync(createTar(Object.entries(tree).map(([name, data]) => ({ name: `mnist_png/${name}`, data })))));
  write(fixture('idx.zip'), zipSync({ 'data/t10k-images-idx3-ubyte.gz': gzipSync(idxBytes(images, null)), 'data/t10k-labels-idx1-ubyte.gz': gzipSync(idxBytes(null, labels)), 'data/README.txt': new TextEncoder().encode('MNIST test set') }));

  write(fixture('train.csv'), writeMnistCsv(images, labels, 'kaggle'));
  const full = testSet(10_000);
  write(fixture('mnist_test_full.csv'), writeMnistCsv(full.images, full.labels, 'plain'));
  write(fixture('mnist_test.csv'), writeMnistCsv(images, labels, 'plain'));

  const x = (descr: string, scale: number, fortranOrder = false, shape = [SUBSET, 28, 28]) => writeNpy(Float64Array.from(images.pixels, (p) => p * scale), { descr, shape, fortranOrder });
  const y = (descr: string) => writeNpy(labels.labels, { descr, shape: [SUBSET] });
  write(fixture('mnist.npz'), zipSync({ 'x_train.npy': x('|u1', 1), 'y_train.npy': y('|u1'), 'x_test.npy': x('|u1', 1), 'y_test.npy': y('|u1') }, { level: 0 }));
  write(fixture('npy-float01', 'x_test.npy'), x('<f4', 1 / 255, false, [SUBSET, 784]));
  write(fixture('npy-float01', 'y_test.npy'), y('<i8'));
  write(fixture('npy-f8-fortran', 'x_test.npy'), x('>f8', 1, true));
  write(fixture('npy-f8-fortran', 'y_test.npy'), y('>i4'));

  // EMNIST-like: its zip of gzip IDX files, images stored transposed, a mapping file per split.
  const transposed = transposeImages(images);
  write(fixture('emnist-gzip.zip'), zipSync({
    'gzip/emnist-digits-test-images-idx3-ubyte.gz': gzipSync(idxBytes(transposed, null)),
    'gzip/emnist-digits-test-labels-idx1-ubyte.gz': gzipSync(idxBytes(null, labels)),
    'gzip/emnist-digits-mapping.txt': new TextEncoder().encode(Array.from({ length: 10 }, (_, i) => `${i} ${48 + i}`).join('\n') + '\n'),
  }));

  // The same transposed images in IDX files whose names do not say EMNIST: the model tells the orientation.
  write(fixture('transposed', 'test-images-idx3-ubyte'), idxBytes(transposed, null));
  write(fixture('transposed', 'test-labels-idx1-ubyte'), idxBytes(null, labels));

  // Flat folders: a labels CSV beside the images, and labels in the file names.
  const flatCsv: string[] = ['filename,label'];
  for (let i = 0; i < SUBSET; i++) {
    write(fixture('flat-csv', `img${i}.png`), png(images.pixels.subarray(i * 784, (i + 1) * 784)));
    flatCsv.push(`img${i}.png,${labels.labels[i]}`);
    write(fixture('flat-names', `${i}_${labels.labels[i]}.png`), png(images.pixels.subarray(i * 784, (i + 1) * 784)));
  }
  write(fixture('flat-csv', 'labels.csv'), flatCsv.join('\n') + '\n');

  // Photos of the digits as people make them: dark ink on white paper, 3× larger, JPEG (lossy).
  const photos: Record<string, Uint8Array> = {};
  for (let i = 0; i < SUBSET; i++) photos[`photos/${labels.labels[i]}/${i}.jpg`] = paperJpeg(images.pixels.subarray(i * 784, (i + 1) * 784), 3);
  write(fixture('photos.zip'), zipSync(photos, { level: 0 }));
  // Large scans (ink on white paper, 20× larger, PNG): slow enough to decode that a test can cancel it midway.
  for (let i = 0; i < 400; i++) write(fixture('big-scans', String(labels.labels[i % SUBSET]), `${i}.png`), paperPng(images.pixels.subarray((i % SUBSET) * 784, (i % SUBSET + 1) * 784), 20));
  // Kaggle's test.csv: no label column.
  write(fixture('test.csv'), writeMnistCsv(images, null, 'kaggle-test'));

  makeMalformed(images, labels, tree);
  write(KEY_FILE, key);
}

function makeMalformed(images: ImageSet, labels: LabelSet, tree: Record<string, Uint8Array>): void {
  // A corrupt PNG among good ones: skipped, counted, named.
  const corrupt = { ...tree };
  const victim = Object.keys(corrupt)[5]!;
  corrupt[victim] = corrupt[victim]!.slice(0, 40);
  write(fixture('bad', 'corrupt-png.zip'), zipSync(corrupt));
  // A zip bomb: a member declaring 4 GB (the sizes are patched into its headers; the data is a few bytes).
  const bomb = zipSync({ 'bomb/zeros.bin': new Uint8Array(1000) });
  patchDeclaredSizes(bomb, 0xfffffff0);
  write(fixture('bad', 'bomb.zip'), bomb);
  // Paths leading out of the archive: skipped and named; the rest is read.
  write(fixture('bad', 'escape.zip'), zipSync({ ...tree, '../x.png': tree[Object.keys(tree)[0]!]! }));
  // 783 pixel columns.
  write(fixture('bad', 'short.csv'), writeMnistCsv(images, labels, 'plain', 20).trim().split('\n').map((l) => l.split(',').slice(0, 784).join(',')).join('\n') + '\n');
  // Mixed sizes: three of the images at 56×56 (each pixel doubled): converted, and said.
  const mixed = { ...tree };
  for (const path of Object.keys(tree).slice(0, 3)) {
    const i = Number(path.split('/').pop()!.replace('.png', ''));
    const big = new Uint8Array(56 * 56);
    for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) big[y * 56 + x] = images.pixels[i * 784 + (y >> 1) * 28 + (x >> 1)]!;
    mixed[path] = encodePng({ width: 56, height: 56, data: big, channels: 1, depth: 8 });
  }
  write(fixture('bad', 'mixed-sizes.zip'), zipSync(mixed));
  // A class folder the model does not have.
  const extra = { ...tree, 'testing/11/9999.png': tree[Object.keys(tree)[0]!]! };
  write(fixture('bad', 'extra-class.zip'), zipSync(extra));
  // More files than a drop may hold (empty members: cheap to make, still counted). A tar: fflate writes no zip64,
  // whose 16-bit entry count would wrap past 65 535.
  const empty = new Uint8Array(0);
  write(fixture('bad', 'many.tar.gz'), gzipSync(createTar(Array.from({ length: 200_000 }, (_, i) => ({ name: `many/${i}.png`, data: i === 199_999 ? new Uint8Array(1) : empty })))));
  // A pickled object array.
  const pickled = writeNpy([0], { descr: '<i8', shape: [1] });
  const header = new TextDecoder().decode(pickled.subarray(10, 10 + new DataView(pickled.buffer).getUint16(8, true))).replace("'<i8'", "'|O' ");
  pickled.set(new TextEncoder().encode(header), 10);
  write(fixture('bad', 'objects.npy'), pickled);
}

/** Sets every local and central header's uncompressed size (a zip bomb lies about nothing, but this one must be cheap). */
function patchDeclaredSizes(zip: Uint8Array, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, size, true);
    else if (sig === 0x02014b50) view.setUint32(i + 24, size, true);
  }
}

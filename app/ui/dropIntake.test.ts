/** Sorting a drop by content, on the real MNIST files and a real model (Node has File and DecompressionStream). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../node/testSetFiles';
import { sortDrop } from './dropIntake';

const read = (...path: string[]) => readFileSync(join(PROJECT_ROOT, ...path));
const imagesGz = read('public', 'data', 'mnist', 't10k-images-idx3-ubyte.gz');
const labelsGz = read('public', 'data', 'mnist', 't10k-labels-idx1-ubyte.gz');
const model = read('models', 'mnist-logreg.onnx');
const file = (name: string, bytes: Uint8Array) => new File([bytes as Uint8Array<ArrayBuffer>], name);
const none = { images: null, labels: null };

describe('sortDrop', () => {
  it('tells a model, images and labels apart whatever their names', async () => {
    const intake = await sortDrop([file('a', labelsGz), file('b.onnx.data', model), file('c.txt', gunzipSync(imagesGz))], none);
    expect(intake.problems).toEqual([]);
    expect(intake.model).toMatchObject({ kind: 'files', model: { name: 'b.onnx.data' }, externalData: [] });
    expect(intake.data).toMatchObject({ kind: 'files', images: { name: 'c.txt' }, labels: { name: 'a' } });
  });

  it('keeps a lone images file waiting for its labels, then pairs them', async () => {
    const first = await sortDrop([file('images.gz', imagesGz)], none);
    expect(first.data).toBeNull();
    expect(first.pending.images?.name).toBe('images.gz');
    const second = await sortDrop([file('labels.gz', labelsGz)], first.pending);
    expect(second.data).toMatchObject({ images: { name: 'images.gz' }, labels: { name: 'labels.gz' } });
    expect(second.pending).toEqual(none);
  });

  it('offers unknown files in a drop with a model as its external data', async () => {
    const intake = await sortDrop([file('m.onnx', model), file('m.onnx.data', new Uint8Array([1, 2, 3]))], none);
    expect(intake.model).toMatchObject({ externalData: [{ name: 'm.onnx.data' }] });
    expect(intake.problems).toEqual([]);
  });

  it('names what it cannot use', async () => {
    const intake = await sortDrop([file('report.gz', new TextEncoder().encode('%PDF-1.4 ')), file('empty', new Uint8Array(0))], none);
    expect(intake.model).toBeNull();
    expect(intake.problems).toEqual(['report.gz: This is a PDF document, not an IDX or ONNX file.', 'empty: The file is empty (0 bytes).']);
  });

  it('sends a folder, with its paths, and archives to the test-set reader; a model beside them stays the model', async () => {
    const inFolder = (path: string, bytes: Uint8Array) => Object.assign(file(path.split('/').pop()!, bytes), { relativePath: `/${path}` });
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const folder = await sortDrop([inFolder('testing/7/1.png', png), inFolder('testing/2/2.png', png), inFolder('testing/notes.txt', new Uint8Array([0x61])), file('m.onnx', model)], none);
    expect(folder.model).toMatchObject({ kind: 'files', model: { name: 'm.onnx' } });
    expect(folder.data).toMatchObject({ kind: 'bundle', name: 'testing' });
    expect(folder.data?.kind === 'bundle' && folder.data.files.map((f) => f.path)).toEqual(['testing/7/1.png', 'testing/2/2.png', 'testing/notes.txt']);
    const zip = await sortDrop([file('mnist.zip', new TextEncoder().encode('PK\x03\x04rest'))], none);
    expect(zip.data).toMatchObject({ kind: 'bundle', name: 'mnist.zip' });
  });

  it('refuses an image file whose IDX header declares more pixels than this device accepts, before reading it', async () => {
    // 3 000 000 images of 28×28 (2.2 GiB of pixels) declared by a 2 KB gzip file: the header is all that is read.
    const header = Uint8Array.from([0, 0, 8, 3, 0, 0x2d, 0xc6, 0xc0, 0, 0, 0, 28, 0, 0, 0, 28]);
    const bomb = new Uint8Array(gzipSync(Buffer.concat([header, Buffer.alloc(4096)])));
    const intake = await sortDrop([file('bomb-images.gz', bomb), file('labels.gz', labelsGz)], none);
    expect(intake.data).toBeNull();
    expect(intake.pending).toEqual(none);
    expect(intake.problems).toEqual([
      'bomb-images.gz declares 3,000,000 × 28 × 28 images (2.2 GB of pixels), more than the 512 MB this page accepts for a test set on this device (the browser does not report its memory; 4 GB assumed). It was not read. Evaluate on a subset of the images, or natively with `npm run eval`.',
    ]);
  });
});

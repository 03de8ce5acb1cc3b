/**
 * A test set from a folder, an archive, a CSV or NumPy files (dropped, picked or fetched): opened at the edge
 * (app/io/bundle.ts), planned from the files' kinds (core/formats/planSet.ts), read by the format's pure reader,
 * image files decoded in workers. Ends as the same DataEntry an IDX pair makes, with notes saying how it was read.
 */
import { readMnistCsv } from '../../core/formats/csv';
import { labelImages, parseLabelsCsv, type LabelsCsv } from '../../core/formats/imageLabels';
import { readNumpySet } from '../../core/formats/numpySet';
import { describePlan, planSet, type SetPlan } from '../../core/formats/planSet';
import { readImages, readLabels } from '../../core/testSet';
import type { ImageSet, LabelSet } from '../../core/types';
import { openBundle, type Bundle, type BundleFile, type DroppedFile } from '../../io/bundle';
import { decodeImages } from '../../io/images/decodeImages';
import { ungzipIfNeeded } from '../../io/fetchBytes';
import { canShareMemory } from '../../io/sharedMemory';
import type { DataEntry, Origin, Report } from '../evaluation';
import { builtinDataset } from '../../builtins';
import { sha256 } from './sources';
import { transposeImages, emnistClassNames } from '../../core/formats/emnist';

const formatCount = (n: number): string => n.toLocaleString('en-US');

export interface ReadSet {
  readonly images: ImageSet;
  readonly labels: LabelSet | null;
  readonly files: { readonly images: string; readonly labels: string | null };
  readonly classNames: readonly string[] | null;
  readonly datasetId: string | null;
  readonly notes: readonly string[];
  /** The original image files, by image index, when images were decoded (for the inspector). */
  readonly originals: readonly (Blob | Uint8Array)[] | null;
  /** IDX images whose orientation the model is to check (not named EMNIST). */
  readonly orientationCheck?: boolean;
}

/** `signal` cancels the decoding of image files (the one long step: 10 000 PNGs take seconds). */
export async function loadBundleEntry(key: string, dropped: readonly DroppedFile[], name: string, origin: Origin, report: Report, signal?: AbortSignal): Promise<DataEntry> {
  report('loading', { label: `Opening ${name}`, done: 0, total: dropped.length, unit: 'steps' });
  const bundle = await openBundle(dropped, (done, total) => report('loading', { label: `Opening ${name}`, done, total, unit: 'steps' }));
  const set = await readBundle(bundle, name, report, signal);
  const labels = set.labels;
  const images = canShareMemory() ? toShared(set.images) : set.images;
  let hashing: Promise<{ images: string; labels: string | null }> | null = null;
  const checksums = () => (hashing ??= Promise.all([sha256(images.pixels), labels ? sha256(labels.labels) : null]).then(([i, l]) => ({ images: i, labels: l })));
  const dataset = set.datasetId ? builtinDataset(set.datasetId) : null;
  return {
    key,
    name: `${name} (${origin === 'URL' ? 'URL' : 'your files'})`,
    origin,
    datasetId: set.datasetId,
    classNames: set.classNames ?? dataset?.classNames ?? null,
    files: set.files,
    checksums,
    images,
    labels,
    decoding: null,
    notes: set.notes,
    originals: set.originals,
    orientationCheck: set.orientationCheck ?? false,
  };
}

/** Pixels are never written after reading: in shared memory the inference worker reads them without a copy. */
function toShared(images: ImageSet): ImageSet {
  const pixels = new Uint8Array(new SharedArrayBuffer(images.pixels.length));
  pixels.set(images.pixels);
  return { ...images, pixels };
}

export async function readBundle(bundle: Bundle, name: string, report: Report, signal?: AbortSignal): Promise<ReadSet> {
  const planned = planSet(bundle.files);
  if (!planned.ok) throw new Error(`${name}: ${planned.reason}`);
  const { plan, alternatives } = planned.value;
  const skipped = [...bundle.skipped, ...planned.value.skipped];
  const byPath = new Map(bundle.files.map((f) => [f.path, f]));
  const file = (path: string): BundleFile => byPath.get(path)!;
  const set = await readPlan(plan, file, report, signal);
  const notes = [...set.notes];
  if (alternatives.length > 0) notes.push(`${name} holds other test sets too (${alternatives.slice(0, 4).join(', ')}${alternatives.length > 4 ? ', …' : ''}); ${describePlan(plan)} ${plan.kind === 'images' ? 'are' : 'is'} evaluated.`);
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 5).map((s) => `${s.path} (${s.reason})`).join('; ');
    notes.push(`Skipped ${formatCount(skipped.length)} file${skipped.length === 1 ? '' : 's'}: ${shown}${skipped.length > 5 ? '; …' : ''}.`);
  }
  return { ...set, notes };
}

async function readPlan(plan: SetPlan, file: (path: string) => BundleFile, report: Report, signal?: AbortSignal): Promise<ReadSet> {
  const none = { classNames: null, datasetId: null, originals: null } as const;
  switch (plan.kind) {
    case 'idx': {
      const imagesRaw = await ungzipIfNeeded(await file(plan.images).bytes());
      const read = readImages(imagesRaw);
      if (!read.ok) throw new Error(`${plan.images}: ${read.reason}`);
      let images = read.value;
      if (images.rows !== 28 || images.cols !== 28) throw new Error(`${plan.images}: the images are ${images.rows}×${images.cols} pixels; MNIST-like models take 28×28.`);
      let labels: LabelSet | null = null;
      if (plan.labels) {
        const l = readLabels(await ungzipIfNeeded(await file(plan.labels).bytes()));
        if (!l.ok) throw new Error(`${plan.labels}: ${l.reason}`);
        labels = l.value;
        if (labels.count !== images.count) throw new Error(`${plan.images} holds ${formatCount(images.count)} images but ${plan.labels} holds ${formatCount(labels.count)} labels; they must match one to one.`);
      }
      const notes: string[] = [];
      let classNames: readonly string[] | null = null;
      // EMNIST stores every image transposed; its files say so by name. Other names: the model is asked (orientation.ts).
      const emnist = /emnist/i.test(plan.images);
      if (emnist) {
        images = transposeImages(images);
        notes.push(`${plan.images}: EMNIST stores its images transposed; they were transposed back (recognised by the file name).`);
      }
      if (plan.mapping) {
        classNames = emnistClassNames(await file(plan.mapping).bytes());
        if (classNames) notes.push(`Class names from ${plan.mapping} (${classNames.length} classes).`);
      }
      return { images, labels, files: { images: plan.images, labels: plan.labels }, notes, classNames, datasetId: null, originals: null, orientationCheck: !emnist };
    }
    case 'numpy': {
      const arrays = await Promise.all(plan.arrays.map(async (path) => ({ name: path, bytes: await file(path).bytes() })));
      const set = readNumpySet(arrays);
      if (!set.ok) throw new Error(set.reason);
      return { ...set.value, ...none };
    }
    case 'csv': {
      const set = readMnistCsv(await file(plan.path).bytes(), plan.path);
      if (!set.ok) throw new Error(set.reason);
      const notes = [`${plan.path}: CSV, ${set.value.layout}, ${formatCount(set.value.images.count)} rows.`];
      return { images: set.value.images, labels: set.value.labels, files: { images: plan.path, labels: set.value.labels ? plan.path : null }, notes, ...none };
    }
    case 'images':
      return readImageFiles(plan.images.map(file), plan.labelsCsv ? file(plan.labelsCsv) : null, report, signal);
  }
}

async function readImageFiles(files: readonly BundleFile[], labelsFile: BundleFile | null, report: Report, signal?: AbortSignal): Promise<ReadSet> {
  let labelsCsv: LabelsCsv | null = null;
  if (labelsFile) {
    const parsed = parseLabelsCsv(await labelsFile.bytes(), labelsFile.path);
    if (!parsed.ok) throw new Error(parsed.reason);
    labelsCsv = { name: labelsFile.path, rows: parsed.value };
  }
  // Relative to what all the paths share, so that `mnist_png/testing/7/1.png` and `testing/7/1.png` read alike.
  const found = labelImages(files.map((f) => f.path), labelsCsv);
  if (!found.ok) throw new Error(found.reason);
  const sources = await Promise.all(files.map(async (f) => f.blob ?? (await f.bytes())));
  const label = `Decoding ${formatCount(files.length)} images`;
  const decoded = await decodeImages(sources, (done, total) => report('loading', { label, done, total, unit: 'images' }), signal);
  const count = decoded.kept.length;
  if (count === 0) {
    const first = decoded.failed[0];
    throw new Error(`${files[first?.index ?? 0]?.path}: the image ${first?.reason ?? 'cannot be decoded'}${files.length > 1 ? `; none of the ${formatCount(files.length)} images could be read` : ''}.`);
  }
  const notes: string[] = [`${formatCount(count)} images; labels ${found.value.source}.`];
  if (decoded.failed.length > 0) {
    const shown = decoded.failed.slice(0, 3).map((f) => `${files[f.index]!.path} ${f.reason}`).join('; ');
    notes.push(`Skipped ${formatCount(decoded.failed.length)} image${decoded.failed.length === 1 ? '' : 's'} that could not be read: ${shown}${decoded.failed.length > 3 ? '; …' : ''}.`);
  }
  if (decoded.converted > 0) {
    notes.push(`${formatCount(decoded.converted)} image${decoded.converted === 1 ? ' was' : 's were'} not 28×28 grey (${decoded.convertedSizes.slice(0, 4).join(', ')}${decoded.convertedSizes.length > 4 ? ', …' : ''}) and ${decoded.converted === 1 ? 'was' : 'were'} converted the way MNIST was made (grey, ink bright on dark, fitted to 20×20, centred by mass in 28×28).`);
  }
  let labels: LabelSet | null = null;
  if (found.value.labels) {
    const all = found.value.labels;
    const kept = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const l = all[decoded.kept[i]!]!;
      if (l > 255) throw new Error(`${files[decoded.kept[i]!]!.path}: class ${l} is beyond the 256 classes a test set may have.`);
      kept[i] = l;
    }
    labels = { count, labels: kept };
  } else {
    notes.push(`No labels: ${found.value.source}.`);
  }
  const originals = decoded.converted > 0 ? Array.from(decoded.kept, (i) => sources[i]!) : null;
  const root = commonFolder(files.map((f) => f.path));
  return {
    images: { count, rows: 28, cols: 28, pixels: decoded.pixels },
    labels,
    files: { images: `${root || 'images'} (${formatCount(count)} images)`, labels: labelsFile?.path ?? (labels ? `${root || 'images'} (labels ${found.value.source.split(' (')[0]})` : null) },
    classNames: found.value.classNames,
    datasetId: found.value.datasetId,
    notes,
    originals,
  };
}

function commonFolder(paths: readonly string[]): string {
  const first = paths[0]?.split('/').slice(0, -1) ?? [];
  let n = first.length;
  for (const p of paths) {
    const parts = p.split('/');
    let i = 0;
    while (i < n && parts[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n).join('/');
}

/**
 * What test set a drop of many files is (a folder, an archive, several files): IDX images and labels, NumPy
 * arrays, an MNIST CSV, or image files with their labels. Decided from the files' sniffed kinds and paths alone,
 * before anything large is read; the files not used are listed with the reason.
 */
import type { Sniffed } from '../sniff';
import { fail, ok, type Result } from '../result';

export interface PlanFile {
  readonly path: string;
  readonly sniffed: Sniffed;
  readonly size: number;
}

export type SetPlan =
  | { readonly kind: 'idx'; readonly images: string; readonly labels: string | null; readonly mapping: string | null }
  | { readonly kind: 'numpy'; readonly arrays: readonly string[] }
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'images'; readonly images: readonly string[]; readonly labelsCsv: string | null };

export interface Planned {
  readonly plan: SetPlan;
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
  /** Other test sets the drop holds (EMNIST's other splits, a training split), to say which one was taken. */
  readonly alternatives: readonly string[];
}

const baseName = (path: string): string => path.split('/').pop() ?? path;
/** Test splits first (t10k, test), then EMNIST's digits, then MNIST-like ones, then the rest in path order. */
const preference = (path: string): number =>
  (/test|t10k/i.test(baseName(path)) ? 0 : 10) + (/digits/i.test(path) ? 0 : /[-_]mnist[-_]/i.test(path) ? 1 : /balanced/i.test(path) ? 2 : 3);
const byPreference = (a: string, b: string): number => preference(a) - preference(b) || a.localeCompare(b);

/** The labels file named like the images file (`…-images-idx3…` ↔ `…-labels-idx1…`). */
function partnerName(images: string): string {
  return images.replace(/images/gi, 'labels').replace(/imgs/gi, 'labels').replace(/idx3/gi, 'idx1');
}

export function planSet(files: readonly PlanFile[]): Result<Planned> {
  const of = (kind: Sniffed['kind']) => files.filter((f) => f.sniffed.kind === kind).map((f) => f.path);
  const idxImages = of('idx-images').sort(byPreference);
  const idxLabels = of('idx-labels');
  const npy = of('npy');
  const csv = of('csv');
  const images = of('image');
  const used = new Set<string>();
  let plan: SetPlan;
  const alternatives: string[] = [];
  if (idxImages.length > 0) {
    const chosen = idxImages[0]!;
    const byName = idxLabels.find((l) => l === partnerName(chosen));
    const count = files.find((f) => f.path === chosen)?.sniffed;
    const countOf = (p: string) => {
      const s = files.find((f) => f.path === p)?.sniffed;
      return s && 'dims' in s && s.dims ? s.dims[0] : undefined;
    };
    const imagesCount = count && 'dims' in count && count.dims ? count.dims[0] : undefined;
    const sameCount = idxLabels.filter((l) => countOf(l) === imagesCount);
    const labels = byName ?? (sameCount.length === 1 ? sameCount[0]! : null);
    const folder = chosen.split('/').slice(0, -1).join('/');
    const mapping = files.find((f) => /mapping\.txt$/i.test(f.path) && f.path.startsWith(folder) && baseName(f.path).replace(/-mapping\.txt$/i, '') === baseName(chosen).replace(/-(test|train)-images.*$/i, ''))?.path ?? null;
    plan = { kind: 'idx', images: chosen, labels, mapping };
    alternatives.push(...idxImages.slice(1));
    used.add(chosen);
    if (labels) used.add(labels);
    if (mapping) used.add(mapping);
  } else if (npy.length > 0) {
    plan = { kind: 'numpy', arrays: npy };
    npy.forEach((p) => used.add(p));
  } else if (csv.length > 0) {
    const chosen = [...csv].sort(byPreference)[0]!;
    plan = { kind: 'csv', path: chosen };
    alternatives.push(...csv.filter((c) => c !== chosen));
    used.add(chosen);
  } else if (images.length > 0) {
    // A `filename,label` CSV beside the images: a text file ending in .csv that is not an MNIST CSV.
    const labelsCsv = files.find((f) => f.sniffed.kind === 'unknown' && /\.(csv|tsv|txt)$/i.test(f.path) && f.size < 64 << 20 && !/mapping/i.test(f.path))?.path ?? null;
    plan = { kind: 'images', images, labelsCsv };
    images.forEach((p) => used.add(p));
    if (labelsCsv) used.add(labelsCsv);
  } else {
    const described = files.slice(0, 3).map((f) => `${f.path}: ${f.sniffed.kind === 'unknown' ? f.sniffed.reason : f.sniffed.kind}`);
    return fail(
      files.length === 0
        ? 'The drop holds no files (an empty folder or archive).'
        : `No test set among ${files.length.toLocaleString('en-US')} file${files.length === 1 ? '' : 's'}: no IDX, NumPy, CSV or image files. ${described.join(' ')}`,
    );
  }
  const skipped = files
    .filter((f) => !used.has(f.path))
    .map((f) => ({ path: f.path, reason: f.sniffed.kind === 'unknown' ? firstSentence(f.sniffed.reason) : `not used (${describeKind(f.sniffed)}; the test set is ${describePlan(plan)})` }));
  return ok({ plan, skipped, alternatives });
}

const firstSentence = (s: string): string => s.split(/(?<=\.)\s/)[0] ?? s;

function describeKind(s: Sniffed): string {
  switch (s.kind) {
    case 'idx-images': return 'IDX images';
    case 'idx-labels': return 'IDX labels';
    case 'image': return `a ${s.format.toUpperCase()} image`;
    default: return s.kind === 'npy' ? 'a NumPy array' : s.kind === 'csv' ? 'a CSV' : s.kind;
  }
}

export function describePlan(plan: SetPlan): string {
  switch (plan.kind) {
    case 'idx': return `the IDX files ${baseName(plan.images)}${plan.labels ? ` and ${baseName(plan.labels)}` : ''}`;
    case 'numpy': return 'the NumPy arrays';
    case 'csv': return baseName(plan.path);
    case 'images': return `${plan.images.length.toLocaleString('en-US')} images`;
  }
}

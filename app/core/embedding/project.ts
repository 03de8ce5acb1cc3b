/**
 * From a model's features to 2-D map coordinates: a seeded sample when the set is large, PCA to 50 dimensions
 * when there are more, then UMAP (umap-js) with a seeded random generator, so the same features and seed give
 * the same map. Written as a generator that yields its progress, so a worker can report it between epochs.
 */
import { xoroshiro128plus } from 'pure-rand';
import { UMAP } from 'umap-js';
import { sampleIndices } from '../sampling';
import { MAX_MAP_POINTS } from './mapSettings';
import { pca } from './pca';

export { MAP_SEED, MAX_MAP_POINTS } from './mapSettings';

/** Features with more dimensions than this go through PCA first: UMAP's neighbour search is faster on fewer. */
export const PCA_DIMENSIONS = 50;

export interface ProjectionOptions {
  /** Seeds the sample and UMAP's random generator. */
  readonly seed: number;
  /** UMAP's neighbourhood size (default 15, umap-js's own). */
  readonly neighbours?: number;
  /** How tightly UMAP packs points (default 0.1). */
  readonly minDist?: number;
  /** Optimisation epochs (default: umap-js's choice for the size, 200 for 10 000 points). */
  readonly epochs?: number;
  /** Sample above this many points (default MAX_MAP_POINTS). */
  readonly maxPoints?: number;
}

export type ProjectionStage = 'pca' | 'neighbours' | 'layout';

export interface ProjectionProgress {
  readonly stage: ProjectionStage;
  /** Epochs done of `total` during the layout; 0 of 1 before it. */
  readonly done: number;
  readonly total: number;
}

export interface Projection {
  /** Test-set index of each point, ascending (all of them, or the sample). */
  readonly indices: Uint32Array;
  /** x, y of each point, interleaved. */
  readonly coordinates: Float32Array;
  /** Dimensions UMAP worked in (after PCA, if any) and the share of variance PCA kept (1 without PCA). */
  readonly dimensions: number;
  readonly explained: number;
}

/** A [0, 1) generator from pure-rand's xoroshiro128+: umap-js's `random` option. */
export function seededRandom(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => (rng.unsafeNext() >>> 0) / 4294967296;
}

/**
 * Projects `n` rows of `d` features (row-major) to 2-D. Yields progress; returns the projection. Fewer than
 * three points cannot be laid out by UMAP and are placed on a line.
 */
export function* project(features: Float32Array, n: number, d: number, options: ProjectionOptions): Generator<ProjectionProgress, Projection> {
  const maxPoints = options.maxPoints ?? MAX_MAP_POINTS;
  const indices = n > maxPoints ? Uint32Array.from(sampleIndices(n, maxPoints, options.seed)).sort() : Uint32Array.from({ length: n }, (_, i) => i);
  const m = indices.length;
  let rows: Float32Array = new Float32Array(m * d);
  for (let i = 0; i < m; i++) rows.set(features.subarray(indices[i]! * d, (indices[i]! + 1) * d), i * d);

  let dimensions = d;
  let explained = 1;
  if (d > PCA_DIMENSIONS) {
    yield { stage: 'pca', done: 0, total: 1 };
    const reduced = pca(rows, m, d, PCA_DIMENSIONS);
    rows = reduced.projected;
    dimensions = reduced.components;
    explained = reduced.explained;
  }
  const coordinates = new Float32Array(m * 2);
  if (m < 3) {
    for (let i = 0; i < m; i++) coordinates[2 * i] = i;
    return { indices, coordinates, dimensions, explained };
  }

  yield { stage: 'neighbours', done: 0, total: 1 };
  const vectors: number[][] = [];
  for (let i = 0; i < m; i++) vectors.push(Array.from(rows.subarray(i * dimensions, (i + 1) * dimensions)));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.neighbours ?? 15, m - 1),
    minDist: options.minDist ?? 0.1,
    random: seededRandom(options.seed),
    ...(options.epochs === undefined ? {} : { nEpochs: options.epochs }),
  });
  const total = umap.initializeFit(vectors);
  // One yield per ~2 % of the epochs: progress without flooding the page with messages.
  const every = Math.max(1, Math.floor(total / 50));
  for (let epoch = 0; epoch < total; epoch++) {
    umap.step();
    if ((epoch + 1) % every === 0) yield { stage: 'layout', done: epoch + 1, total };
  }
  umap.getEmbedding().forEach(([x, y], i) => {
    coordinates[2 * i] = x ?? 0;
    coordinates[2 * i + 1] = y ?? 0;
  });
  return { indices, coordinates, dimensions, explained };
}

/** Runs a projection to its end, ignoring progress (for the CLI, the bench and tests). */
export function projectAll(features: Float32Array, n: number, d: number, options: ProjectionOptions): Projection {
  const steps = project(features, n, d, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

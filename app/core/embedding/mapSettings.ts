/**
 * The map's fixed settings, apart from project.ts so that the page can read them without loading umap-js (which
 * only the projection worker needs).
 */

/** The map's seed, on the page and in the CLI: fixed, so the same model and test set always give the same map. */
export const MAP_SEED = 42;
/** Points drawn on the map at most: all of a 10 000-image test set, a seeded sample of a larger one. */
export const MAX_MAP_POINTS = 10_000;

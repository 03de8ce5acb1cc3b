/**
 * Results a previous visit computed, kept in Cache Storage: a built-in model on a built-in test set gives the same
 * scores every time with the same build (its files are fixed by their hashes) and the same runtime, so a repeat
 * visit shows them without running the model again. Only that case is kept: the key names the build, the model, the
 * test set, the preprocessing and the threads; a new build starts afresh (older builds' entries are dropped).
 */
import type { RuntimeInfo } from '../inference/protocol';

const CACHE_NAME = 'classifier-lens-results';

export interface SavedResult {
  readonly scores: Float32Array;
  readonly classes: number;
  readonly inferenceMs: number;
  readonly runtime: RuntimeInfo;
  /** When it was computed (ms since the epoch). */
  readonly savedAt: number;
}

/** The key's address (Cache Storage keys are URLs): never fetched, only matched. */
const address = (build: string, key: string): string => new URL(`saved-results/${encodeURIComponent(build)}/${encodeURIComponent(key)}`, document.baseURI).href;

const storage = (): CacheStorage | null => (typeof caches === 'undefined' ? null : caches);

/**
 * Which keys have results saved with this build, kept in localStorage beside the cache: the first script reads it
 * synchronously to know, before any await, that the page will open on saved results (main.tsx), and a first visit
 * does not hold back its model's run to learn from Cache Storage (tens to hundreds of ms on a busy machine) that
 * nothing is saved. A hint only: Cache Storage is the truth, and a hint that finds nothing there lets the model run
 * as usual; an entry without a hint is not used.
 */
const HINT_ITEM = 'classifier-lens-saved-results';

export function savedHint(build: string): readonly string[] {
  try {
    const hint = JSON.parse(localStorage.getItem(HINT_ITEM) ?? 'null') as { build?: unknown; keys?: unknown } | null;
    return hint?.build === build && Array.isArray(hint.keys) ? hint.keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether results for `key` may be saved for this build (a fast, synchronous check before `loadSaved`). */
export const savedNoted = (build: string, key: string): boolean => savedHint(build).includes(key);

function addToHint(build: string, key: string): void {
  try {
    localStorage.setItem(HINT_ITEM, JSON.stringify({ build, keys: [...new Set([...savedHint(build), key])] }));
  } catch {
    // No hint: the next visit reads the cache a little later, that is all.
  }
}

/** Reads started by the first script, while the page's code loads; loadSaved takes them over. */
const early = new Map<string, Promise<SavedResult | null>>();

export function readSavedEarly(build: string, keys: readonly string[]): void {
  for (const key of keys) early.set(address(build, key), read(build, key));
}

export function loadSaved(build: string, key: string): Promise<SavedResult | null> {
  const started = early.get(address(build, key));
  early.delete(address(build, key));
  return started ?? read(build, key);
}

async function read(build: string, key: string): Promise<SavedResult | null> {
  try {
    const cache = await storage()?.open(CACHE_NAME);
    const response = await cache?.match(address(build, key));
    if (!response) return null;
    const meta = JSON.parse(response.headers.get('X-Result') ?? 'null') as Omit<SavedResult, 'scores'> | null;
    const scores = new Float32Array(await response.arrayBuffer());
    if (!meta || !Number.isInteger(meta.classes) || meta.classes < 2 || scores.length % meta.classes !== 0) return null;
    return { ...meta, scores };
  } catch {
    return null; // storage unavailable or full: the model simply runs
  }
}

export async function save(build: string, key: string, result: SavedResult): Promise<void> {
  try {
    const cache = await storage()?.open(CACHE_NAME);
    if (!cache) return;
    const { scores, ...meta } = result;
    await cache.put(address(build, key), new Response(scores.slice().buffer, { headers: { 'Content-Type': 'application/octet-stream', 'X-Result': JSON.stringify(meta) } }));
    addToHint(build, key);
    // Another build's results are never read again.
    const mine = address(build, '');
    for (const request of await cache.keys()) if (!request.url.startsWith(mine)) await cache.delete(request);
  } catch {
    // Not saved: the next visit runs the model again.
  }
}

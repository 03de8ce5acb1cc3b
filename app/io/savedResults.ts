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
 * Which results this build has saved, noted synchronously (localStorage) beside Cache Storage: opening Cache Storage
 * takes tens to hundreds of ms on a busy machine, and a first visit must not hold back its model's run to learn
 * that nothing is saved. A note without its cache entry only costs that lookup; an entry without a note is not used.
 */
const NOTE = 'classifier-lens-saved-results';

function notedKeys(build: string): string[] {
  try {
    const note = JSON.parse(localStorage.getItem(NOTE) ?? 'null') as { build?: unknown; keys?: unknown } | null;
    return note?.build === build && Array.isArray(note.keys) ? note.keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether results for `key` may be saved for this build (a fast, synchronous check before `loadSaved`). */
export const savedNoted = (build: string, key: string): boolean => notedKeys(build).includes(key);

function noteSaved(build: string, key: string): void {
  try {
    localStorage.setItem(NOTE, JSON.stringify({ build, keys: [...new Set([...notedKeys(build), key])] }));
  } catch {
    // No localStorage (a private window may refuse it): the next visit runs the model.
  }
}

export async function loadSaved(build: string, key: string): Promise<SavedResult | null> {
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
    noteSaved(build, key);
    // Another build's results are never read again.
    const mine = address(build, '');
    for (const request of await cache.keys()) if (!request.url.startsWith(mine)) await cache.delete(request);
  } catch {
    // Not saved: the next visit runs the model again.
  }
}

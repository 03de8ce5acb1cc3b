/** The part of the dashboard state that lives in the address bar, read and written in one place. */
export const DEFAULT_SEED = 42;

export interface UrlState {
  readonly seed: number;
}

export function readSeedFromUrl(): number {
  const raw = new URLSearchParams(location.search).get('seed');
  const seed = raw === null ? NaN : Number(raw);
  return Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : DEFAULT_SEED;
}

/** Replaces (never pushes) the current entry: redrawing samples should not flood the history. */
export function writeUrl(state: UrlState): void {
  const url = new URL(location.href);
  url.searchParams.set('seed', String(state.seed));
  if (url.href !== location.href) history.replaceState(null, '', url);
}

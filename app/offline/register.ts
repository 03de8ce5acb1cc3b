/**
 * The page's side of the service worker (sw.ts): registers it once the first results are on screen (its precache
 * then downloads without competing with them), says when the site works offline, and announces a new version,
 * which is taken only when the user asks for it: the waiting worker takes over and every open page reloads at
 * once, so a page never runs on a mix of two builds' files.
 */
export interface OfflineState {
  /** 'ready': the site is precached and works offline; 'unsupported': no service worker here (or a dev server). */
  readonly offline: 'unsupported' | 'pending' | 'installing' | 'ready' | 'failed';
  /** A new build is installed and waits for a reload. */
  readonly update: boolean;
}

let state: OfflineState = { offline: 'pending', update: false };
const listeners = new Set<() => void>();
const set = (next: Partial<OfflineState>): void => {
  state = { ...state, ...next };
  for (const listener of listeners) listener();
};

export const offlineState = (): OfflineState => state;
export const onOfflineState = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The build this page runs (vite.config.ts): shown beside the offline status, and how tests tell builds apart. */
export { BUILD_ID } from './buildId';

let registration: ServiceWorkerRegistration | null = null;
let started = false;
let updateAsked = false;

/** Registers the service worker (once; later calls do nothing). */
export function startOffline(): void {
  if (started) return;
  started = true;
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) {
    set({ offline: 'unsupported' });
    return;
  }
  const container = navigator.serviceWorker;
  // Controlled already: a later controller means a new build took over (here or in another tab); reload onto it.
  const controlledAtStart = container.controller !== null;
  let reloading = false;
  container.addEventListener('controllerchange', () => {
    if ((!controlledAtStart && !updateAsked) || reloading) return;
    reloading = true;
    location.reload();
  });
  set({ offline: 'installing' });
  container
    .register(new URL('sw.js', document.baseURI).href)
    .then((registered) => {
      registration = registered;
      // A worker that installs while another is active is a new build: it waits for the user (sw.ts never skips waiting).
      const follow = (worker: ServiceWorker): void =>
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && registered.active) set({ update: true });
          if (worker.state === 'activated' && !state.update) set({ offline: 'ready' });
          if (worker.state === 'redundant' && !registered.active) set({ offline: 'failed' });
        });
      if (registered.active) set({ offline: 'ready' });
      if (registered.waiting && registered.active) set({ update: true });
      if (registered.installing) follow(registered.installing);
      registered.addEventListener('updatefound', () => registered.installing && follow(registered.installing));
      // A tab left open learns of a new build when it comes back to the front.
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void registered.update().catch(() => {}));
    })
    .catch(() => set({ offline: 'failed' }));
}

/** Takes the waiting build: its worker takes over and the page reloads (controllerchange above). */
export function applyUpdate(): void {
  const waiting = registration?.waiting;
  if (!waiting) return;
  updateAsked = true;
  waiting.postMessage({ type: 'SKIP_WAITING' });
}

/// <reference lib="webworker" />
/**
 * The site's service worker: the page offline and instant on repeat visits, and cross-origin isolation on any host.
 *
 * - Precache (Workbox): the app shell, every script and style, onnxruntime's WebAssembly files (the CPU build; the
 *   WebGPU build is fetched only when chosen), the built-in models and the built-in test sets. The list and each
 *   file's revision are written into this file at build time (vite-plugin-pwa, injectManifest), so a new build
 *   installs a new worker that fetches only what changed and, once activated, drops what the new build no longer has.
 * - Updates are explicit: a new worker waits (no skipWaiting of its own) until the page asks it to take over
 *   (app/offline/register.ts shows "A new version is available — reload"); until then the open pages are served
 *   every file of their own build from the precache, so old and new files never mix.
 * - Isolation: documents and worker scripts it serves get COOP/COEP (isolation.ts), the job coi-serviceworker did
 *   before, without its reload: on a host without the headers the first visit runs on one thread and every visit
 *   after it, served from here, is isolated.
 * - Anything else (other origins' files: models and test sets given by URL) is left to the browser untouched.
 */
import { cleanupOutdatedCaches, matchPrecache, precache } from 'workbox-precaching';
import { carriesIsolation, withIsolation } from './isolation';

declare const self: ServiceWorkerGlobalScope & { readonly __WB_MANIFEST: Parameters<typeof precache>[0] };

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** The app's one document; every navigation to the site's folder (whatever its query) opens it. */
const APP_SHELL = new URL('index.html', self.location.href);
const SITE_FOLDER = new URL('./', self.location.href).pathname;

const isAppNavigation = (url: URL): boolean => url.origin === APP_SHELL.origin && (url.pathname === SITE_FOLDER || url.pathname === APP_SHELL.pathname);

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('fetch', (event: FetchEvent) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  // A DevTools quirk: such a request from another mode cannot be answered by a service worker.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  const url = new URL(request.url);
  const navigation = request.mode === 'navigate';
  if (url.origin !== self.location.origin && !navigation) return;
  event.respondWith(respond(request, navigation && isAppNavigation(url) ? APP_SHELL.href : request.url));
});

async function respond(request: Request, precachedAs: string): Promise<Response> {
  const cached = await matchPrecache(precachedAs);
  const response = cached ?? (await fetch(request));
  return carriesIsolation(request) ? withIsolation(response) : response;
}

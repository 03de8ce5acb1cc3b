/**
 * Cross-origin isolation, added by the service worker (sw.ts) on hosts that cannot send headers (GitHub Pages).
 * onnxruntime-web needs SharedArrayBuffer for its threads, and browsers give it only to documents served with
 * COOP + COEP. Only the document and the scripts of dedicated workers carry an embedder policy; everything else
 * the page loads is same-origin (always allowed under `require-corp`) or fetched with CORS, so the service worker
 * passes those responses on untouched: a response straight from Cache Storage keeps Chromium's compiled-code
 * cache for the 14 MB WebAssembly file, a re-wrapped one would not.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Whether a response to this request decides the isolation of a document or a worker. */
export const carriesIsolation = (request: Pick<Request, 'mode' | 'destination'>): boolean =>
  request.mode === 'navigate' || request.destination === 'document' || request.destination === 'worker' || request.destination === 'sharedworker';

/** The response with the isolation headers set (opaque and error responses as they are: their headers cannot be read or matter). */
export function withIsolation(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error') return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

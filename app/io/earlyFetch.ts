/**
 * Downloads started before the page has rendered: the first script knows from the address which model and test
 * set the dashboard will load (app/ui/pipeline/prefetch.ts), so their fetches start at once and overlap with
 * loading React and starting the inference worker. fetchBytes takes the response over when it gets there.
 */
const started = new Map<string, Promise<Response>>();

/** The key early downloads are kept under: the URL resolved against the page. */
export const absolute = (url: string): string => new URL(url, document.baseURI).href;

export function prefetch(url: string): void {
  const key = absolute(url);
  if (started.has(key)) return;
  const response = fetch(key);
  response.catch(() => {}); // reported by fetchBytes, which fetches again
  started.set(key, response);
}

/** The early response for this URL, once (a later fetch of it goes to the network or the service worker again). */
export function takePrefetched(url: string): Promise<Response> | null {
  if (typeof document === 'undefined') return null;
  const key = absolute(url);
  const response = started.get(key) ?? null;
  started.delete(key);
  return response;
}

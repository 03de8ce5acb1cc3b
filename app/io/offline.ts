/** What the page says when it needs the network and has none. */

/** The browser believes it has no network (offline mode, airplane mode, a cable out). */
export const isOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

/** A file the page has not kept for offline use: which one, why it failed, and what works meanwhile. */
export const offlineMessage = (url: string): string =>
  `${url} could not be loaded: this device is offline, and the file is not saved on it (only the built-in models and test sets are kept for offline use). Connect to the network and try again.`;

/** onnxruntime's own WebAssembly files were not saved yet (the first visit ended before the site was kept for offline use). */
export const OFFLINE_RUNTIME_MESSAGE =
  "onnxruntime's WebAssembly files could not be downloaded: this device is offline and they are not saved on it yet. Connect to the network and reload the page once; after that it works offline.";

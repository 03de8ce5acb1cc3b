/** Where the e2e static servers serve the built site (started by playwright.config.ts); E2E_PORT moves them (two checkouts at once). */
export const PORT = Number(process.env['E2E_PORT'] ?? 4173);
/** A sub-path, to prove the build's relative asset paths. */
export const BASE_PATH = '/some/sub/dir/';
export const SITE = `http://127.0.0.1:${PORT}${BASE_PATH}`;
/** The same site from a host that gzip-encodes .gz files and sends no isolation headers. */
export const OTHER_HOST_PORT = PORT + 1;
export const OTHER_HOST = `http://127.0.0.1:${OTHER_HOST_PORT}/`;

/** Flags for a headless Chromium on a machine with no network but the registries and no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the e2e static servers serve the built site (started by playwright.config.ts). */
export const PORT = 4173;
/** A sub-path, to prove the build's relative asset paths. */
export const BASE_PATH = '/some/sub/dir/';
export const SITE = `http://127.0.0.1:${PORT}${BASE_PATH}`;
/** The same site from a host that gzip-encodes .gz files and sends no isolation headers. */
export const OTHER_HOST_PORT = 4174;
export const OTHER_HOST = `http://127.0.0.1:${OTHER_HOST_PORT}/`;

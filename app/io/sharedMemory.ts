/**
 * Memory the page and its workers can share. Browsers define SharedArrayBuffer only on cross-origin-isolated
 * pages, so every test goes through here: naming it elsewhere throws a ReferenceError on other pages.
 */

/** True when this page may allocate shared memory. */
export const canShareMemory = (): boolean => globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer !== 'undefined';

/** True when `buffer` is shared memory. */
export const isShared = (buffer: ArrayBufferLike): boolean => typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;

/**
 * Noticing a worker that ended without a word: closed from outside the page (the DevTools protocol, the browser
 * stopping it) fires no error event and sends no message, and a ping could not tell it from a worker busy inside a
 * long onnxruntime call. A Web Lock can: the worker holds a lock of its own, named for it alone, for its whole life;
 * the browser releases it the moment the worker's context ends, however it ends, and grants it to the page, which
 * asked for it as soon as the worker said it held it. No polling, no timeout.
 *
 * Web Locks need a secure context (https, localhost); elsewhere the worker is watched as before (its error events).
 */

/** Page and worker alike: whether this context has Web Locks. */
export const lifeLocksAvailable = (): boolean => typeof navigator !== 'undefined' && 'locks' in navigator && typeof crypto.randomUUID === 'function';

/** A lock name no other worker, in this tab or another of the same site, holds. */
export const lifeLockName = (): string => `classifier-lens-inference-${crypto.randomUUID()}`;

/** In the worker: holds `name` until the worker ends; `held` is called once it is held. */
export function holdLifeLock(name: string, held: () => void): void {
  void navigator.locks.request(name, () => {
    held();
    return new Promise<never>(() => {});
  });
}

/** In the page: `ended` is called when the worker holding `name` (already held) has ended, whatever ended it. */
export function watchLifeLock(name: string, ended: () => void): void {
  void navigator.locks.request(name, () => ended());
}

/**
 * Resolves in a new task of the event loop, so that work done in a chain of promises (reading a stream whose
 * bytes are all there already, chunk after chunk) does not become one long task: the page gets to draw and to
 * handle input in between. A MessageChannel hop, not setTimeout, which browsers clamp to 4 ms once nested.
 */
export function nextTask(): Promise<void> {
  return new Promise((resume) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resume();
    };
    channel.port2.postMessage(null);
  });
}

/** Work longer than this without a break is split (a long task is one over 50 ms; the page's own work comes on top). */
export const SLICE_MS = 8;

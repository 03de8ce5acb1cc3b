/**
 * How much memory the inference worker may keep, and when to give it back.
 *
 * WebAssembly memory never shrinks: once a session has grown onnxruntime's heap to 1 GB, the worker holds
 * 1 GB until it ends, even after that session is released and the next model needs 30 MB. The only way to
 * return it is a fresh worker (workerHost.ts), which costs a new session for the next model (tens of ms for
 * our models): worth it only when the heap is far larger than what the models still in use need.
 */

const MiB = 1024 * 1024;

/** A fresh worker's onnxruntime heap with a small session, and the margin below which recycling never pays. */
export const BASELINE_HEAP_BYTES = 64 * MiB;
/** Below this the heap is left alone whatever the models: a few hundred MB are not worth a new session. */
export const RECYCLE_FLOOR_BYTES = 512 * MiB;
/** A session's heap is a few times its model file (weights, optimised copies, one batch's activations). */
export const HEAP_PER_MODEL_BYTE = 8;
/** Recycle when the heap is more than this many times what the kept models need. */
export const RECYCLE_FACTOR = 4;

/** The heap the models still in use need, estimated from their file sizes. */
export const neededHeapBytes = (modelBytes: readonly number[]): number => BASELINE_HEAP_BYTES + modelBytes.reduce((sum, b) => sum + b * HEAP_PER_MODEL_BYTE, 0);

/** Whether a worker whose heap is `heapBytes` should be replaced, given the sizes of the models it still serves. */
export function recycleAdvised(heapBytes: number, modelBytes: readonly number[]): boolean {
  return heapBytes > RECYCLE_FLOOR_BYTES && heapBytes > RECYCLE_FACTOR * neededHeapBytes(modelBytes);
}

/** Test sets the worker keeps: the current one, the one before (going back is instant) and a calibration slice… */
export const KEPT_IMAGE_SETS = 3;
/** …and no more than this many bytes of pixels in all (the newest is always kept, whatever its size). */
export const KEPT_IMAGE_BYTES = 256 * MiB;

/**
 * Which test sets to forget, oldest first, so that at most KEPT_IMAGE_SETS and KEPT_IMAGE_BYTES remain.
 * `held` is ordered oldest first; the last one (the set just sent) is never forgotten.
 */
export function imageSetsToForget(held: readonly { readonly key: string; readonly bytes: number }[], maxCount = KEPT_IMAGE_SETS, maxBytes = KEPT_IMAGE_BYTES): string[] {
  let count = held.length;
  let bytes = held.reduce((sum, h) => sum + h.bytes, 0);
  const forget: string[] = [];
  for (const h of held.slice(0, -1)) {
    if (count <= maxCount && bytes <= maxBytes) break;
    forget.push(h.key);
    count--;
    bytes -= h.bytes;
  }
  return forget;
}

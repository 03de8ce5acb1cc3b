import { describe, expect, it } from 'vitest';
import { memoryNote } from './memoryNote';

const MB = 1024 * 1024;

describe('memoryNote', () => {
  it('shows the heap, its peak and the page heap', () => {
    expect(memoryNote({ wasmHeapBytes: 40 * MB, peakHeapBytes: 1342 * MB, restarts: 1, lastRestart: 'its WebAssembly heap (1342 MB) was far larger than the models in use need' }, 11 * MB)).toEqual({
      inUse: "onnxruntime's WebAssembly heap 40 MB (largest so far 1.3 GB) · page JavaScript heap 11 MB",
      restarts: '1 (a fresh worker returns its memory; the last one because its WebAssembly heap (1342 MB) was far larger than the models in use need)',
    });
  });
  it('says when nothing was measured yet', () => {
    expect(memoryNote({ wasmHeapBytes: null, peakHeapBytes: 0, restarts: 0, lastRestart: null }, null)).toEqual({ inUse: "onnxruntime's WebAssembly heap not measured yet", restarts: null });
  });
});

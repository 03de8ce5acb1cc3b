/** The diagnostics panel's memory lines, from the worker's reports (workerHost.ts) and the page's own JS heap. */
import { formatSize } from '../../core/limits';
import type { WorkerMemory } from '../../inference/workerHost';

export interface MemoryNote {
  readonly inUse: string;
  readonly restarts: string | null;
}

export function memoryNote(memory: WorkerMemory, pageJsHeapBytes: number | null): MemoryNote {
  const parts: string[] = [];
  if (memory.wasmHeapBytes !== null) {
    const peak = memory.peakHeapBytes > memory.wasmHeapBytes ? ` (largest so far ${formatSize(memory.peakHeapBytes)})` : '';
    parts.push(`onnxruntime's WebAssembly heap ${formatSize(memory.wasmHeapBytes)}${peak}`);
  } else {
    parts.push("onnxruntime's WebAssembly heap not measured yet");
  }
  if (pageJsHeapBytes !== null) parts.push(`page JavaScript heap ${formatSize(pageJsHeapBytes)}`);
  const restarts =
    memory.restarts === 0
      ? null
      : `${memory.restarts} (a fresh worker returns its memory; the last one because ${memory.lastRestart ?? 'it was replaced'})`;
  return { inUse: parts.join(' · '), restarts };
}

import { useSyncExternalStore } from 'react';
import { BACKEND_NAMES, type RuntimeInfo } from '../../inference/protocol';
import { workerMemory } from '../../inference/workerHost';
import { memoryNote } from './memoryNote';

/** Why the page runs on as many threads as it does: the first thing to check when it is slower than expected. */
function threadNote(runtime: RuntimeInfo): string {
  if (globalThis.crossOriginIsolated) {
    return runtime.threads > 1 ? `${runtime.threads} threads (cross-origin isolated)` : '1 thread: this device reports a single core';
  }
  const worker = 'serviceWorker' in navigator ? navigator.serviceWorker.controller : null;
  return worker
    ? '1 thread: the isolation service worker is active but the page is not isolated yet; reload once'
    : '1 thread: the page is not cross-origin isolated (the server sends no COOP/COEP headers and the isolation service worker is blocked or not yet active), so browsers give WebAssembly no shared memory for threads';
}

/** A small panel of facts about the runtime: backend, threads and why, isolation, onnxruntime's version. */
export function Diagnostics({ runtime, sessionMs }: { runtime: RuntimeInfo; sessionMs: number }) {
  const isolated = globalThis.crossOriginIsolated === true;
  const memory = useSyncExternalStore(workerMemory.subscribe, workerMemory.get);
  const jsHeap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  const note = memoryNote(memory, jsHeap);
  return (
    <details
      className="diagnostics"
      data-testid="diagnostics"
      data-threads={runtime.threads}
      data-isolated={String(isolated)}
      data-backend={runtime.backend}
      data-wasm-heap={memory.wasmHeapBytes ?? undefined}
      data-worker-restarts={memory.restarts}
    >
      <summary>Diagnostics</summary>
      <dl className="facts">
        <dt>Backend</dt>
        <dd>{runtime.backend === 'wasm' ? 'WebAssembly with SIMD, in a Web Worker' : `${BACKEND_NAMES[runtime.backend]}, in a Web Worker`}</dd>
        <dt>Threads</dt>
        <dd data-testid="threads-note">{threadNote(runtime)}</dd>
        <dt>Isolation</dt>
        <dd>{isolated ? 'cross-origin isolated (SharedArrayBuffer available)' : 'not isolated'}</dd>
        <dt>Cores</dt>
        <dd>{navigator.hardwareConcurrency || 'unknown'}</dd>
        <dt>Runtime</dt>
        <dd>onnxruntime-web {runtime.ortVersion}</dd>
        <dt>Memory</dt>
        <dd data-testid="memory-note">{note.inUse}</dd>
        {note.restarts && (
          <>
            <dt>Worker restarts</dt>
            <dd>{note.restarts}</dd>
          </>
        )}
        <dt>Last session</dt>
        <dd>{sessionMs >= 1 ? `waited ${Math.round(sessionMs)} ms for the model's session` : 'reused'}</dd>
      </dl>
    </details>
  );
}

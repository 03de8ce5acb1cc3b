/// <reference lib="webworker" />
/**
 * The size of onnxruntime's WebAssembly heap, read in the worker. onnxruntime-web does not expose its wasm
 * module, so the worker notes every WebAssembly.Memory that comes to exist in it: the threaded build creates its
 * (shared) memory with `new WebAssembly.Memory(…)`, other builds export it from the instance. Installed before
 * onnxruntime loads; the heap is the sum of those memories' current byte lengths (they only ever grow).
 */

const memories = new Set<WebAssembly.Memory>();

function note(value: unknown): void {
  if (value instanceof WebAssembly.Memory) memories.add(value);
}

function noteExports(result: unknown): void {
  const instance = result instanceof WebAssembly.Instance ? result : (result as { instance?: unknown } | null)?.instance;
  if (instance instanceof WebAssembly.Instance) for (const exported of Object.values(instance.exports)) note(exported);
}

let installed = false;

export function installWasmHeapProbe(): void {
  if (installed) return;
  installed = true;
  const wasm = WebAssembly as { -readonly [K in keyof typeof WebAssembly]: (typeof WebAssembly)[K] };
  const NativeMemory = wasm.Memory;
  wasm.Memory = new Proxy(NativeMemory, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = new target(...args);
      memories.add(memory);
      return memory;
    },
  });
  const instantiate = wasm.instantiate.bind(WebAssembly) as (...args: unknown[]) => Promise<unknown>;
  wasm.instantiate = ((...args: unknown[]) =>
    instantiate(...args).then((result) => {
      noteExports(result);
      return result;
    })) as typeof WebAssembly.instantiate;
  const streaming = wasm.instantiateStreaming.bind(WebAssembly);
  wasm.instantiateStreaming = (source, imports) =>
    streaming(source, imports).then((result) => {
      noteExports(result);
      return result;
    });
}

/** Bytes of WebAssembly memory held by this worker now, or null when none was seen (not installed in time). */
export function wasmHeapBytes(): number | null {
  if (memories.size === 0) return null;
  let sum = 0;
  for (const memory of memories) sum += memory.buffer.byteLength;
  return sum;
}

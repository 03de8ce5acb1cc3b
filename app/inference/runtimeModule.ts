/**
 * onnxruntime's WebAssembly, compiled by the page itself as its first script runs.
 *
 * Left to itself, onnxruntime asks for its 14 MB `.wasm` only once the worker's script has downloaded and run and
 * onnxruntime's loader script has downloaded after it: about 200 ms after the page started, on a fast machine.
 * The page can start that download and its (streaming) compilation right away instead, and hand the compiled
 * module to each worker it starts (a WebAssembly.Module can be posted to a worker; a replaced worker gets the same
 * one and compiles nothing). The worker instantiates it when onnxruntime asks for its file (precompiledRuntime.ts).
 */

/** The file onnxruntime-web's WebAssembly build loads (the WebGL and WebGPU builds load their own). */
export const RUNTIME_WASM_FILE = 'ort-wasm-simd-threaded.wasm';

/** Where onnxruntime will ask for it, given `env.wasm.wasmPaths` (it appends the file name). */
export const runtimeWasmUrl = (wasmPaths: string): string => `${wasmPaths}${RUNTIME_WASM_FILE}`;

/** Whether this browser can compile while downloading; without it the worker is left to onnxruntime's own loading. */
export const canPrecompile = (): boolean => typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function';

/**
 * The compiled module, or null when it could not be had (offline with nothing cached, a host that does not serve
 * `application/wasm`): the worker then lets onnxruntime fetch the file, and its failure is reported as before.
 */
export function compileRuntime(wasmPaths: string): Promise<WebAssembly.Module | null> {
  return WebAssembly.compileStreaming(fetch(runtimeWasmUrl(wasmPaths), { credentials: 'same-origin' })).catch(() => null);
}

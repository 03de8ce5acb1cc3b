/**
 * onnxruntime's WebAssembly, compiled as soon as the inference worker starts.
 *
 * Left to itself, onnxruntime asks for its 14 MB `.wasm` only once its loader script (another download) has arrived
 * and run. The worker starts that download and its streaming compilation the moment the page tells it where the
 * files are, and gives the module to onnxruntime's loader when it asks (precompiledRuntime.ts). The module also goes
 * to the page, which hands it to any worker that replaces this one (a WebAssembly.Module can be posted between the
 * page and its workers): that one downloads and compiles nothing. Compiling in the page instead would start it a
 * little sooner, but its streaming compilation runs partly on the page's main thread (about 90 ms in tasks of up
 * to 100 ms, while the page's own code loads).
 */

/** The file onnxruntime-web's WebAssembly build loads (the WebGL and WebGPU builds load their own). */
export const RUNTIME_WASM_FILE = 'ort-wasm-simd-threaded.wasm';

/** Where onnxruntime will ask for it, given `env.wasm.wasmPaths` (it appends the file name). */
export const runtimeWasmUrl = (wasmPaths: string): string => `${wasmPaths}${RUNTIME_WASM_FILE}`;

/** Whether this browser can compile while downloading; without it the worker is left to onnxruntime's own loading. */
export const canPrecompile = (): boolean => typeof WebAssembly === 'object' && typeof WebAssembly.compileStreaming === 'function';

/**
 * The compiled module, or null when it could not be had (offline with nothing cached, a host that does not serve
 * `application/wasm`): onnxruntime then fetches the file itself, and its failure is reported as before.
 */
export function compileRuntime(wasmPaths: string): Promise<WebAssembly.Module | null> {
  return WebAssembly.compileStreaming(fetch(runtimeWasmUrl(wasmPaths), { credentials: 'same-origin' })).catch(() => null);
}

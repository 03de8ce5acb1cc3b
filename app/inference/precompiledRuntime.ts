/**
 * onnxruntime's loader (Emscripten) instantiates its `.wasm` with `WebAssembly.instantiateStreaming(fetch(url),
 * imports)`, and onnxruntime's API offers no other way in. Once a compiled module is on its way (runtimeModule.ts),
 * the loader's request for that one URL waits for it and, when there is one, is answered without a download, and its
 * instantiation uses the module. Any other request, or no module after all (it could not be compiled), goes to the
 * browser unchanged.
 */

type InstantiateStreaming = typeof WebAssembly.instantiateStreaming;

let expected: { readonly url: string; readonly module: Promise<WebAssembly.Module | null> } | null = null;
/** The answers given in place of the download, each with the module it stands for. */
const standIns = new WeakMap<Response, WebAssembly.Module>();

function requestUrl(input: RequestInfo | URL): string {
  return typeof input === 'string' ? new URL(input, globalThis.location?.href).href : input instanceof URL ? input.href : input.url;
}

function install(): void {
  const fetchFromNetwork = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (!expected || requestUrl(input) !== expected.url) return fetchFromNetwork(input, init);
    const module = await expected.module;
    if (!module) return fetchFromNetwork(input, init);
    const standIn = new Response(null, { status: 200, headers: { 'Content-Type': 'application/wasm' } });
    standIns.set(standIn, module);
    return standIn;
  };
  const streaming: InstantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  const instantiateStreaming: InstantiateStreaming = async (source, imports) => {
    const response = await source;
    const module = standIns.get(response);
    return module ? { module, instance: await WebAssembly.instantiate(module, imports) } : streaming(response, imports);
  };
  Object.defineProperty(WebAssembly, 'instantiateStreaming', { value: instantiateStreaming, configurable: true, writable: true });
}

/**
 * Called before onnxruntime starts (and after the module's own download has begun: that request is not answered
 * here): onnxruntime's request for `url` waits for `module`, and downloads the file itself if that comes to null.
 */
export function usePrecompiledRuntime(url: string, module: Promise<WebAssembly.Module | null>): void {
  if (expected) return;
  expected = { url, module };
  install();
}

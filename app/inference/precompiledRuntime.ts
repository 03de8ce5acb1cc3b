/**
 * The worker's half of runtimeModule.ts: onnxruntime's loader (Emscripten) instantiates its `.wasm` with
 * `WebAssembly.instantiateStreaming(fetch(url), imports)`, and offers no other way in through onnxruntime's API.
 * While the page says it is compiling that file, the loader's request for that one URL waits for the page's module
 * and, when there is one, is answered without a download, and its instantiation uses the module. Any other request,
 * or no module from the page (it could not compile it), goes to the browser unchanged.
 */

type InstantiateStreaming = typeof WebAssembly.instantiateStreaming;

let expected: { readonly url: string; readonly module: Promise<WebAssembly.Module | null> } | null = null;
let provide: ((module: WebAssembly.Module | null) => void) | null = null;
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

/** Called before onnxruntime starts: its request for `url` waits for the page's module (or the page's null). */
export function expectPrecompiledRuntime(url: string): void {
  if (expected) return;
  expected = { url, module: new Promise((resolve) => (provide = resolve)) };
  install();
}

/** The page's compiled module, or null when it could not compile it: onnxruntime then loads its file itself. */
export function providePrecompiledRuntime(module: WebAssembly.Module | null): void {
  provide?.(module);
  provide = null;
}

import { afterAll, describe, expect, it, vi } from 'vitest';

/** The smallest useful module: exports `answer() → 42`. */
const ANSWER_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () → i32
  0x03, 0x02, 0x01, 0x00, // function 0 has type 0
  0x07, 0x0a, 0x01, 0x06, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x00, 0x00, // export "answer"
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b, // body: i32.const 42
]);
const WASM_URL = 'https://lens.test/app/ort/ort-wasm-simd-threaded.wasm';
const OTHER_URL = 'https://lens.test/app/data/other.bin';

const realFetch = globalThis.fetch;
const realStreaming = WebAssembly.instantiateStreaming;
const network = vi.fn(async (input: RequestInfo | URL) => new Response(String(input), { headers: { 'Content-Type': 'text/plain' } }));
globalThis.fetch = network as typeof fetch;
afterAll(() => {
  globalThis.fetch = realFetch;
  Object.defineProperty(WebAssembly, 'instantiateStreaming', { value: realStreaming, configurable: true, writable: true });
});

const { usePrecompiledRuntime } = await import('./precompiledRuntime');

describe("onnxruntime's loader given a module compiled before it asked", () => {
  it("answers onnxruntime's request for its file with the module once it is compiled, without a download; other requests pass", async () => {
    let provide: (module: WebAssembly.Module | null) => void = () => {};
    usePrecompiledRuntime(WASM_URL, new Promise((resolve) => (provide = resolve)));
    let answered = false;
    const request = fetch(WASM_URL, { credentials: 'same-origin' }).then((r) => ((answered = true), r));
    await new Promise((wake) => setTimeout(wake, 20));
    expect(answered, 'the request waits for the module').toBe(false);

    const other = await fetch(OTHER_URL);
    expect(await other.text()).toBe(OTHER_URL);

    const module = await WebAssembly.compile(ANSWER_WASM);
    provide(module);
    const { instance, module: used } = await WebAssembly.instantiateStreaming(request, {});
    expect(used).toBe(module);
    expect((instance.exports.answer as () => number)()).toBe(42);
    expect(network.mock.calls.map(([input]) => String(input))).toEqual([OTHER_URL]);
  });

  it('lets onnxruntime download its file itself when it could not be compiled before', async () => {
    vi.resetModules();
    network.mockClear();
    globalThis.fetch = network as typeof fetch;
    const fresh = await import('./precompiledRuntime');
    fresh.usePrecompiledRuntime(WASM_URL, Promise.resolve(null));
    const response = await fetch(WASM_URL);
    expect(await response.text()).toBe(WASM_URL);
    expect(network).toHaveBeenCalledTimes(1);
  });
});

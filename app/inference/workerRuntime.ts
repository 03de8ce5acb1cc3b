/**
 * onnxruntime in the inference worker: its three builds (WebAssembly, imported statically; WebGL and WebGPU, loaded
 * only when one of them is asked for, each a separate bundle with its own `env`), configured once from the page's
 * RuntimeConfig, and the WebAssembly build's start before any model is known.
 */
import * as ortWasm from 'onnxruntime-web/wasm';
import { mark } from '../core/timeline';
import { usePrecompiledRuntime } from './precompiledRuntime';
import type { Backend, RuntimeConfig } from './protocol';
import { compileRuntime, runtimeWasmUrl } from './runtimeModule';
import { warmupModel } from './warmupModel';

export type Ort = typeof ortWasm;

/** A backend that is missing here or refused the model: the page falls back to WebAssembly and says why. */
export class BackendFailure extends Error {}

const runtimes = new Map<Backend, Promise<Ort>>();
let config: RuntimeConfig | null = null;

/** Every message that may start onnxruntime carries the page's config; the first one counts. */
export function configureRuntime(runtime: RuntimeConfig): void {
  config ??= runtime;
}

/** `env.wasm` is read once per onnxruntime build, when its first session is created. */
function configure(ort: Ort, runtime: RuntimeConfig): Ort {
  ort.env.wasm.wasmPaths = runtime.wasmPaths;
  ort.env.wasm.numThreads = runtime.numThreads;
  return ort;
}

export async function loadRuntime(backend: Backend): Promise<Ort> {
  if (!config) throw new Error('The worker was not configured.');
  const runtime = config;
  let loading = runtimes.get(backend);
  if (!loading) {
    loading = (async () => {
      switch (backend) {
        case 'wasm':
          return configure(ortWasm, runtime);
        case 'webgl': {
          const canvas = new OffscreenCanvas(1, 1);
          const probe = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
          if (!probe) throw new BackendFailure('this browser offers no WebGL context to workers');
          // Only a question: its GPU resources go now, not when this canvas is collected (onnxruntime makes its own).
          probe.getExtension('WEBGL_lose_context')?.loseContext();
          return configure((await import('onnxruntime-web/webgl')) as unknown as Ort, runtime);
        }
        case 'webgpu': {
          const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
          if (!gpu) throw new BackendFailure('this browser does not expose WebGPU (navigator.gpu is missing)');
          if (!(await gpu.requestAdapter())) throw new BackendFailure('this browser has no WebGPU adapter (in Chromium without a GPU, --enable-unsafe-webgpu gives a software one)');
          return configure((await import('onnxruntime-web/webgpu')) as unknown as Ort, runtime);
        }
      }
    })();
    loading.catch(() => runtimes.delete(backend));
    runtimes.set(backend, loading);
  }
  return loading;
}

/**
 * onnxruntime's `.wasm`, downloaded and compiled from the worker's first moment (or the page's copy from an earlier
 * worker) rather than once onnxruntime's loader script has arrived; the compiled module goes to the page for the
 * workers that may replace this one (runtimeModule.ts).
 */
function compileEarly(runtime: RuntimeConfig, given: WebAssembly.Module | null, compiled: (module: WebAssembly.Module) => void): void {
  const module = given
    ? Promise.resolve(given)
    : compileRuntime(runtime.wasmPaths).then((made) => {
        if (made) compiled(made);
        return made;
      });
  usePrecompiledRuntime(runtimeWasmUrl(runtime.wasmPaths), module);
}

/**
 * onnxruntime-web starts its WebAssembly (download, compile, threads) with the first session it creates: a session on
 * a 70-byte model starts it before the real model has arrived (warmupModel.ts). Failures are left to the real session.
 * `given`: the module an earlier worker of the page compiled; `compiled` hears of the one compiled here.
 */
export function warmUp(given: WebAssembly.Module | null, compiled: (module: WebAssembly.Module) => void): void {
  if (config?.precompiled) compileEarly(config, given, compiled);
  loadRuntime('wasm')
    .then((ort) => ort.InferenceSession.create(warmupModel()))
    .then((s) => (mark('runtime-ready'), s.release()))
    .catch(() => {});
}

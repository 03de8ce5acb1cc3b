/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { CSP_HEADER, CSP_META } from './scripts/csp.ts';
import { dedupeRechartsHelpers, pureTopLevel, rechartsScales } from './scripts/slimBundle.ts';

/**
 * Cross-origin isolation lets onnxruntime-web use threads (SharedArrayBuffer). Static hosts that cannot
 * set headers run single-threaded; the status line says how many threads ran.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset paths: the built site works from any sub-path (GitHub Pages, a folder on a share).
  base: './',
  plugins: [
    react(),
    // Smaller dependency code in the build, same behaviour (scripts/slimBundle.ts says how).
    dedupeRechartsHelpers(),
    pureTopLevel(/\/node_modules\/(d3-[a-z-]+\/dist|recharts\/es6)\//),
    rechartsScales(),
    // onnxruntime-web loads its .wasm and the .mjs glue at run time from ort.env.wasm.wasmPaths;
    // serve our own copy from ort/ (dev and build) instead of a CDN.
    viteStaticCopy({
      targets: [
        // WebAssembly (the default), and the asyncify build the WebGPU backend runs on (loaded only when chosen).
        { src: 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.{mjs,wasm}', dest: 'ort' },
        { src: 'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.{mjs,wasm}', dest: 'ort' },
        // On static hosts that cannot send COOP/COEP headers (GitHub Pages), this service worker adds them and
        // reloads the page once, so onnxruntime can use threads there too (index.html loads it).
        { src: 'node_modules/coi-serviceworker/coi-serviceworker.min.js', dest: '.' },
      ],
    }),
    // The built page carries its Content-Security-Policy (scripts/csp.ts) itself, for any static host.
    // Not in dev: Vite's dev server and React's fast refresh need inline scripts.
    {
      name: 'content-security-policy',
      apply: 'build',
      // Right after <meta charset>: a <meta> policy binds only what comes after it, the first script included.
      transformIndexHtml(html: string): string {
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('index.html: no <meta charset> to put the Content-Security-Policy after');
        return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`);
      },
    },
  ],
  resolve: {
    // Makes onnxruntime-web leave the 14 MB wasm to wasmPaths instead of emitting a hashed copy of its own.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
  },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': CSP_HEADER } },
  build: { target: 'es2022', chunkSizeWarningLimit: 1000 },
  test: {
    environment: 'node',
    include: ['app/**/*.test.ts', 'models/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

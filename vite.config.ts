/// <reference types="vitest/config" />
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
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

/**
 * Which build this is: BUILD_ID from the environment, else the package version and the commit. The page shows it
 * (footer); the service worker's precache revisions come from the files' contents, so any change is a new version.
 */
function buildId(): string {
  if (process.env['BUILD_ID']) return process.env['BUILD_ID'];
  const version = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;
  try {
    return `${version}+${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}`;
  } catch {
    return version;
  }
}

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
      ],
    }),
    // The service worker (app/offline/sw.ts): the site offline after one visit, repeat visits from its own cache,
    // explicit updates, and COOP/COEP on static hosts that cannot send them (GitHub Pages). Registered by
    // app/offline/register.ts once the first results are on screen.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'app/offline',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      includeManifestIcons: false, // already in the precache through globPatterns
      injectManifest: {
        // The app, onnxruntime's CPU build, the built-in models (assets/*.onnx) and test sets (data/*/*.gz).
        // Not the 27 MB WebGPU build (fetched only when WebGPU is chosen) nor the worker itself.
        globPatterns: ['**/*.{html,js,mjs,css,wasm,onnx,gz,svg,png,webmanifest}'],
        globIgnores: ['**/*.asyncify.*', 'sw.js'],
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        rollupFormat: 'iife',
      },
      manifest: {
        name: 'Classifier Lens',
        short_name: 'Classifier Lens',
        description: 'Evaluate an image classifier in your browser: accuracy, confusion matrix and sample predictions, computed on your device.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f4f5f7',
        theme_color: '#1f4e8c',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
    }),
    // The dashboard's code (mount.tsx, loaded by the first script with import()) starts downloading with the page
    // itself, beside the first script, instead of after it has run: a repeat visit's critical path.
    {
      name: 'preload-dashboard-code',
      apply: 'build',
      transformIndexHtml: {
        order: 'post',
        handler(html: string, context: { bundle?: Record<string, { type: string; fileName: string; facadeModuleId?: string | null; imports?: string[] }> }): string {
          const chunks = Object.values(context.bundle ?? {});
          const mount = chunks.find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/app/ui/mount.tsx'));
          if (!mount) throw new Error('index.html: the chunk of app/ui/mount.tsx was not found to preload');
          const files = [mount.fileName, ...(mount.imports ?? [])].filter((f) => !html.includes(f));
          const links = files.map((f) => `    <link rel="modulepreload" crossorigin href="./${f}">`).join('\n');
          return html.replace(/\n\s*<\/head>/, (end) => `\n${links}${end}`);
        },
      },
    },
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
  define: { __BUILD_ID__: JSON.stringify(buildId()) },
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

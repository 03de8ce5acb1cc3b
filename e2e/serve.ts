/**
 * Serves the built site (dist/) as plain static files under a sub-path, the way a static host would,
 * with the cross-origin isolation headers that enable onnxruntime-web's threads and the site's
 * Content-Security-Policy (scripts/csp.ts).
 *
 *   tsx e2e/serve.ts [--port 4173] [--base /some/sub/dir/] [--root dist] [--no-isolation] [--gz-as-encoding]
 *                    [--mount /prefix/=folder ...] [--log-requests]
 *
 * --mount serves a folder under a path outside the site (test fixtures, third-party models), as another
 * static host would.
 *
 * --gz-as-encoding sends `.gz` files with `Content-Encoding: gzip`, as Vite's dev server and some hosts do,
 * so the browser hands the page already-decompressed bytes.
 *
 * --log-requests prints `request: GET /path` for every request that reaches the server (e2e/offline.spec.ts
 * checks that a repeat visit is served by the service worker's cache, not by the network).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { CSP_HEADER } from '../scripts/csp';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};

const port = Number(arg('port', '4173'));
const base = arg('base', '/some/sub/dir/');
const root = resolve(arg('root', 'dist'));
const isolated = !process.argv.includes('--no-isolation');
const gzAsEncoding = process.argv.includes('--gz-as-encoding');
const logRequests = process.argv.includes('--log-requests');
const mounts = process.argv
  .flatMap((a, i) => (a === '--mount' && process.argv[i + 1] ? [process.argv[i + 1]!] : []))
  .map((m) => {
    const [prefix, folder] = m.split('=') as [string, string];
    return { prefix, folder: resolve(folder) };
  });

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.gz': 'application/gzip', // served as a file, not as Content-Encoding: the page gunzips it itself
  '.data': 'application/octet-stream',
};

if (!existsSync(join(root, 'index.html'))) {
  console.error(`serve: ${root}/index.html not found; run \`npx vite build\` first.`);
  process.exit(1);
}

createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (logRequests) console.log(`request: ${request.method} ${url.pathname}`);
  const mount = mounts.find((m) => url.pathname.startsWith(m.prefix));
  const [prefix, folder] = mount ? [mount.prefix, mount.folder] : [base, root];
  if (!url.pathname.startsWith(prefix)) {
    response.writeHead(404).end(`Not under ${base}`);
    return;
  }
  let path = normalize(join(folder, decodeURIComponent(url.pathname.slice(prefix.length))));
  if (!path.startsWith(folder)) {
    response.writeHead(403).end();
    return;
  }
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  if (!existsSync(path)) {
    response.writeHead(404).end('Not found');
    return;
  }
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Length': statSync(path).size,
    'Cache-Control': 'no-cache',
  };
  if (gzAsEncoding && path.endsWith('.gz')) headers['Content-Encoding'] = 'gzip';
  // The site's own policy (the built index.html carries it as a <meta> too); as a header it also binds the workers.
  if (!mount) headers['Content-Security-Policy'] = CSP_HEADER;
  if (mount) {
    // Like a CDN that allows cross-origin use: pages on other origins may fetch these files.
    headers['Access-Control-Allow-Origin'] = '*';
    headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
  }
  if (isolated) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  response.writeHead(200, headers);
  if (request.method === 'HEAD') response.end();
  else createReadStream(path).pipe(response);
}).listen(port, '127.0.0.1', () => console.log(`serve: ${root} at http://127.0.0.1:${port}${base}`));

/**
 * Offline and repeat visits (app/offline/sw.ts): after one visit the site is served by its service worker's
 * precache — no request for onnxruntime's WebAssembly, the built-in models or test sets reaches the server, and
 * the page evaluates with the network off — a never-fetched URL model offline gets a message saying it needs the
 * network, a new build is announced and taken on reload without mixing files, and on a host that sends no
 * isolation headers the service worker supplies them from the second visit on.
 *
 * These tests run their own static servers (e2e/serve.ts with --log-requests, at E2E_PORT+2 with the isolation
 * headers and E2E_PORT+3 without) on a folder that is a link to a build, so that a test can deploy another build
 * (e2e/.builds/next, built here with another BUILD_ID) under the same address.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { ModelCard } from '../app/core/modelCard';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { ARTIFACTS } from './helpers';
import { PORT } from './sites';

const BUILDS = join(PROJECT_ROOT, 'e2e', '.builds');
const CURRENT = join(PROJECT_ROOT, 'dist');
const NEXT = join(BUILDS, 'next');
const NEXT_ID = 'e2e-next-build';
const BASE = '/app/';
const card = (id: string): ModelCard => JSON.parse(readFileSync(join(PROJECT_ROOT, 'models', `${id}.card.json`), 'utf8')) as ModelCard;
const mnistLogreg = card('mnist-logreg');
const fashionCnn = card('fashion-cnn');
const mnistCnn = card('mnist-cnn');

/** A static server of the site folder `link` points at, printing the paths it serves. */
class Host {
  private process: ChildProcess | null = null;
  private log: string[] = [];
  readonly link: string;
  constructor(
    readonly port: number,
    private readonly isolated: boolean,
  ) {
    this.link = join(BUILDS, `site-${port}`);
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}${BASE}`;
  }
  deploy(folder: string): void {
    rmSync(this.link, { force: true });
    symlinkSync(folder, this.link);
  }
  async start(): Promise<void> {
    this.deploy(CURRENT);
    const args = ['--import', 'tsx', join(PROJECT_ROOT, 'e2e', 'serve.ts'), '--port', String(this.port), '--base', BASE, '--root', this.link, '--log-requests', '--mount', `/by-url/=${join(PROJECT_ROOT, 'models')}`];
    if (!this.isolated) args.push('--no-isolation');
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    this.process = child;
    await new Promise<void>((ready, failed) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (line.startsWith('serve:')) ready();
          const match = /^request: GET (\S+)/.exec(line);
          if (match) this.log.push(match[1]!);
        }
      });
      child.on('exit', (code) => failed(new Error(`serve.ts exited with ${code}`)));
    });
  }
  /** Paths served since the last call. */
  served(): string[] {
    return this.log.splice(0);
  }
  stop(): void {
    this.process?.kill('SIGTERM');
  }
}

const isolatedHost = new Host(PORT + 2, true);
const plainHost = new Host(PORT + 3, false);

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  if (!existsSync(join(CURRENT, 'sw.js'))) throw new Error('dist/ has no service worker: run `npx vite build` first.');
  mkdirSync(BUILDS, { recursive: true });
  // A second build of the same sources that identifies itself differently: "the next version" of the site.
  const built = spawnSync('npx', ['vite', 'build', '--outDir', NEXT, '--emptyOutDir', '--logLevel', 'error'], { cwd: PROJECT_ROOT, env: { ...process.env, BUILD_ID: NEXT_ID }, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the next version failed:\n${built.stderr}${built.stdout}`);
  await Promise.all([isolatedHost.start(), plainHost.start()]);
});

test.afterAll(() => {
  isolatedHost.stop();
  plainHost.stop();
});

const status = (page: Page) => page.getByTestId('eval-status');
const done = (page: Page) => expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
const offlineReady = (page: Page) => expect(page.getByTestId('offline-status')).toHaveAttribute('data-offline', 'ready', { timeout: 90_000 });
/** Done, with the views loaded after the results (their chunks fetched) drawn too. */
const allViewsDrawn = async (page: Page) => {
  await done(page);
  await expect(page.locator('main.dashboard')).toHaveAttribute('data-views', 'current', { timeout: 30_000 });
  await expect(page.getByTestId('per-class-table')).toBeVisible({ timeout: 30_000 });
};
const matrixCounts = (page: Page): Promise<string[]> => page.getByTestId('cm-cell').evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-true')},${c.getAttribute('data-pred')}:${c.getAttribute('data-count')}`));
const accuracy = async (page: Page) => Number(await page.getByTestId('accuracy').getAttribute('data-value'));

/**
 * Every URL the pages and their workers asked for (whether the network or the service worker answered), not the
 * service worker's own requests (a new worker precaching the next build is not the page using it).
 */
function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => r.serviceWorker() === null && urls.push(r.url()));
  return urls;
}

/** Opens the site once and waits until the service worker has saved it for offline use. */
async function firstVisit(context: BrowserContext, host: Host, where = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(host.url + where);
  await done(page);
  await offlineReady(page);
  return page;
}

test('a second visit is served from the cache: no request for the WebAssembly, the built-in model or test set reaches the server', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await firstVisit(context, isolatedHost);
  const first = isolatedHost.served();
  expect(first.some((p) => p.endsWith('/ort/ort-wasm-simd-threaded.wasm'))).toBe(true);
  const matrix = await matrixCounts(page);

  await page.reload();
  await done(page);
  expect(await accuracy(page)).toBe(mnistLogreg.test.correct / mnistLogreg.test.samples);
  // Nothing recomputed: the first visit's results, saved, and the same to the last cell.
  await expect(status(page)).toContainText('saved by an earlier visit');
  await expect(page.getByTestId('notices')).toContainText('the model was not run again');
  expect(await matrixCounts(page)).toEqual(matrix);
  // The browser may check the worker script for an update on navigation; nothing else goes to the network.
  expect(isolatedHost.served().filter((p) => !p.endsWith('/sw.js'))).toEqual([]);
  await context.close();
});

test('a repeat visit on saved results starts the inference worker only after reading them, and the next evaluation runs the model', async ({ browser }) => {
  const context = await browser.newContext();
  await firstVisit(context, isolatedHost);
  // When each worker is made, on the page's clock (the `lens:` marks are on the same clock).
  await context.addInitScript(() => {
    const made: { name: string; at: number }[] = ((window as unknown as { __workersMade: unknown[] }).__workersMade = []) as { name: string; at: number }[];
    const Original = window.Worker;
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        made.push({ name: options?.name ?? '', at: performance.now() });
        super(url, options);
      }
    };
  });
  const page = await context.newPage();
  await page.goto(isolatedHost.url);
  await done(page);
  await expect(status(page)).toContainText('saved by an earlier visit');
  const timeline = () =>
    page.evaluate(() => ({
      savedRead: performance.getEntriesByName('lens:saved-read')[0]?.startTime ?? null,
      inference: (window as unknown as { __workersMade: { name: string; at: number }[] }).__workersMade.filter((w) => w.name === 'inference').map((w) => w.at),
    }));
  // Held back while the saved results were read, started once they were shown.
  await expect.poll(async () => (await timeline()).inference.length, { timeout: 30_000 }).toBe(1);
  const { savedRead, inference } = await timeline();
  expect(savedRead).not.toBeNull();
  expect(inference[0]!).toBeGreaterThan(savedRead!);
  // The worker held back runs the next model as usual.
  await page.getByTestId('model-select').selectOption('mnist-cnn');
  await expect(status(page)).toContainText('Evaluated', { timeout: 90_000 });
  await done(page);
  expect(await accuracy(page)).toBe(mnistCnn.test.correct / mnistCnn.test.samples);
  await context.close();
});

test('after one visit the built-in models evaluate with the network off', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await firstVisit(context, isolatedHost);
  await context.setOffline(true);
  await page.reload();
  await done(page);
  expect(await accuracy(page)).toBe(mnistLogreg.test.correct / mnistLogreg.test.samples);
  // Another built-in model on the other built-in test set, never opened online: both were precached.
  await page.goto(`${isolatedHost.url}?model=fashion-cnn&dataset=fashion-mnist`);
  await done(page);
  expect(await accuracy(page)).toBe(fashionCnn.test.correct / fashionCnn.test.samples);
  expect(isolatedHost.served().filter((p) => !p.endsWith('/sw.js')).length).toBeGreaterThan(0); // the first visit's
  await context.close();
});

test('offline, a model by URL that was never fetched gets a message saying it needs the network', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await firstVisit(context, isolatedHost);
  await context.setOffline(true);
  const modelUrl = `http://127.0.0.1:${isolatedHost.port}/by-url/mnist-cnn.onnx`;
  await page.goto(`${isolatedHost.url}?model=${encodeURIComponent(modelUrl)}&dataset=mnist`);
  await expect(status(page)).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  const error = page.getByTestId('error');
  await expect(error).toContainText(`${modelUrl} could not be loaded: this device is offline`);
  await expect(error).toContainText('Connect to the network');
  await expect(error).not.toContainText('no available backend');
  await context.setOffline(false);
  await context.close();
});

test('offline before the site was saved, onnxruntime’s missing WebAssembly gets a clear message, not onnxruntime’s raw text', async ({ browser }) => {
  // No service worker (as on a first visit that ends before it has saved the site); the network drops as
  // onnxruntime asks for its WebAssembly, once the page's own code has arrived (the first script starts onnxruntime
  // before that code has loaded).
  const context = await browser.newContext({ serviceWorkers: 'block' });
  let pageDrawn = () => {};
  const drawn = new Promise<void>((resolve) => (pageDrawn = resolve));
  await context.route('**/ort/ort-wasm-simd-threaded.wasm', async (route) => {
    await drawn;
    await context.setOffline(true);
    await route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  await page.goto(isolatedHost.url);
  await expect(status(page)).toBeVisible({ timeout: 60_000 });
  pageDrawn();
  await expect(status(page)).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  const error = page.getByTestId('error');
  await expect(error).toContainText("onnxruntime's WebAssembly files could not be downloaded: this device is offline");
  for (const raw of ['no available backend', 'Aborted(', 'RuntimeError']) await expect(error).not.toContainText(raw);
  await context.close();
});

test('on a host without isolation headers the first visit runs on one thread, and later visits are isolated by the service worker', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await firstVisit(context, plainHost);
  const diagnostics = page.getByTestId('diagnostics');
  // No reload on the first visit: a light model is done on one thread before a reload would have started it.
  await expect(diagnostics).toHaveAttribute('data-isolated', 'false');
  await expect(diagnostics).toHaveAttribute('data-threads', '1');
  await page.reload();
  await done(page);
  await expect(diagnostics).toHaveAttribute('data-isolated', 'true');
  // It opens on the first visit's results, saved, and says they were computed on one thread.
  await expect(status(page)).toContainText('saved by an earlier visit');
  await expect(diagnostics).toHaveAttribute('data-threads', '1');
  expect(await accuracy(page)).toBe(mnistLogreg.test.correct / mnistLogreg.test.samples);
  // What it runs now runs on several.
  await page.getByTestId('model-select').selectOption('mnist-cnn');
  await expect(status(page)).toContainText('Evaluated', { timeout: 90_000 });
  await done(page);
  await expect(diagnostics).toHaveAttribute('data-threads', /^[2-9]$/);
  expect(await accuracy(page)).toBe(mnistCnn.test.correct / mnistCnn.test.samples);
  await context.close();
});

test('a new build is announced, taken on reload, and never mixed with the old one', async ({ browser }) => {
  const context = await browser.newContext();
  const requested = recordRequests(context);
  const page = await firstVisit(context, isolatedHost);
  const oldId = await page.getByTestId('offline-status').getAttribute('data-build');
  expect(oldId).not.toBe(NEXT_ID);

  // The next version goes live. The open page and a new tab keep running the old one, every file from the precache
  // (the server no longer has the old build's files), and both announce the new version.
  isolatedHost.deploy(NEXT);
  await page.reload();
  await done(page);
  await expect(page.getByTestId('update-available')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('update-available')).toContainText('A new version of Classifier Lens is available');
  await page.screenshot({ path: join(ARTIFACTS, 'update-available.png') });
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-build', oldId!);
  const other = await context.newPage();
  await other.goto(`${isolatedHost.url}?model=mnist-cnn`);
  await done(other);
  await expect(other.getByTestId('offline-status')).toHaveAttribute('data-build', oldId!);
  await expect(other.getByTestId('update-available')).toBeVisible({ timeout: 60_000 });
  expect(assetsOf(requested).filter((a) => !existsSync(join(CURRENT, a)))).toEqual([]);

  // Taking it: every open page reloads onto the new build, whose files all come from the new build.
  for (const p of [page, other]) await allViewsDrawn(p); // the old pages' lazy chunks, requested before
  requested.length = 0;
  await page.getByTestId('update-reload').click();
  for (const p of [page, other]) {
    await expect(p.getByTestId('offline-status')).toHaveAttribute('data-build', NEXT_ID, { timeout: 60_000 });
    await allViewsDrawn(p);
    await expect(p.getByTestId('update-available')).toHaveCount(0);
  }
  const assets = assetsOf(requested);
  expect(assets.length).toBeGreaterThan(0);
  expect(assets.filter((a) => !existsSync(join(NEXT, a)))).toEqual([]);
  expect(await accuracy(page)).toBe(mnistLogreg.test.correct / mnistLogreg.test.samples);
  await context.close();
  isolatedHost.deploy(CURRENT);
});

/** The site's hashed files among requested URLs (scripts, styles, models), relative to the site folder. */
function assetsOf(urls: readonly string[]): string[] {
  const prefix = `${isolatedHost.url}assets/`;
  return [...new Set(urls.filter((u) => u.startsWith(prefix)).map((u) => `assets/${u.slice(prefix.length).split('?')[0]}`))];
}

test('the web manifest makes the site installable: name, start URL, icons that exist', async ({ request }) => {
  const manifest = (await (await request.get(`${isolatedHost.url}manifest.webmanifest`)).json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string }[] };
  expect(manifest.name).toBe('Classifier Lens');
  expect(manifest.display).toBe('standalone');
  expect(manifest.start_url).toBe('./');
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect(existsSync(join(CURRENT, icon.src)), icon.src).toBe(true);
  expect(readdirSync(join(CURRENT, 'icons')).length).toBeGreaterThan(0);
});

/**
 * Security: the built site runs under a strict Content-Security-Policy (scripts/csp.ts) without a single
 * violation, threads and workers included; file names and model metadata are shown as text, never as markup;
 * URL parameters with other schemes than http(s) are refused before anything is fetched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { CSP_HEADER, CSP_META } from '../scripts/csp';
import { CORPUS } from './global-setup';
import { accuracyOf, dropFiles, fileBuffer, MNIST_FILES, openDashboard, readBytes, THIRD_PARTY } from './helpers';
import { OTHER_HOST, SITE } from './sites';

const KERAS = join(THIRD_PARTY, 'mnist-keras-nhwc.onnx');
const HOSTILE_NAME = '<img src=x onerror=alert(1)>.onnx';

/**
 * Records CSP violations: `securitypolicyviolation` events in the page (listening from before its first
 * script) and in its workers, and the console messages Chromium writes for every violation, workers' included.
 */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  await page.addInitScript(() => {
    const store: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = store;
    document.addEventListener('securitypolicyviolation', (e) => store.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`));
  });
  // The inference worker; onnxruntime's pthread workers block in Atomics.wait and cannot be asked (their
  // violations still reach the console).
  const isInference = (url: string): boolean => /eval\.worker/.test(url);
  page.on('worker', (worker) => {
    if (!isInference(worker.url())) return;
    worker
      .evaluate(() => {
        const store: string[] = [];
        (self as unknown as { __csp: string[] }).__csp = store;
        self.addEventListener('securitypolicyviolation', (e) => store.push(`${e.effectiveDirective} blocked ${e.blockedURI}`));
      })
      .catch(() => {});
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy|Refused to/i.test(m.text())) seen.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  return async () => {
    const inWorkers = await Promise.all(
      page
        .workers()
        .filter((w) => isInference(w.url()))
        .map((w) => w.evaluate(() => (self as unknown as { __csp?: string[] }).__csp ?? []).catch(() => [])),
    );
    const inPage = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    return [...seen, ...inPage, ...inWorkers.flat()];
  };
}

test('the built index.html carries the strict policy and no inline script; the server sends it as a header', async ({ request }) => {
  const html = readFileSync(join(PROJECT_ROOT, 'dist', 'index.html'), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  expect(meta?.[1]).toBe(CSP_META);
  // It comes before every script, so that it binds them all.
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  const directives = new Map(CSP_META.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
  expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives.get('worker-src')).toEqual(["'self'"]);
  expect(directives.get('object-src')).toEqual(["'none'"]);
  expect(directives.get('base-uri')).toEqual(["'self'"]);
  expect(directives.get('default-src')).toEqual(["'none'"]);
  expect(CSP_META).not.toMatch(/'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|\*|data:|blob:/);
  // Every script is a file of the site: none inline, no inline event handlers.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes).toMatch(/\bsrc="\.\//);
    expect(body!.trim()).toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+=/i);
  expect(html).not.toMatch(/javascript:/i);

  const response = await request.get(SITE);
  expect(response.headers()['content-security-policy']).toBe(CSP_HEADER);
});

test('loading, evaluating with threads and dropping a model raise no CSP violation', async ({ page }) => {
  const violations = await watchCsp(page);
  await openDashboard(page);
  // onnxruntime's threaded WebAssembly runs under the policy: the isolated test site gets several threads.
  const threads = Number((await page.getByTestId('eval-status').innerText()).match(/WebAssembly, (\d+) threads?/)?.[1]);
  expect(threads).toBeGreaterThan(1);
  expect(page.workers().length).toBeGreaterThan(1); // the inference worker and onnxruntime's pthreads
  expect(await dropFiles(page, [KERAS, ...MNIST_FILES])).toBe('done');
  await expect(page.getByTestId('calibration')).toBeVisible();
  await page.getByTestId('matrix-view-errors').click();
  await page.getByTestId('redraw').click();
  expect(await dropFiles(page, [fileBuffer('empty.onnx', new Uint8Array(0))])).toBe('error');
  expect(await violations()).toEqual([]);
});

test('a host without isolation headers, where the isolation service worker steps in, raises no CSP violation either', async ({ page }) => {
  const violations = await watchCsp(page);
  await openDashboard(page, OTHER_HOST);
  // The service worker registers after the first results (worker-src 'self'); the next visit runs under it, isolated.
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-offline', 'ready', { timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId('eval-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null && crossOriginIsolated)).toBe(true);
  expect(await dropFiles(page, [KERAS, ...MNIST_FILES])).toBe('done');
  expect(await violations()).toEqual([]);
});

test('file names and model metadata are shown as text, never run as markup', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openDashboard(page);
  // A real model under a name that is an HTML injection.
  expect(await dropFiles(page, [fileBuffer(HOSTILE_NAME, readBytes(KERAS)), ...MNIST_FILES])).toBe('done');
  await expect(page.getByTestId('model-info')).toContainText(HOSTILE_NAME);
  await expect(page.getByTestId('accuracy')).toBeVisible();
  // A model whose producer, description, metadata, graph, input and output names are HTML.
  const hostile = join(CORPUS, 'hostile', 'html-metadata.onnx');
  expect(await dropFiles(page, [hostile, ...MNIST_FILES])).toBe('done');
  await expect(page.getByTestId('model-info')).toContainText('<img src=x onerror=alert(2)>');
  // The name again, in an error message.
  expect(await dropFiles(page, [fileBuffer(HOSTILE_NAME, 'not a model')])).toBe('error');
  await expect(page.getByTestId('error')).toContainText(`${HOSTILE_NAME}: This is a text file`);
  expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
  expect(await page.evaluate(() => document.body.innerHTML.includes('<img src="x"') || document.body.innerHTML.includes('<img src=x'))).toBe(false);
  expect(dialogs).toEqual([]);
});

test('?model=javascript:… and other schemes are refused before any fetch', async ({ page, context }) => {
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await openDashboard(page, `./?model=${encodeURIComponent('javascript:alert(1)')}&images=${encodeURIComponent('file:///etc/passwd')}&labels=${encodeURIComponent('data:,0')}`);
  const notices = page.getByTestId('notices');
  await expect(notices).toContainText('model: only http and https URLs are loaded, not javascript:');
  await expect(notices).toContainText('images: only http and https URLs are loaded, not file:');
  await expect(notices).toContainText('labels: only http and https URLs are loaded, not data:');
  // The built-in model and test set ran instead.
  expect(await accuracyOf(page)).toBeGreaterThan(0.9);
  const origin = new URL(SITE).origin;
  const first = requests[0]!; // the page itself, which carries the parameters
  expect(first.startsWith(SITE)).toBe(true);
  for (const url of requests.slice(1)) {
    expect(new URL(url).origin, url).toBe(origin);
    expect(url).not.toMatch(/alert|passwd|javascript|^data:/);
  }
  expect(dialogs).toEqual([]);
});

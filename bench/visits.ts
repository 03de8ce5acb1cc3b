/**
 * Open → results, first and repeat visits, against the bare page in the same run (issue 15's goals 1 and 2), on both
 * kinds of host: one that sends COOP/COEP, and a plain static host without them (like GitHub Pages), where only the
 * site's service worker can isolate the page.
 *
 *   dashboard  the site opened with the default model (`/app/`) or a model and test set by URL (the Keras CNN);
 *              first visit in a fresh browser context (empty caches, service workers allowed); then, once the
 *              service worker has saved the site for offline use, a new tab in the same context: the repeat visit.
 *   bare page  bench/page/raw.html: imports onnxruntime-web, fetches and gunzips the test set, creates a session and
 *              loops session.run, one step after another; first visit in a fresh context, repeat in a new tab of it
 *              (the browser's HTTP and code caches).
 *
 * Figures are open → results as each page reports it (performance.now() when results are on screen: the
 * dashboard's `data-testid="open-to-done"`, the raw page's openToFirstDoneMs).
 *
 *   tsx bench/visits.ts [--runs 5] [--port 4190]     (also run by `npm run bench`)
 */
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ORIGIN, PORT, RUNS } from './config';
import { benchModels, type BenchModel } from './models';
import { ensureBuilt, ensureServer, INSTRUMENT, launch, rawFigures, rawPageUrl, startServer, waitDone } from './pages';
import { log, median, ms, ratio, table } from './report';

const PLAIN_PORT = PORT + 1;
const PLAIN_ORIGIN = `http://127.0.0.1:${PLAIN_PORT}`;
const HOSTS = [
  { name: 'sends COOP/COEP', origin: ORIGIN },
  { name: 'plain static host', origin: PLAIN_ORIGIN },
] as const;

/** The two cases of the issue: the default view, and a model with its test set given by URL. */
const CASES = [
  { label: 'default (mnist-logreg)', model: 'mnist-logreg', url: (origin: string) => `${origin}/app/` },
  { label: 'Keras NHWC CNN by URL', model: 'mnist-keras-nhwc', url: null },
] as const;

export interface VisitFigures {
  readonly host: string;
  readonly label: string;
  readonly dashFirst: number[];
  readonly dashRepeat: number[];
  readonly bareFirst: number[];
  readonly bareRepeat: number[];
  readonly threadsFirst: string[];
  readonly threadsRepeat: string[];
}

const onHost = (url: string, origin: string): string => url.split(ORIGIN).join(origin).split(encodeURIComponent(ORIGIN)).join(encodeURIComponent(origin));

async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
  await context.addInitScript(INSTRUMENT);
  return context;
}

async function dashboardOpen(page: Page, url: string): Promise<{ ms: number; threads: string }> {
  await page.goto(url);
  await waitDone(page);
  const [done, text] = await Promise.all([page.getByTestId('open-to-done').getAttribute('data-ms'), page.getByTestId('eval-status').first().textContent()]);
  return { ms: Number(done), threads: /(\d+) threads?/.exec(text ?? '')?.[1] ?? '?' };
}

/** First visit, then (once the service worker has saved the site) a repeat visit in a new tab. */
async function dashboardVisits(browser: Browser, url: string): Promise<{ first: number; repeat: number; threadsFirst: string; threadsRepeat: string }> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    const first = await dashboardOpen(page, url);
    await page.waitForFunction(() => document.querySelector('[data-testid="offline-status"]')?.getAttribute('data-offline') === 'ready', null, { timeout: 120_000, polling: 100 });
    await page.close();
    const again = await context.newPage();
    const repeat = await dashboardOpen(again, url);
    return { first: first.ms, repeat: repeat.ms, threadsFirst: first.threads, threadsRepeat: repeat.threads };
  } finally {
    await context.close();
  }
}

async function bareVisits(browser: Browser, url: string): Promise<{ first: number; repeat: number }> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    const first = await rawFigures(page, url);
    await page.close();
    const repeat = await rawFigures(await context.newPage(), url);
    return { first: first.openToDoneMs, repeat: repeat.openToDoneMs };
  } finally {
    await context.close();
  }
}

/** Measures every host × case `runs` times, interleaved. */
export async function visitRuns(browser: Browser, runs = RUNS): Promise<VisitFigures[]> {
  await ensureServer();
  const plain = await startServer(PLAIN_PORT, false);
  try {
    const models = new Map<string, BenchModel>(benchModels().map((m) => [m.label, m]));
    const figures: VisitFigures[] = [];
    const cases = CASES.flatMap((c) => (models.has(c.model) ? [c] : []));
    for (const host of HOSTS) {
      for (const c of cases) figures.push({ host: host.name, label: c.label, dashFirst: [], dashRepeat: [], bareFirst: [], bareRepeat: [], threadsFirst: [], threadsRepeat: [] });
    }
    for (let r = 1; r <= runs; r++) {
      let i = 0;
      for (const host of HOSTS) {
        for (const c of cases) {
          const m = models.get(c.model)!;
          const into = figures[i++]!;
          const dash = await dashboardVisits(browser, c.url ? c.url(host.origin) : onHost(m.dashboardUrl, host.origin));
          const bare = await bareVisits(browser, rawPageUrl(m, onHost(m.modelUrl, host.origin), m.feed.fixedBatch, false, host.origin));
          into.dashFirst.push(dash.first);
          into.dashRepeat.push(dash.repeat);
          into.threadsFirst.push(dash.threadsFirst);
          into.threadsRepeat.push(dash.threadsRepeat);
          into.bareFirst.push(bare.first);
          into.bareRepeat.push(bare.repeat);
          log(`  visits run ${r}/${runs} ${host.name}, ${c.label}: dashboard ${ms(dash.first)} → ${ms(dash.repeat)} ms, bare page ${ms(bare.first)} → ${ms(bare.repeat)} ms`);
        }
      }
    }
    return figures;
  } finally {
    plain.kill();
  }
}

/** The table and the goals' verdicts for these figures. */
export function visitReport(figures: readonly VisitFigures[]): { table: string; targets: string[] } {
  const rows: string[][] = [['host', 'model', 'first: dashboard', 'bare page', 'ratio', 'repeat: dashboard', 'bare page', 'ratio', 'dashboard repeat / first', 'threads first / repeat']];
  const targets: string[] = [];
  const check = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  for (const f of figures) {
    const [df, dr, bf, br] = [median(f.dashFirst), median(f.dashRepeat), median(f.bareFirst), median(f.bareRepeat)];
    rows.push([f.host, f.label, ms(df), ms(bf), ratio(df, bf), ms(dr), ms(br), ratio(dr, br), ratio(dr, df), `${f.threadsFirst[0] ?? '?'} / ${f.threadsRepeat[0] ?? '?'}`]);
    targets.push(`${check(df / bf <= 0.9)}: ${f.host}, ${f.label}: open → results ${ratio(df, bf)} the bare page's (target ≤ 0.9×)`);
    targets.push(`${check(dr / df <= 0.3 && dr < 300)}: ${f.host}, ${f.label}: repeat visit ${ms(dr)} ms, ${ratio(dr, df)} the first (target ≤ 0.3× and < 300 ms)`);
  }
  return { table: table(rows), targets };
}

// Standalone: `tsx bench/visits.ts`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  void (async () => {
    ensureBuilt();
    const browser = await launch();
    try {
      const report = visitReport(await visitRuns(browser));
      log('\nOpen → results, first and repeat visits, against the bare page (medians, ms):\n');
      log(report.table);
      for (const t of report.targets) log(`  ${t}`);
    } finally {
      await browser.close();
      const { server } = await import('./pages');
      server?.kill();
    }
  })().catch((e: unknown) => {
    console.error(`bench/visits: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  });
}

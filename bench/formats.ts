/**
 * Issue 11's speed figures: the 10 000 MNIST test images dropped as a zip of PNGs, as a folder of PNGs (the
 * folder picker) and as Kaggle's CSV, drop → done on the default model, against the same images as raw IDX files.
 * Targets: the zip under 3 s, the CSV under 2 s (on 2 cores). The fixtures are made once into bench/.cache/formats/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { writeMnistCsv } from '../app/core/formats/csvWrite';
import { PROJECT_ROOT } from '../app/node/testSetFiles';
import { idxBytes, png, testSet } from '../e2e/formatFixtures';

const DIR = join(PROJECT_ROOT, 'bench', '.cache', 'formats');
const COUNT = 10_000;

interface Case {
  readonly name: string;
  readonly drop: (page: Page) => Promise<void>;
}

function makeFixtures(): void {
  if (existsSync(join(DIR, 'done'))) return;
  const { images, labels } = testSet(COUNT);
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'images-idx3-ubyte'), idxBytes(images, null));
  writeFileSync(join(DIR, 'labels-idx1-ubyte'), idxBytes(null, labels));
  writeFileSync(join(DIR, 'train.csv'), writeMnistCsv(images, labels, 'kaggle'));
  const tree: Record<string, Uint8Array> = {};
  for (let i = 0; i < COUNT; i++) {
    const path = `testing/${labels.labels[i]}/${i}.png`;
    tree[path] = png(images.pixels.subarray(i * 784, (i + 1) * 784));
    mkdirSync(join(DIR, 'folder', 'testing', String(labels.labels[i])), { recursive: true });
    writeFileSync(join(DIR, 'folder', path), tree[path]!);
  }
  writeFileSync(join(DIR, 'mnist_png.zip'), zipSync(tree));
  writeFileSync(join(DIR, 'done'), '');
}

/**
 * Two clocks: wall time from Playwright's drop to done, which includes Playwright handing the files to the page
 * (slow for 10 000 separate files), and the page's own time from the input's change event to done.
 */
async function dropToDone(page: Page, drop: (page: Page) => Promise<void>): Promise<{ wall: number; page: number }> {
  const status = page.getByTestId('eval-status').first();
  const before = Number(await status.getAttribute('data-run'));
  await page.evaluate((run) => {
    const w = window as unknown as { __formatsBench: { changeAt: number; doneAt: number } };
    w.__formatsBench = { changeAt: NaN, doneAt: NaN };
    document.addEventListener('change', () => (w.__formatsBench.changeAt = performance.now()), { capture: true, once: true });
    const el = document.querySelector<HTMLElement>('[data-testid="eval-status"]')!;
    new MutationObserver((_, observer) => {
      if (Number(el.dataset['run']) > run && (el.dataset['state'] === 'done' || el.dataset['state'] === 'error')) {
        w.__formatsBench.doneAt = performance.now();
        observer.disconnect();
      }
    }).observe(el, { attributes: true });
  }, before);
  const started = Date.now();
  await drop(page);
  await page.waitForFunction(() => Number.isFinite((window as unknown as { __formatsBench: { doneAt: number } }).__formatsBench.doneAt), undefined, { timeout: 180_000, polling: 20 });
  const wall = Date.now() - started;
  if ((await status.getAttribute('data-state')) !== 'done') throw new Error(`formats bench: ${await page.getByTestId('error').first().textContent()}`);
  const inPage = await page.evaluate(() => {
    const b = (window as unknown as { __formatsBench: { changeAt: number; doneAt: number } }).__formatsBench;
    return b.doneAt - b.changeAt;
  });
  return { wall, page: Math.round(inPage) };
}

export interface FormatsBench {
  /** Form, median input → done in the page (ms), median drop → done including Playwright's file transfer (ms). */
  readonly rows: readonly (readonly [string, number, number])[];
  readonly targets: readonly string[];
}

/** Medians over `runs` drops of each form, each in a fresh page of `browser` opened at `appUrl`. */
export async function formatsBench(browser: Browser, appUrl: string, runs: number): Promise<FormatsBench> {
  makeFixtures();
  const input = (testId: string, files: string | string[]) => (page: Page) => page.getByTestId(testId).setInputFiles(files);
  const cases: Case[] = [
    { name: 'IDX images + labels (raw)', drop: input('file-input', [join(DIR, 'images-idx3-ubyte'), join(DIR, 'labels-idx1-ubyte')]) },
    { name: 'zip of 10 000 PNGs', drop: input('file-input', join(DIR, 'mnist_png.zip')) },
    { name: 'folder of 10 000 PNGs', drop: input('folder-input', join(DIR, 'folder')) },
    { name: "CSV (Kaggle's layout)", drop: input('file-input', join(DIR, 'train.csv')) },
  ];
  const times = new Map<string, { wall: number; page: number }[]>(cases.map((c) => [c.name, []]));
  for (let r = 0; r < runs; r++) {
    for (const c of cases) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(appUrl);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="eval-status"]')?.dataset['state'] === 'done', undefined, { timeout: 180_000 });
      times.get(c.name)!.push(await dropToDone(page, c.drop));
      await context.close();
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rows = cases.map((c) => [c.name, median(times.get(c.name)!.map((t) => t.page)), median(times.get(c.name)!.map((t) => t.wall))] as const);
  const of = (name: string) => rows.find((r) => r[0].startsWith(name))![1];
  const idx = of('IDX');
  const check = (okay: boolean) => (okay ? 'met' : 'NOT met');
  return {
    rows,
    targets: [
      `${check(of('zip') <= 3000)}: formats: zip of 10 000 PNGs input → done ${of('zip')} ms (target < 3 s; ${(of('zip') / idx).toFixed(1)}× IDX)`,
      `${check(of('CSV') <= 2000)}: formats: CSV input → done ${of('CSV')} ms (target < 2 s; ${(of('CSV') / idx).toFixed(1)}× IDX)`,
    ],
  };
}

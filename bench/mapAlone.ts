/**
 * The map's figure in a browser (`npm run bench` runs it last), and alone: `npx tsx bench/mapAlone.ts [--runs 3]`.
 */
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ORIGIN, RUNS, TIMEOUT } from './config';
import { mapBench } from './map';
import { ensureBuilt, ensureServer, launch, newPage, server } from './pages';

/** mnist-cnn with the Map tab open, in fresh pages of `browser` (the site's server already running). */
export const mapBenchIn = (browser: Browser) =>
  mapBench({
    newPage: async () => {
      const { context, page } = await newPage(browser);
      return { page, close: () => context.close() };
    },
    url: `${ORIGIN}/app/?model=mnist-cnn&dataset=mnist&tab=map`,
    runs: RUNS,
    timeoutMs: 10 * TIMEOUT,
  });

async function main(): Promise<void> {
  ensureBuilt();
  await ensureServer();
  const browser = await launch();
  try {
    const map = await mapBenchIn(browser);
    for (const line of map.lines) console.log(line);
    for (const target of map.targets) console.log(`  ${target}`);
  } finally {
    await browser.close();
    server?.kill();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

/** The map's figure alone (`npx tsx bench/mapAlone.ts [--runs 3]`): what `npm run bench` measures last, without the rest. */
import { ORIGIN, RUNS, TIMEOUT } from './config';
import { mapBench } from './map';
import { ensureBuilt, ensureServer, launch, newPage, server } from './pages';

async function main(): Promise<void> {
  ensureBuilt();
  await ensureServer();
  const browser = await launch();
  try {
    const map = await mapBench({
      newPage: async () => {
        const { context, page } = await newPage(browser);
        return { page, close: () => context.close() };
      },
      url: `${ORIGIN}/app/?model=mnist-cnn&dataset=mnist&tab=map`,
      runs: RUNS,
      timeoutMs: 10 * TIMEOUT,
    });
    for (const line of map.lines) console.log(line);
    for (const target of map.targets) console.log(`  ${target}`);
  } finally {
    await browser.close();
    server?.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

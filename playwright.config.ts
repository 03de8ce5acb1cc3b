import { defineConfig } from '@playwright/test';
import { describeBrowser, ensureBrowser } from './e2e/browser';
import { BASE_PATH, CHROMIUM_ARGS, OTHER_HOST, OTHER_HOST_PORT, PORT, SITE } from './e2e/sites';

/**
 * The browser: CHROMIUM_PATH, Playwright's own, or Chrome/Chromium found on this machine (e2e/browser.ts says
 * how it picks). The run's first line names it; without one, the error says the command that installs one.
 * Playwright loads this file in each worker too: only the runner says it.
 */
function browserOrExit(): string {
  try {
    const browser = ensureBrowser();
    if (process.env['TEST_WORKER_INDEX'] === undefined) console.log(describeBrowser(browser));
    return browser.path;
  } catch (error) {
    // The message is the whole story (what is missing, the command that fixes it): no stack trace.
    console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
const chromium = browserOrExit();

export default defineConfig({
  testDir: 'e2e',
  // e2e/**/*.test.ts are Vitest unit tests of the e2e tooling (the browser picker, the fixture builders).
  testMatch: '**/*.spec.ts',
  // The soak test has its own configuration and command (playwright.soak.config.ts, `npm run soak`).
  testIgnore: 'soak/**',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: SITE,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: [
    {
      command: `npx tsx e2e/serve.ts --port ${PORT} --base ${BASE_PATH} --mount /fixtures/=e2e/.fixtures --mount /third-party/=../shared/models-third-party --mount /shared-data/=public/data --mount /fixtures-formats/=e2e/.fixtures-formats`,
      url: SITE,
      reuseExistingServer: !process.env['CI'],
      timeout: 30_000,
    },
    {
      // The same site from a host that sends .gz files with Content-Encoding: gzip and no isolation headers.
      command: `npx tsx e2e/serve.ts --port ${OTHER_HOST_PORT} --base / --gz-as-encoding --no-isolation`,
      url: OTHER_HOST,
      reuseExistingServer: !process.env['CI'],
      timeout: 30_000,
    },
  ],
});
